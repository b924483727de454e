/**
 * Privileged marks survive a restart of the lemf role (issue 10 minimisation; docs/console.md
 * "Minimisation across restarts"): a real `warranted serve lemf` process from a `warranted init`
 * deployment, its query store embedded in memory, fed an SMS over HI2 with mutual TLS; a supervisor
 * marks the SMS privileged; the process is killed with SIGKILL and started again (the query store is
 * rebuilt from the sealed evidence); the analyst's answers still withhold the SMS text, the
 * supervisor still sees it, and the marking is in the access log as `console.privileged`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initDeployment } from '../../src/cli/init/init.ts';
import { loadDeployment } from '../../src/platform/config/load.ts';
import type { Deployment } from '../../src/platform/config/types.ts';
import { waitFor } from '../helpers/wait.ts';
import { as, login, type LoggedIn } from './server-helpers.ts';
import { deliverHi2, f, killHard, smsAndCall, startLemfProcess, type RoleProcess } from './server-role-process.ts';
import { privilegedChecks, type Marked } from './server-privileged-checks.ts';

let dir: string;
let file: string;
let d: Deployment;
let p: RoleProcess | undefined;
let marked: Marked;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'console-restart-'));
  file = await initDeployment({ dir, subscribers: 10 });
  d = loadDeployment(file);
  p = await startLemfProcess(file, d);
});
after(async () => {
  if (p) await killHard(p);
  rmSync(dir, { recursive: true, force: true });
});

test('a supervisor marks an SMS privileged: the analyst gets its kind and time, not its text', { timeout: 180_000 }, async () => {
  await deliverHi2(d, smsAndCall());
  marked = await privilegedChecks.mark(p!.h, readFileSync(d.agencies[0]!.lemf.console!.adminPassword!, 'utf8').trim());
  await privilegedChecks.withheld(p!.h, marked);
});

test('kill -9 and start again: the mark is restored before the console serves; the analyst still gets no text', { timeout: 180_000 }, async () => {
  await killHard(p!);
  p = await startLemfProcess(file, d);
  // The query store was rebuilt from the evidence: the records are back, and so is the mark.
  await privilegedChecks.withheld(p.h, marked);
  const sup: LoggedIn = await login(p.h, 'sup1', marked.password);
  const log = await as(p.h, sup, '/api/access-log?from=0&limit=1000');
  const entries = (log.json as { entries: { event: { type: string; details: Record<string, unknown> } }[] }).entries;
  assert.ok(entries.some((e) => e.event.type === 'console.privileged' && e.event.details.id === marked.id && e.event.details.privileged === true), 'the marking is in the access log');
  await waitFor('the supervisor sees the text', async () => JSON.stringify((await as(p!.h, sup, `/api/warrants/${f.LIID}/sms`)).json).includes(f.SMS_TEXT));
});

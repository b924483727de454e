/**
 * The minimisation checks the restart tests share: a supervisor marks the fixtures' SMS privileged
 * over the console's API; the analyst's timeline, SMS thread and search then withhold its content.
 */
import assert from 'node:assert/strict';
import { waitFor } from '../helpers/wait.ts';
import { as, login, type Harness } from './server-helpers.ts';
import { f } from './server-role-process.ts';

export interface Marked {
  /** The SMS record's id. */
  id: number;
  /** Password of `sup1` (supervisor) and `ana1` (analyst), both assigned f.LIID. */
  password: string;
}

interface TimelineRow {
  id: number;
  kind: string;
  identities: string[];
  summary: Record<string, unknown>;
  privileged: boolean;
}

const PASSWORD = 'a long random password';

async function timeline(h: Harness, name: string): Promise<TimelineRow[]> {
  const a = await as(h, await login(h, name, PASSWORD), `/api/warrants/${f.LIID}/timeline`);
  assert.equal(a.status, 200, a.text);
  return (a.json as { records: TimelineRow[] }).records;
}

async function mark(h: Harness, adminPassword: string): Promise<Marked> {
  const admin = await login(h, 'admin', adminPassword);
  for (const [name, role] of [['sup1', 'supervisor'], ['ana1', 'analyst']] as const) {
    const a = await as(h, admin, '/api/users', { body: { name, role, password: PASSWORD, liids: [f.LIID] } });
    assert.equal(a.status, 201, a.text);
  }
  let rows: TimelineRow[] = [];
  await waitFor('both records in the query store', async () => (rows = await timeline(h, 'ana1')).length === 2, 60_000);
  const sms = rows.find((r) => r.kind === 'sms');
  assert.ok(sms && JSON.stringify(sms).includes(f.SMS_TEXT), 'before the mark the analyst sees the text');
  const sup = await login(h, 'sup1', PASSWORD);
  const m = await as(h, sup, `/api/warrants/${f.LIID}/records/${sms.id}/privileged`, { body: { privileged: true, reason: 'lawyer-client' } });
  assert.equal(m.status, 200, m.text);
  return { id: sms.id, password: PASSWORD };
}

/** The analyst's answers hold the SMS's kind and time, never its text or parties. */
async function withheld(h: Harness, m: Marked): Promise<void> {
  const rows = await timeline(h, 'ana1');
  assert.equal(rows.length, 2, 'both records are in the query store');
  const sms = rows.find((r) => r.id === m.id)!;
  assert.equal(sms.privileged, true);
  assert.deepEqual(sms.summary, { kind: 'sms', withheld: true });
  assert.deepEqual(sms.identities, []);
  const ana = await login(h, 'ana1', PASSWORD);
  for (const path of [`/api/warrants/${f.LIID}/timeline`, `/api/warrants/${f.LIID}/sms`, `/api/search?q=usual`]) {
    const a = await as(h, ana, path);
    assert.equal(a.status, 200, `${path}: ${a.text}`);
    assert.ok(!a.text.includes(f.SMS_TEXT) && !a.text.toLowerCase().includes('usual place'), `${path} shows the privileged text: ${a.text}`);
  }
}

export const privilegedChecks = { mark, withheld };

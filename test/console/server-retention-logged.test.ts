/**
 * Destruction is logged before it happens (issue 10, docs/console.md "Retention"): while the access
 * log cannot append, a LIID past its retention end is not destroyed — its sealed files and records
 * stay, its routes still answer 410, the alarms CONSOLE_ACCESS_LOG_UNAVAILABLE and
 * CONSOLE_RETENTION_FAILED are raised — and the next sweep, once the log appends again, logs the
 * `lemf.destruction` entry (with the SHA-256 of exactly the files that were on disk) and only then
 * destroys. Through the console as the lemf role composes it (prepareConsole → MonitoringStore → start).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareConsole, type PreparedConsole, type RunningConsole } from '../../src/console/server/start-console.ts';
import { unknownTerms, type WarrantSource } from '../../src/console/warrants/catalog.ts';
import { MonitoringStore } from '../../src/monitoring/store.ts';
import type { MonitoringRecord } from '../../src/monitoring/types.ts';
import { ensureDemoPki } from '../../src/platform/pki.ts';
import { TEST_EVIDENCE_KEY } from '../helpers/evidence-key.ts';
import { waitFor } from '../helpers/wait.ts';
import { as, errorCode, login, PASSWORD, type Harness } from './server-helpers.ts';

const DAY = 86_400_000;
const now = Date.now();
const LIID = 'LIID-GONE';
const source: WarrantSource = {
  terms: (liid) => Promise.resolve(liid === LIID ? { ...unknownTerms(liid), warrantId: 'w-gone', status: 'expired', window: { start: new Date(now - 4 * DAY).toISOString(), end: new Date(now - 3 * DAY).toISOString() }, retentionDays: 1 } : undefined),
};

let dir: string;
let lemfDir: string;
let prepared: PreparedConsole;
let lemf: MonitoringStore;
let running: RunningConsole;
let h: Harness;
const alarms: string[] = [];

/** The LIID's evidence files on disk with their SHA-256 (the directory name is the evidence layer's, found by content). */
function filesOnDisk(): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of readdirSync(lemfDir, { withFileTypes: true })) {
    if (!d.isDirectory() || d.name.startsWith('_') || !d.name.includes(LIID)) continue;
    for (const f of readdirSync(join(lemfDir, d.name))) out.set(f, createHash('sha256').update(readFileSync(join(lemfDir, d.name, f))).digest('hex'));
  }
  return out;
}

const destructions = async () => (await prepared.accessLog.entries(0, prepared.accessLog.size)).filter((e) => e.event.type === 'lemf.destruction');

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'console-retention-logged-'));
  const creds = (await ensureDemoPki(join(dir, 'pki'), ['lemf-ag'])).get('lemf-ag')!;
  const logKeyPem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  lemfDir = join(dir, 'lemf');
  prepared = await prepareConsole({ lemfId: 'lemf-ag', dir: lemfDir, listen: { host: '127.0.0.1', port: 0 }, creds, logKeyPem, evidenceKey: TEST_EVIDENCE_KEY, exportApproval: true, retentionIntervalMs: 200, onAlarm: (code) => alarms.push(code) });
  lemf = new MonitoringStore({ dataDir: lemfDir, evidenceKey: TEST_EVIDENCE_KEY, defaultAccessor: 'lemf-ag', onDestruction: prepared.onDestruction, onAccess: prepared.onAccess });
  const evidence = lemf.keepPdu(LIID, 'hi2.ber', Buffer.from(`pdu of ${LIID}`));
  const at = new Date(now - 4 * DAY).toISOString();
  lemf.add([{ id: 0, liid: LIID, channel: 'HI2', sequenceNumber: 0, element: 0, timeStamp: at, receivedAt: at, operator: 'op', peer: 'mdf', kind: 'other', identities: [], inSequence: false, evidence, summary: { kind: 'other', payload: 'test' } } satisfies MonitoringRecord], undefined);
  await lemf.sync();
  await prepared.accessLog.record({ type: 'console.test-setup', actor: 'test', details: {} });
});
after(async () => {
  await prepared.close();
  lemf.close();
  rmSync(dir, { recursive: true, force: true });
});

test('while the access log cannot append, nothing is destroyed: files and records stay, alarms raised', async () => {
  const before = filesOnDisk();
  const keysBefore = readdirSync(join(lemfDir, '_keys'));
  assert.ok(before.size > 0 && keysBefore.length > 0, 'the LIID has sealed files and a data key on disk');
  prepared.accessLog.failAppends = true;
  running = await prepared.start(lemf, { source });
  h = { server: running.server, caPem: readFileSync(join(dir, 'pki', 'ca.pem'), 'utf8') } as unknown as Harness;
  // Two failed sweeps (at start, then the periodic one): the retry is the sweep's own.
  await waitFor('two failed sweeps', () => alarms.filter((a) => a === 'CONSOLE_RETENTION_FAILED').length >= 2);
  assert.ok(alarms.includes('CONSOLE_ACCESS_LOG_UNAVAILABLE'), alarms.join(','));
  assert.ok(lemf.retentionOf(LIID)!.getTime() < now, 'the retention end is set and has passed');
  assert.deepEqual(filesOnDisk(), before, 'not one file destroyed or changed');
  assert.deepEqual(readdirSync(join(lemfDir, '_keys')), keysBefore, 'the data key is not shredded');
  assert.deepEqual(await destructions(), []);
});

test('the next sweep logs the destruction with the digests of what is on disk, then destroys; access stays refused (410)', async () => {
  const before = filesOnDisk();
  prepared.accessLog.failAppends = false;
  await waitFor('the destruction logged and done', async () => (await destructions()).length > 0 && filesOnDisk().size === 0);
  const [entry, ...more] = await destructions();
  assert.equal(more.length, 0, 'one entry for one destruction');
  assert.equal(entry!.event.subject, LIID);
  const logged = new Map((entry!.event.details.files as { name: string; sha256: string }[]).map((f) => [f.name, f.sha256]));
  assert.deepEqual(logged, before, 'the entry names exactly the files that were destroyed, with their SHA-256');
  assert.ok(entry!.event.details.dataKey, 'the entry names the data key');
  assert.deepEqual(readdirSync(join(lemfDir, '_keys')).filter((f) => !f.startsWith('.')), [], 'the data key is shredded');
  await running.users.add('ana', 'analyst', PASSWORD, [LIID]);
  const a = await as(h, await login(h, 'ana'), `/api/warrants/${LIID}/timeline`);
  assert.equal(a.status, 410);
  assert.equal(errorCode(a), 'CONSOLE_RETENTION_ENDED');
});

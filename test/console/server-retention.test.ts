/**
 * Retention from the warrants' terms, through the console as the lemf role composes it
 * (prepareConsole → MonitoringStore → start): a LIID whose warrant ended longer ago than its
 * retention days is destroyed at start — its console routes answer 410 and the access log holds a
 * `lemf.destruction` entry with the SHA-256 of what was destroyed; a LIID still in retention keeps
 * its material with its retention end set; a LIID no warrant names keeps no retention entry.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareConsole, type PreparedConsole, type RunningConsole } from '../../src/console/server/start-console.ts';
import { unknownTerms, type WarrantSource, type WarrantTerms } from '../../src/console/warrants/catalog.ts';
import { MonitoringStore } from '../../src/monitoring/store.ts';
import type { MonitoringRecord } from '../../src/monitoring/types.ts';
import { ensureDemoPki } from '../../src/platform/pki.ts';
import { TEST_EVIDENCE_KEY } from '../helpers/evidence-key.ts';
import { waitFor } from '../helpers/wait.ts';
import { as, errorCode, login, PASSWORD, type Harness } from './server-helpers.ts';

const DAY = 86_400_000;
const now = Date.now();
const terms = (liid: string, endMs: number, retentionDays: number): WarrantTerms => ({ ...unknownTerms(liid), warrantId: `w-${liid}`, status: 'expired', window: { start: new Date(endMs - DAY).toISOString(), end: new Date(endMs).toISOString() }, retentionDays });
/** The desk's answers as a fixed table (the HI-1 path itself is tested in server-warrant-desk.test.ts). */
const source: WarrantSource = {
  terms: (liid) => Promise.resolve(({ 'LIID-OLD': terms('LIID-OLD', now - 3 * DAY, 1), 'LIID-NEW': terms('LIID-NEW', now + DAY, 30) } as Record<string, WarrantTerms>)[liid]),
};

let dir: string;
let prepared: PreparedConsole;
let lemf: MonitoringStore;
let running: RunningConsole;
let h: Harness;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'console-retention-'));
  const creds = (await ensureDemoPki(join(dir, 'pki'), ['lemf-ag'])).get('lemf-ag')!;
  const logKeyPem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const lemfDir = join(dir, 'lemf');
  prepared = await prepareConsole({ lemfId: 'lemf-ag', dir: lemfDir, listen: { host: '127.0.0.1', port: 0 }, creds, logKeyPem, evidenceKey: TEST_EVIDENCE_KEY, exportApproval: true, onAlarm: () => undefined });
  lemf = new MonitoringStore({ dataDir: lemfDir, evidenceKey: TEST_EVIDENCE_KEY, defaultAccessor: 'lemf-ag', onDestruction: prepared.onDestruction, onAccess: prepared.onAccess });
  // One stored PDU and its record per LIID, as the monitoring centre's ingest stores them.
  for (const liid of ['LIID-OLD', 'LIID-NEW', 'LIID-X']) {
    const evidence = lemf.keepPdu(liid, 'hi2.ber', Buffer.from(`pdu of ${liid}`));
    const at = new Date(now - 4 * DAY).toISOString();
    lemf.add([{ id: 0, liid, channel: 'HI2', sequenceNumber: 0, element: 0, timeStamp: at, receivedAt: at, operator: 'op', peer: 'mdf', kind: 'other', identities: [], inSequence: false, evidence, summary: { kind: 'other', payload: 'test' } } satisfies MonitoringRecord], undefined);
  }
  await lemf.sync();
  running = await prepared.start(lemf, { source });
  h = { server: running.server, caPem: creds.caPem } as unknown as Harness;
  await running.users.add('ana', 'analyst', PASSWORD, ['LIID-OLD', 'LIID-NEW', 'LIID-X']);
});
after(async () => {
  await prepared.close();
  lemf.close();
  rmSync(dir, { recursive: true, force: true });
});

test('material past its warrant’s retention is destroyed and answers 410; the destruction is in the access log', async () => {
  await waitFor('the destruction logged', async () => (await prepared.accessLog.entries(0, prepared.accessLog.size)).some((e) => e.event.type === 'lemf.destruction'));
  const ana = await login(h, 'ana');
  const old = await as(h, ana, '/api/warrants/LIID-OLD');
  assert.equal(old.status, 410);
  assert.equal(errorCode(old), 'CONSOLE_RETENTION_ENDED');
  assert.equal((await as(h, ana, '/api/warrants/LIID-NEW')).status, 200);
  assert.equal((await as(h, ana, '/api/warrants/LIID-X')).status, 200);
  const d = (await prepared.accessLog.entries(0, prepared.accessLog.size)).find((e) => e.event.type === 'lemf.destruction')!.event;
  assert.equal(d.subject, 'LIID-OLD');
  assert.equal(d.details.retentionEnd, new Date(now - 2 * DAY).toISOString());
  const files = d.details.files as { name: string; sha256: string }[];
  assert.ok(files.length > 0 && files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256)), JSON.stringify(files));
  assert.ok(!lemf.liids().includes('LIID-OLD') || lemf.records('LIID-OLD').length === 0);
});

test('retention ends are set from the warrants only', () => {
  assert.equal(lemf.retentionOf('LIID-NEW')?.toISOString(), new Date(now + 31 * DAY).toISOString());
  assert.equal(lemf.retentionOf('LIID-X'), undefined, 'no warrant, no retention entry: nothing destroyed on a guess');
});

/**
 * The query store on PostgreSQL by configuration (`agencies[].lemf.console.store: { postgres: <url> }`,
 * docs/console-data.md), through a real `warranted serve lemf` process and a real PostgreSQL 15:
 * records fed over HI2 land in PostgreSQL; a supervisor's privileged mark is there too. While the
 * role is down (kill -9) the database is changed behind its back — the mark deleted, a row deleted,
 * a row the evidence never held and a LIID the LEMF does not hold added. At start the LEMF resumes the
 * database and brings it to what the evidence and the access log say: the rows are exactly the
 * evidence's, the mark is back, and the analyst still gets no privileged text.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parseDocument } from 'yaml';
import { initDeployment } from '../../src/cli/init/init.ts';
import { loadDeployment } from '../../src/platform/config/load.ts';
import type { Deployment } from '../../src/platform/config/types.ts';
import { postgresSkipReason, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { deliverHi2, f, killHard, smsAndCall, startLemfProcess, type RoleProcess } from './server-role-process.ts';
import { privilegedChecks, type Marked } from './server-privileged-checks.ts';

const skip = postgresSkipReason ? { skip: postgresSkipReason } : {};
let dir: string;
let file: string;
let d: Deployment;
let cluster: PostgresCluster | undefined;
let p: RoleProcess | undefined;
let marked: Marked;

async function sql<R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: cluster!.connectionString });
  await c.connect();
  try {
    return (await c.query<R>(text, params)).rows;
  } finally {
    await c.end();
  }
}

const rows = async () => (await sql<{ liid: string; id: number }>('SELECT liid, id FROM console_records ORDER BY liid, id')).map((r) => `${r.liid}/${r.id}`);
const marks = async () => (await sql<{ liid: string; id: number }>('SELECT liid, id FROM console_privileged ORDER BY liid, id')).map((r) => `${r.liid}/${r.id}`);

before(async () => {
  if (postgresSkipReason) return;
  cluster = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'console-pg-role-'));
  file = await initDeployment({ dir, subscribers: 10 });
  // The one key this test is about, set as an operator would in warranted.yaml.
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.setIn(['agencies', 0, 'lemf', 'console', 'store'], doc.createNode({ postgres: cluster.connectionString }));
  writeFileSync(file, doc.toString());
  d = loadDeployment(file);
  assert.deepEqual(d.agencies[0]!.lemf.console!.store, { kind: 'postgres', url: cluster.connectionString });
  p = await startLemfProcess(file, d);
});
after(async () => {
  if (p) await killHard(p);
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('records delivered over HI2 and a privileged mark are rows in the configured PostgreSQL', { timeout: 180_000, ...skip }, async () => {
  await deliverHi2(d, smsAndCall());
  marked = await privilegedChecks.mark(p!.h, readFileSync(d.agencies[0]!.lemf.console!.adminPassword!, 'utf8').trim());
  await privilegedChecks.withheld(p!.h, marked);
  assert.equal((await rows()).length, 2);
  assert.deepEqual(await marks(), [`${f.LIID}/${marked.id}`]);
});

test('kill -9, the database changed behind the LEMF: at start it holds the evidence’s rows and the access log’s marks again', { timeout: 180_000, ...skip }, async () => {
  await killHard(p!);
  const before = await rows();
  const other = before.map((r) => Number(r.split('/')[1])).find((id) => id !== marked.id)!;
  await sql('DELETE FROM console_privileged');
  await sql('DELETE FROM console_records WHERE liid = $1 AND id = $2', [f.LIID, other]);
  // A row of an id the evidence never held, and a LIID the LEMF does not hold, copied from the SMS row.
  await sql('INSERT INTO console_records SELECT liid, 999, kind, channel, at_us, time_stamp, direction, iri_type, cin, identities, declared_targets, summary, evidence, duplicate, search FROM console_records WHERE liid = $1 AND id = $2', [f.LIID, marked.id]);
  await sql("INSERT INTO console_records SELECT 'LIID-GHOST', id, kind, channel, at_us, time_stamp, direction, iri_type, cin, identities, declared_targets, summary, evidence, duplicate, search FROM console_records WHERE liid = $1 AND id = $2", [f.LIID, marked.id]);
  assert.notDeepEqual(await rows(), before);
  p = await startLemfProcess(file, d);
  assert.deepEqual(await rows(), before, 'exactly the evidence’s rows');
  assert.deepEqual(await marks(), [`${f.LIID}/${marked.id}`], 'the mark, from the access log');
  await privilegedChecks.withheld(p.h, marked);
});

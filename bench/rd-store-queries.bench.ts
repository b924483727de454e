/**
 * The operator's retained-data store at national scale: one year of records for RD_BENCH_SUBSCRIBERS
 * subscribers (default 1,000,000: 10 calls, 10 SMS, 8 data sessions and 5 location records each,
 * 33 million rows) generated with SQL generate_series into a real PostgreSQL 15 (started like
 * test/helpers/postgres.ts; PGlite when the binaries are absent — the output says which), then the
 * latency percentiles of
 *   - traffic data (calls + SMS + data sessions) by MSISDN for one month, and
 *   - IP address + time + port → subscriber through the CGNAT port blocks,
 * through the store's API (validation, the same indexed SQL, row mapping) against the same SQL
 * statements sent directly on one connection, interleaved in the same run.
 * Size: RD_BENCH_SUBSCRIBERS (rows scale with it), RD_BENCH_QUERIES per kind (default 400).
 * Rows are in pseudo-random time order, so one subscriber's rows are spread over the table as when
 * inserted as traffic happens. IMEIs here are 15 digits without a valid Luhn check digit (unused).
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { machine } from './helpers.ts';
import { postgresSkipReason, startPostgres, type PostgresCluster } from '../test/helpers/postgres.ts';
import { RetainedDataStore } from '../src/retained-data/store.ts';

const N = Number(process.env.RD_BENCH_SUBSCRIBERS ?? 1_000_000);
const QUERIES = Number(process.env.RD_BENCH_QUERIES ?? 400);
const PER = { calls: 10, sms: 10, sessions: 8, locations: 5 };
const YEAR_S = 365 * 86_400;
const BASE = Date.UTC(2025, 0, 1);
const BLOCK = 2048;
const BLOCKS = 31; // (65536 - 1024) / 2048, RFC 7422 deterministic blocks
const msisdn = (i: number) => `4477${String(i).padStart(8, '0')}`;
const started = Date.now();
const secs = () => ((Date.now() - started) / 1000).toFixed(0);

let cluster: PostgresCluster | undefined;
let store: RetainedDataStore;
let direct: { query: (sql: string, params: unknown[]) => Promise<unknown>; close: () => Promise<void> };
let exec: (sql: string) => Promise<void>;
if (!postgresSkipReason) {
  cluster = await startPostgres();
  store = await RetainedDataStore.open('bench', { kind: 'postgres', url: cluster.connectionString });
  const client = new pg.Client({ connectionString: cluster.connectionString });
  await client.connect();
  direct = { query: (sql, params) => client.query(sql, params), close: () => client.end() };
  exec = async (sql) => {
    await client.query(sql);
  };
  await client.query('SET maintenance_work_mem = 1048576'); // kB: 1 GiB for the index builds
  console.log(`database: PostgreSQL 15 (${cluster.connectionString.replace(/@.*:/, '@127.0.0.1:')})`);
} else {
  const { PGlite } = await import('@electric-sql/pglite');
  const dir = `/tmp/rd-bench-${process.pid}`;
  store = await RetainedDataStore.open('bench', { kind: 'embedded', dir });
  await store.close();
  const db = new PGlite(dir);
  direct = { query: (sql, params) => db.query(sql, params), close: () => db.close() };
  exec = async (sql) => {
    await db.exec(sql);
  };
  store = await RetainedDataStore.open('bench', { kind: 'embedded', dir }).catch(() => { throw new Error(`PGlite allows one opener: ${postgresSkipReason}`); });
  console.log(`database: PGlite (${postgresSkipReason})`);
}

// Bulk load without the secondary indexes, then build them (the migration's own statements).
const migration = readFileSync(new URL('../src/retained-data/migrations/001_retained_data.sql', import.meta.url), 'utf8');
for (const m of migration.matchAll(/CREATE INDEX IF NOT EXISTS (\w+)/g)) await exec(`DROP INDEX IF EXISTS ${m[1]}`);
const sub = (g: string) => `(${g} % ${N})`;
const t = (g: string, salt: number) => `to_timestamp(${BASE / 1000} + ((${g}::bigint * ${2654435761 + salt}) % ${YEAR_S}))`;
const ids = (i: string) => `'4477' || lpad(${i}::text, 8, '0'), '23415' || lpad(${i}::text, 10, '0'), '35332509' || lpad(${i}::text, 7, '0')`;
const cell = (g: string) => `'234-15-' || to_hex(4096 + ${g} % 3000), 51.5 + (${g} % 1000) / 10000.0, -0.12 + (${g} % 997) / 10000.0`;
const load: [string, string][] = [
  ['subscribers', `INSERT INTO rd_subscribers (msisdn, imsi, given_name, family_name, street, city, postcode, country, contract_start)
    SELECT '4477' || lpad(i::text, 8, '0'), '23415' || lpad(i::text, 10, '0'), 'Given' || i % 97, 'Family' || i % 89, (i % 200 + 1) || ' High Street', 'London', 'E1 1AB', 'GB', to_timestamp(${BASE / 1000} - 86400 * (30 + i % 1800))
    FROM generate_series(0::bigint, ${N - 1}) i`],
  ['equipment', `INSERT INTO rd_equipment (imei, imsi, msisdn, from_at)
    SELECT '35332509' || lpad(i::text, 7, '0'), '23415' || lpad(i::text, 10, '0'), '4477' || lpad(i::text, 8, '0'), to_timestamp(${BASE / 1000} - 86400 * (30 + i % 1800)) FROM generate_series(0::bigint, ${N - 1}) i`],
  ['calls', `INSERT INTO rd_calls (call_id, msisdn, imsi, imei, direction, other_party, media, start_at, answer_at, end_at, sip_status, cell_id, latitude, longitude)
    SELECT 'c' || g, ${ids(sub('g'))}, CASE WHEN g % 2 = 0 THEN 'originating' ELSE 'terminating' END, '4477' || lpad(((g * 7919) % ${N})::text, 8, '0'), 'voice',
      ${t('g', 0)}, ${t('g', 0)} + interval '5 seconds', ${t('g', 0)} + (g % 600 + 10) * interval '1 second', 200, ${cell('g')}
    FROM generate_series(0::bigint, ${N * PER.calls - 1}) g`],
  ['sms', `INSERT INTO rd_sms (msisdn, imsi, imei, direction, other_party, at, cell_id, latitude, longitude)
    SELECT ${ids(sub('g'))}, CASE WHEN g % 2 = 0 THEN 'MO' ELSE 'MT' END, '4477' || lpad(((g * 7919) % ${N})::text, 8, '0'), ${t('g', 1)}, ${cell('g')}
    FROM generate_series(0::bigint, ${N * PER.sms - 1}) g`],
  // Session g of subscriber i: one hour-bounded interval, the subscriber's fixed CGNAT block (RFC 7422) on 198.18.0.0/15 (RFC 2544 benchmarking space).
  ['dataSessions', `INSERT INTO rd_data_sessions (msisdn, imsi, imei, pdu_session_id, dnn, ue_ip, public_ip, port_start, port_end, start_at, end_at, cell_id, latitude, longitude)
    SELECT ${ids(sub('g'))}, 1 + g % 15, 'internet',
      '100.' || (64 + ${sub('g')} / 65536) || '.' || (${sub('g')} / 256 % 256) || '.' || (${sub('g')} % 256),
      '198.' || (18 + ${sub('g')} / ${BLOCKS} / 65536) || '.' || (${sub('g')} / ${BLOCKS} / 256 % 256) || '.' || (${sub('g')} / ${BLOCKS} % 256),
      1024 + (${sub('g')} % ${BLOCKS}) * ${BLOCK}, 1024 + (${sub('g')} % ${BLOCKS}) * ${BLOCK} + ${BLOCK - 1},
      ${t('g', 2)}, ${t('g', 2)} + (60 + g % 3540) * interval '1 second', ${cell('g')}
    FROM generate_series(0::bigint, ${N * PER.sessions - 1}) g`],
  ['locations', `INSERT INTO rd_locations (msisdn, imsi, imei, at, event, cell_id, tac, latitude, longitude)
    SELECT ${ids(sub('g'))}, ${t('g', 3)}, 'location-update', '234-15-' || to_hex(4096 + g % 3000), 1 + g % 40, 51.5 + (g % 1000) / 10000.0, -0.12 + (g % 997) / 10000.0 FROM generate_series(0::bigint, ${N * PER.locations - 1}) g`],
];
for (const [name, sql] of load) {
  const before = Date.now();
  await exec(sql);
  console.log(`  loaded ${name} in ${((Date.now() - before) / 1000).toFixed(0)} s`);
}
await exec("UPDATE rd_meta SET value = 3600000 WHERE key = 'longest_session_ms'");
const indexStart = Date.now();
await exec(migration);
await exec('ANALYZE');
console.log(`  indexes (the migration's) built in ${((Date.now() - indexStart) / 1000).toFixed(0)} s`);
const rows = N * (2 + PER.calls + PER.sms + PER.sessions + PER.locations);
console.log(`machine: ${machine()}`);
console.log(`rows: ${rows.toLocaleString('en')} for ${N.toLocaleString('en')} subscribers over one year, generated and indexed in ${secs()} s`);

// Query plans: the same statements as src/retained-data/queries.ts.
const month = (q: number) => {
  const start = new Date(Date.UTC(2025, q % 12, 1));
  return { start, end: new Date(Date.UTC(2025, (q % 12) + 1, 1) - 1) };
};
const pick = (q: number) => (q * 104729 + 17) % N;
const TRAFFIC = ['SELECT * FROM rd_calls WHERE msisdn = $1 AND start_at >= $2 AND start_at <= $3 ORDER BY start_at, id',
  'SELECT * FROM rd_sms WHERE msisdn = $1 AND at >= $2 AND at <= $3 ORDER BY at, id',
  'SELECT * FROM rd_data_sessions WHERE msisdn = $1 AND start_at >= $2 AND start_at <= $3 ORDER BY start_at, id'];
/** Session s of subscriber i is row g = s * N + i (generate_series order): its interval and binding. */
function session(q: number) {
  const i = pick(q);
  const g = BigInt((q % PER.sessions) * N + i);
  const startS = BASE / 1000 + Number((g * BigInt(2654435761 + 2)) % BigInt(YEAR_S));
  const at = new Date((startS + 30) * 1000);
  const a = Math.floor(i / BLOCKS);
  const address = `198.${18 + Math.floor(a / 65536)}.${Math.floor(a / 256) % 256}.${a % 256}`;
  return { i, at, address, port: 1024 + (i % BLOCKS) * BLOCK + (q % BLOCK) };
}

const lat = { traffic: { store: [] as number[], sql: [] as number[] }, ip: { store: [] as number[], sql: [] as number[] } };
const time = async (into: number[], f: () => Promise<unknown>) => {
  const t0 = process.hrtime.bigint();
  await f();
  into.push(Number(process.hrtime.bigint() - t0) / 1e6);
};
let found = 0;
let trafficRows = 0;
for (let q = -20; q < QUERIES; q++) {
  const k = q < 0 ? q + 1000 : q; // the first 20 warm caches and are not counted
  const id = { kind: 'msisdn' as const, value: msisdn(pick(k)) };
  const p = month(k);
  const s = session(k);
  const sink = { traffic: { store: [] as number[], sql: [] as number[] }, ip: { store: [] as number[], sql: [] as number[] } };
  const into = q < 0 ? sink : lat;
  await time(into.traffic.store, async () => {
    const a = await store.trafficData(id, p);
    if (q >= 0) trafficRows += a.calls.length + a.sms.length + a.dataSessions.length;
  });
  await time(into.traffic.sql, async () => { for (const sql of TRAFFIC) await direct.query(sql, [id.value, p.start, p.end]); });
  await time(into.ip.store, async () => {
    const a = await store.ipSubscriber({ kind: 'ip', address: s.address, at: s.at, port: s.port });
    if (a?.subscribers[0]?.msisdn === msisdn(s.i)) found += q >= 0 ? 1 : 0;
    else throw new Error(`IP query ${q} did not find subscriber ${s.i}`);
  });
  await time(into.ip.sql, async () => {
    const earliest = new Date(s.at.getTime() - 3_600_000);
    await direct.query("SELECT value FROM rd_meta WHERE key = 'longest_session_ms'", []);
    await direct.query('SELECT * FROM rd_data_sessions WHERE ue_ip = $1 AND start_at <= $2 AND start_at >= $3 AND end_at >= $2 ORDER BY start_at, id', [s.address, s.at, earliest]);
    await direct.query('SELECT * FROM rd_data_sessions WHERE public_ip = $1 AND start_at <= $2 AND start_at >= $3 AND end_at >= $2 AND port_start <= $4 AND port_end >= $4 ORDER BY start_at, id', [s.address, s.at, earliest, s.port]);
    await direct.query('SELECT * FROM rd_subscribers s WHERE s.imsi = $1 AND s.msisdn = $2 AND s.contract_start <= $3 AND (s.contract_end IS NULL OR s.contract_end >= $3)', ['23415' + String(s.i).padStart(10, '0'), msisdn(s.i), s.at]);
  });
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const line = (label: string, xs: number[]) => `  ${label.padEnd(44)} p50 ${pct(xs, 50).toFixed(2).padStart(7)} ms  p95 ${pct(xs, 95).toFixed(2).padStart(7)} ms  p99 ${pct(xs, 99).toFixed(2).padStart(7)} ms`;
console.log(`queries: ${QUERIES} of each kind, interleaved (after 20 warm-up rounds); ${(trafficRows / QUERIES).toFixed(2)} records per traffic answer; ${found} of ${QUERIES} IP look-ups found their one subscriber`);
console.log(line('traffic data, MSISDN, one month: store API', lat.traffic.store));
console.log(line('traffic data: the same 3 SQL statements', lat.traffic.sql));
console.log(line('IP + time + port → subscriber: store API', lat.ip.store));
console.log(line('IP + time + port: the same 4 SQL statements', lat.ip.sql));
console.log(`ratio: traffic ${(pct(lat.traffic.sql, 50) / pct(lat.traffic.store, 50)).toFixed(2)} ip ${(pct(lat.ip.sql, 50) / pct(lat.ip.store, 50)).toFixed(2)} (direct SQL p50 / store API p50; 1.00 = no overhead)`);
console.log(`total run time: ${secs()} s`);
await direct.close();
await store.close();
await cluster?.stop();

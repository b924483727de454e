/**
 * Shared by the console benches: an embedded query store holding one warrant of N generated records
 * (default 1,000,000; CONSOLE_BENCH_RECORDS overrides), inserted by one INSERT … SELECT over
 * generate_series (the store's ingest path is measured by the latency bench, not here).
 */
import { performance } from 'node:perf_hooks';
import { openEmbeddedConsoleStore, type SqlConsoleStore } from '../src/console/store/index.ts';

export const BENCH_LIID = 'LIID-BENCH-1';
export const T0_US = BigInt(Date.parse('2026-11-25T08:00:00.000Z')) * 1000n;

export async function benchStore(): Promise<{ store: SqlConsoleStore; records: number; loadSeconds: number }> {
  const records = Number(process.env.CONSOLE_BENCH_RECORDS ?? 1_000_000);
  const store = await openEmbeddedConsoleStore();
  const t = performance.now();
  // GIN indexes are built once after the load (far faster than maintained row by row), as a bulk load would.
  await store.rawQuery('DROP INDEX console_records_search');
  await store.rawQuery('DROP INDEX console_records_identities');
  // Kinds and texts vary like a real warrant's: a third SMS (text searchable), a third locations, a third RTP.
  await store.rawQuery(
    `INSERT INTO console_records (liid, id, kind, channel, at_us, time_stamp, direction, iri_type, cin, identities, declared_targets, summary, evidence, duplicate, search)
     SELECT $1, g, (ARRAY['sms','location','call-content'])[g % 3 + 1], CASE WHEN g % 3 = 2 THEN 'HI3' ELSE 'HI2' END,
            $2::bigint + g::bigint * 37000, to_char(to_timestamp(($2::bigint + g::bigint * 37000) / 1e6) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'fromTarget', 'REPORT', g % 1000, ARRAY['e164Number:4477009' || lpad((g % 5000)::text, 5, '0')], ARRAY[]::text[],
            jsonb_build_object('kind', 'sms', 'event', 'sMSMessage', 'text', 'message number ' || g || ' about topic ' || (g % 977)),
            jsonb_build_object('file', 'hi2.ber', 'offset', g * 100, 'length', 100), false,
            'e164number:4477009' || lpad((g % 5000)::text, 5, '0') || ' message number ' || g || ' about topic ' || (g % 977)
       FROM generate_series(0, $3::integer - 1) AS g`,
    [BENCH_LIID, T0_US.toString(), records],
  );
  await store.rawQuery('CREATE INDEX console_records_identities ON console_records USING gin (identities)');
  await store.rawQuery('CREATE INDEX console_records_search ON console_records USING gin (search gin_trgm_ops)');
  await store.rawQuery('ANALYZE console_records');
  return { store, records, loadSeconds: (performance.now() - t) / 1000 };
}

/** Runs `op` for `seconds` (after a short warm-up); returns operations per second. */
export async function rate(op: (i: number) => Promise<unknown>, seconds: number): Promise<number> {
  for (let i = 0; i < 5; i++) await op(i);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) await op(n++);
  return n / ((performance.now() - start) / 1000);
}

/**
 * Search rate on a warrant of 1,000,000 records (embedded store): a literal substring search through
 * the store (LIKE with escaped input over the pg_trgm index, privileged join, 100 hits) against the
 * plain SQL of the same rows (the same LIKE, ids only), in the same run. Terms are rare (tens of hits).
 */
import { machine } from './helpers.ts';
import { BENCH_LIID, benchStore, rate } from './console-rows.ts';

const SECONDS = Number(process.env.CONSOLE_BENCH_SECONDS ?? 5);
const { store, records, loadSeconds } = await benchStore();
console.log(`machine: ${machine()}`);
console.log(`records: ${records} (generated and inserted in ${loadSeconds.toFixed(1)} s)`);
const term = (i: number) => `number ${(i * 7919) % records} about`;
const ours = await rate(async (i) => {
  const hits = await store.search([BENCH_LIID], term(i), 100);
  if (hits.length === 0) throw new Error(`no hit for ${term(i)}`);
}, SECONDS);
const plain = await rate(async (i) => {
  await store.rawQuery("SELECT id FROM console_records WHERE liid = $1 AND search LIKE $2 LIMIT 100", [BENCH_LIID, `%${term(i)}%`]);
}, SECONDS);
console.log(`store search (literal substring):      ${ours.toFixed(1)} queries/s`);
console.log(`plain SQL LIKE of the same rows:       ${plain.toFixed(1)} queries/s`);
console.log(`ratio: ${(ours / plain).toFixed(2)}`);
await store.close();

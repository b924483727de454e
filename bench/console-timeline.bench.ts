/**
 * Timeline page rate on a warrant of 1,000,000 records (embedded store): a 100-row page through the
 * store (full rows, privileged join, keyset cursor, total) against the plain indexed SQL of the same
 * rows (the same keyset on (liid, at_us, id), ids and times only), in the same run. Pages start at
 * positions spread over the whole warrant.
 */
import { machine } from './helpers.ts';
import { BENCH_LIID, benchStore, rate, T0_US } from './console-rows.ts';

const SECONDS = Number(process.env.CONSOLE_BENCH_SECONDS ?? 5);
const { store, records, loadSeconds } = await benchStore();
console.log(`machine: ${machine()}`);
console.log(`records: ${records} (generated and inserted in ${loadSeconds.toFixed(1)} s)`);
const position = (i: number) => ({ atUs: T0_US + BigInt(((i * 7919) % records) * 37000), id: (i * 7919) % records });
const ours = await rate(async (i) => {
  const page = await store.timeline(BENCH_LIID, { limit: 100, after: position(i) });
  if (page.records.length === 0 && position(i).id < records - 1) throw new Error('empty page');
}, SECONDS);
const plain = await rate(async (i) => {
  const p = position(i);
  await store.rawQuery('SELECT id, at_us FROM console_records WHERE liid = $1 AND (at_us, id) > ($2::bigint, $3::integer) ORDER BY at_us, id LIMIT 100', [BENCH_LIID, p.atUs.toString(), p.id]);
}, SECONDS);
const filtered = await rate(async (i) => {
  await store.timeline(BENCH_LIID, { limit: 100, kinds: ['sms'], after: position(i) });
}, SECONDS);
console.log(`store timeline page (100 rows):        ${ours.toFixed(1)} pages/s`);
console.log(`store timeline page, kind=sms:         ${filtered.toFixed(1)} pages/s`);
console.log(`plain indexed SQL page (100 rows):     ${plain.toFixed(1)} pages/s`);
console.log(`ratio: ${(ours / plain).toFixed(2)}`);
await store.close();

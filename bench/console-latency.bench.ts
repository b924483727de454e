/**
 * Ingest-to-visible latency: one SMS IRI PS-PDU sent over mutual-TLS HI2 to a real LEMF whose
 * `onRecords` feeds the embedded query store. Measured per PDU: until the LEMF holds the record
 * (its own index: the baseline), until a store subscriber is notified, and until a timeline query
 * returns the row. `ratio:` is subscriber-notified latency over LEMF-stored latency, same run.
 */
import { performance } from 'node:perf_hooks';
import { setImmediate as turn } from 'node:timers/promises';
import { openEmbeddedConsoleStore } from '../src/console/store/index.ts';
import { machine } from './helpers.ts';
import { f, startLemf } from '../test/console/store-fixture.ts';

const ROUNDS = Number(process.env.CONSOLE_BENCH_ROUNDS ?? 30);
const store = await openEmbeddedConsoleStore();
let notified: (() => void) | undefined;
store.subscribe(() => notified?.());
const fx = await startLemf((records) => store.ingest(records));
const stored: number[] = [];
const seen: number[] = [];
const visible: number[] = [];
try {
  for (let i = 0; i < ROUNDS; i++) {
    const before = fx.lemf.stats().records;
    const hearing = new Promise<void>((resolve) => (notified = resolve));
    const t = performance.now();
    void fx.deliver('HI2', [f.iri33128(f.SMS_CIN, i, f.T0 + i * 1000, f.smsEvent)]);
    while (fx.lemf.stats().records === before) await turn();
    stored.push(performance.now() - t);
    await hearing;
    seen.push(performance.now() - t);
    const page = await store.timeline(f.LIID, { limit: 1, kinds: ['sms'], fromUs: BigInt(f.T0 + i * 1000) * 1000n });
    if (page.records.length !== 1) throw new Error('row not visible after notification');
    visible.push(performance.now() - t);
  }
} finally {
  await fx.close();
  await store.close();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`machine: ${machine()}`);
console.log(`PDUs: ${ROUNDS} (one at a time, each on a new mutual-TLS connection)`);
console.log(`PS-PDU sent -> LEMF stored (baseline):   median ${median(stored).toFixed(1)} ms`);
console.log(`PS-PDU sent -> console subscriber:       median ${median(seen).toFixed(1)} ms`);
console.log(`PS-PDU sent -> row returned by a query:  median ${median(visible).toFixed(1)} ms`);
console.log(`ratio: ${(median(seen) / median(stored)).toFixed(2)}`);

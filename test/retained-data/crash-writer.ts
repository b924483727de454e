/**
 * Child process of crash.test.ts: writes marked batches into an embedded store on disk forever
 * (until killed), printing "committed <k>" after batch k's transaction committed. Batch k of round r holds
 * ROWS SMS records (other party "R<r>K<k>") and ROWS location records, all of one subscriber.
 */
import { RetainedDataStore } from '../../src/retained-data/store.ts';

export const ROWS = 2000;
export const WHO = { msisdn: '447700900123', imsi: '234150000000123', imei: '353325090001235' };
const cell = { cellId: '234-15-0001', latitude: 51.5, longitude: -0.12 };

if (process.argv[2]) {
  const store = await RetainedDataStore.open('opK', { kind: 'embedded', dir: process.argv[2] });
  const base = Date.UTC(2026, 0, 1);
  for (let k = 0; ; k++) {
    const sms = Array.from({ length: ROWS }, (_, i) => ({ ...WHO, ...cell, direction: 'MO' as const, otherParty: `R${process.argv[3] ?? '0'}K${k}`, atMs: base + k * 60_000 + i }));
    const locations = Array.from({ length: ROWS }, (_, i) => ({ ...WHO, ...cell, atMs: base + k * 60_000 + i, event: 'location-update' as const, tac: 1 }));
    await store.write({ sms, locations });
    process.stdout.write(`committed ${k}\n`);
  }
}

/**
 * Scenario: the MDF's ingest and conversion path alone, in one process, no sockets: X2/X3 octets in
 * 64 KiB chunks → X2X3Framer → X2/X3 sequence tracking → the guard (checkRecordAt) → RecordConverter
 * (PS-PDU template encode). What the MDF does per PDU before delivery.enqueue (docs/performance.md
 * "Line rate"). Baseline in the same run: framing alone (X2X3Framer.push), so `ratio` = framing µs /
 * whole ingest µs. BENCH_PDUS (200000), BENCH_ROUNDS (5), BENCH_KIND (x3-rtp | x2-sip), BENCH_XIDS (1: tasks,
 * each its own LIID, the frames round-robin over them, as in mediation-relay-liids).
 */
import { RecordConverter } from '../src/mediation/convert.ts';
import { EVERY_SERVICE, MediationTask, MediationTaskTable } from '../src/mediation/task-table.ts';
import { X2X3SequenceTracker } from '../src/mediation/x2x3-sequence.ts';
import { firstAttribute, PduType, timestampToMillis, X2X3Framer } from '../src/standards/x2x3/index.ts';
import { frames, TARGET, type FrameKind } from './relay/frames.ts';
import { machine } from './helpers.ts';

const N = Number(process.env.BENCH_PDUS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const KIND = (process.env.BENCH_KIND ?? 'x3-rtp') as FrameKind;
const XIDS = Array.from({ length: Number(process.env.BENCH_XIDS ?? 1) }, (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);
const CHUNK = 65_536;

function chunks(): Buffer[] {
  const all = Buffer.concat(frames(KIND, XIDS, N, 0));
  const out: Buffer[] = [];
  for (let o = 0; o < all.length; o += CHUNK) out.push(Buffer.from(all.subarray(o, o + CHUNK)));
  return out;
}

function ingestRound(input: Buffer[]): number {
  const tasks = new MediationTaskTable();
  for (const [i, xid] of XIDS.entries()) tasks.put(new MediationTask({ xid, liid: `LIID-${i + 1}`, hiDelivery: 'HI2andHI3', startMs: 0, endMs: Date.now() + 3600_000, authorizationCountryCode: 'XX', serviceMask: EVERY_SERVICE, targets: `e164Number:${TARGET}` }));
  const counters = new Map<string, number>();
  const converter = new RecordConverter({ operatorOf: (p) => p.split('-')[0] ?? p, deliveryCountryCode: 'XX', nextSequence: (k) => counters.get(k) });
  const seq = new X2X3SequenceTracker();
  const framer = new X2X3Framer();
  let out = 0;
  const t0 = process.cpuUsage();
  for (const c of input) {
    // As mdf.ts: one receive time per chunk, times as numbers.
    const receivedMs = new Date().getTime();
    for (const pdu of framer.push(c)) {
      seq.observe(pdu, 'op-poi');
      const ts = firstAttribute(pdu, 'timestamp');
      const v = tasks.checkRecordAt(pdu, 'op-poi', receivedMs, ts ? timestampToMillis(ts.value) : undefined);
      if (!v.ok) throw new Error(v.refusal.code);
      const rec = converter.convert(pdu, v.task, 'op-poi', receivedMs);
      counters.set(rec.sequenceKey, rec.sequenceNumber + 1);
      out += rec.bytes.length + (pdu.pduType === PduType.X3 ? 0 : 1);
    }
  }
  const u = process.cpuUsage(t0);
  if (out === 0) throw new Error('nothing converted');
  return (u.user + u.system) / N;
}

function framingRound(input: Buffer[]): number {
  const framer = new X2X3Framer();
  let n = 0;
  const t0 = process.cpuUsage();
  for (const c of input) n += framer.push(c).length;
  const u = process.cpuUsage(t0);
  if (n !== N) throw new Error(`framed ${n}`);
  return (u.user + u.system) / N;
}

const input = chunks();
console.log(`bench: mdf-ingest (${KIND}, ${XIDS.length} LIID(s))\nmachine: ${machine()}; ${N} PDUs per round, ${ROUNDS} rounds (best shown)`);
let best = Infinity;
let bestFraming = Infinity;
for (let r = 0; r < ROUNDS; r++) {
  bestFraming = Math.min(bestFraming, framingRound(input));
  best = Math.min(best, ingestRound(input));
}
console.log(`  framing alone            ${bestFraming.toFixed(2)} µs CPU per PDU`);
console.log(`  ingest + guard + convert ${best.toFixed(2)} µs CPU per PDU`);
console.log(`ratio: ${(bestFraming / best).toFixed(2)}`);

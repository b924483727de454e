/**
 * Scenario: HI3 PS-PDU codec throughput (TS 102 232-1/-3) — an IPCC PDU carrying a 200-octet IP
 * packet under a full task header (LIID, country codes, NID, NEID, CIN, sequence number, timestamp).
 * Encoded with the generic tree encoder (encodePsPdu) and with the per-task template
 * (PsPduTemplate.encodeIPCC), decoded with decodePsPdu. Baseline, measured in the same run: a plain
 * Buffer.copy of the same octets into a preallocated buffer. Prints rates and ratios; asserts nothing.
 *
 *   node --import tsx bench/ps-pdu-codec.bench.ts        (BENCH_SECONDS=2 for longer runs)
 */
import { cpus } from 'node:os';
import { decodePsPdu, encodePsPdu, PsPduTemplate, type PsPdu } from '../src/standards/hi2hi3/index.ts';
import { ipPacket200, taskHeader } from '../src/standards/hi2hi3/test-fixtures.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? '1');
let sink = 0;

interface Rate {
  opsPerSec: number;
  bytesPerSec: number;
}

/** Runs `op` in batches until `seconds` have passed (after a short warm-up); op returns octets handled. */
function measure(op: () => number): Rate {
  const deadline = (s: number): bigint => process.hrtime.bigint() + BigInt(Math.round(s * 1e9));
  for (const end = deadline(0.2); process.hrtime.bigint() < end; ) for (let i = 0; i < 1000; i++) sink += op();
  let ops = 0;
  let bytes = 0;
  const start = process.hrtime.bigint();
  const end = deadline(seconds);
  let now = start;
  while (now < end) {
    for (let i = 0; i < 1000; i++) bytes += op();
    ops += 1000;
    now = process.hrtime.bigint();
  }
  const elapsed = Number(now - start) / 1e9;
  sink += bytes;
  return { opsPerSec: ops / elapsed, bytesPerSec: bytes / elapsed };
}

const fmt = (r: Rate): string => `${(r.opsPerSec / 1e6).toFixed(3).padStart(8)} M PDU/s ${(r.bytesPerSec / 1e6).toFixed(1).padStart(9)} MB/s`;

const cpu = cpus();
console.log(`machine: ${cpu[0]?.model ?? 'unknown cpu'}, ${cpu.length} cores, node ${process.version}, ${seconds}s per measurement`);

let seq = 0;
let now = Date.UTC(2024, 0, 1, 12, 0, 0, 0);
const pduAt = (s: number, t: number): PsPdu => ({
  pSHeader: { ...taskHeader, sequenceNumber: s, timeStamp: new Date(t) },
  payload: {
    kind: 'cCPayloadSequence',
    value: [{ payloadDirection: 0, cCContents: { kind: 'iPCC', value: { iPCCContents: { kind: 'iPPackets', value: ipPacket200 } } } }],
  },
});
const template = new PsPduTemplate(taskHeader);
const bytes = encodePsPdu(pduAt(1, now));
const src = Buffer.from(bytes);
const dst = Buffer.allocUnsafe(bytes.length);

// Each encode gets a new sequence number and a timestamp advancing 1 ms, as a mediation stream would.
const baseline = measure(() => src.copy(dst, 0, 0, src.length));
const generic = measure(() => encodePsPdu(pduAt((seq = (seq + 1) >>> 0), ++now)).length);
const fast = measure(() => template.encodeIPCC((seq = (seq + 1) >>> 0), ++now, ipPacket200, { payloadDirection: 0 }).length);
const decode = measure(() => decodePsPdu(bytes).pSHeader.sequenceNumber + bytes.length - (seq & 0));

console.log(`\nIPCC PS-PDU: ${bytes.length} octets per PDU (IP packet 200)`);
console.log(`  baseline Buffer.copy         ${fmt(baseline)}`);
const row = (label: string, r: Rate): void =>
  console.log(`  ${label.padEnd(28)} ${fmt(r)}   ratio vs copy ${(r.opsPerSec / baseline.opsPerSec).toFixed(4)}`);
row('encodePsPdu (generic tree)', generic);
row('PsPduTemplate.encodeIPCC', fast);
row('decodePsPdu', decode);
console.log(`  template / generic encode    ${(fast.opsPerSec / generic.opsPerSec).toFixed(2)}x`);
if (sink === -1) console.log('unreachable');

/**
 * Scenario: HI3 PS-PDU codec throughput (TS 102 232-1/-3) — an IPCC PDU carrying a 200-octet IP
 * packet under a full task header (LIID, country codes, NID, NEID, CIN, sequence number, timestamp).
 * Encoded with the generic tree encoder (encodePsPdu) and with the per-task template
 * (PsPduTemplate.encodeIPCC), decoded with decodePsPdu. Baseline, measured in the same run: a plain
 * Buffer.copy of the same octets into a preallocated buffer. Prints rates and ratios; asserts nothing.
 *
 *   node --import tsx bench/ps-pdu-codec.bench.ts        (BENCH_SECONDS=2 for longer runs)
 */
import { decodePsPdu, encodePsPdu, PsPduTemplate, type PsPdu } from '../src/standards/hi2hi3/index.ts';
import { ipPacket200, taskHeader } from '../src/standards/hi2hi3/test-fixtures.ts';
import { formatRate as fmt, machine, measure as measureFor, measuredChecksum, rateRow, type Rate } from './helpers.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? '1');
const measure = (op: () => number): Rate => measureFor(op, seconds);

console.log(`machine: ${machine()}, ${seconds}s per measurement`);

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
const row = (label: string, r: Rate): void => console.log(rateRow(label, 28, r, baseline, 4));
row('encodePsPdu (generic tree)', generic);
row('PsPduTemplate.encodeIPCC', fast);
row('decodePsPdu', decode);
console.log(`  template / generic encode    ${(fast.opsPerSec / generic.opsPerSec).toFixed(2)}x`);
if (measuredChecksum() === -1) console.log('unreachable');

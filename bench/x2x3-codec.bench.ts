/**
 * Scenario: X2/X3 codec throughput (TS 103 221-2) — encode and decode of a typical X3 PDU (RTP in
 * IPv4/UDP, 200-octet payload, sequence number + timestamp) and a typical X2 PDU (SIP INVITE with
 * NFID, addresses, ports, target identifier), plus the stream framer on 1460-octet TCP reads.
 * Baseline, measured in the same run: a plain Buffer.copy of the same octets into a preallocated
 * buffer. Prints rates and the ratio codec/baseline; asserts nothing.
 *
 *   node --import tsx bench/x2x3-codec.bench.ts        (BENCH_SECONDS=2 for longer runs)
 */
import { decodeX2X3Pdu, encodeX2X3Pdu, encodeX2X3PduInto, X2X3Framer, type X2X3Pdu } from '../src/standards/x2x3/index.ts';
import { x2SipPdu, x3RtpPdu } from '../src/standards/x2x3/x2x3.fixtures.ts';
import { formatRate as fmt, machine, measure as measureFor, measuredChecksum, rateRow, type Rate } from './helpers.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? '1');
const measure = (op: () => number): Rate => measureFor(op, seconds);

function scenario(name: string, pdu: X2X3Pdu): void {
  const bytes = encodeX2X3Pdu(pdu);
  const src = Buffer.from(bytes);
  const dst = Buffer.allocUnsafe(bytes.length);
  const out = new Uint8Array(bytes.length);
  const baseline = measure(() => src.copy(dst, 0, 0, src.length));
  const encode = measure(() => encodeX2X3Pdu(pdu).length);
  const encodeInto = measure(() => encodeX2X3PduInto(pdu, out, 0));
  const decode = measure(() => decodeX2X3Pdu(bytes).raw.length);
  console.log(`\n${name}: ${bytes.length} octets per PDU (payload ${pdu.payload.length})`);
  console.log(`  baseline Buffer.copy      ${fmt(baseline)}`);
  const row = (label: string, r: Rate): void => console.log(rateRow(label, 25, r, baseline, 3));
  row('encodeX2X3Pdu', encode);
  row('encodeX2X3PduInto', encodeInto);
  row('decodeX2X3Pdu', decode);
}

function framerScenario(): void {
  // 1000 X3 PDUs back to back, cut into 1460-octet reads as a TCP socket would deliver them.
  const one = encodeX2X3Pdu(x3RtpPdu(1));
  const stream = Buffer.concat(Array.from({ length: 1000 }, (_, i) => encodeX2X3Pdu(x3RtpPdu(i))));
  const chunks: Buffer[] = [];
  for (let o = 0; o < stream.length; o += 1460) chunks.push(stream.subarray(o, o + 1460));
  const dst = Buffer.allocUnsafe(stream.length);
  const baseline = measure(() => {
    let o = 0;
    for (const c of chunks) o += c.copy(dst, o);
    return o;
  });
  const framed = measure(() => {
    const f = new X2X3Framer();
    let n = 0;
    for (const c of chunks) n += f.push(c).length;
    return n === 1000 ? stream.length : 0;
  });
  const perPdu = (r: Rate): Rate => ({ opsPerSec: r.opsPerSec * 1000, bytesPerSec: r.bytesPerSec });
  console.log(`\nX3 stream through X2X3Framer: 1000 PDUs of ${one.length} octets in 1460-octet reads`);
  console.log(`  baseline Buffer.copy      ${fmt(perPdu(baseline))}`);
  console.log(rateRow('X2X3Framer.push', 25, perPdu(framed), perPdu(baseline), 3));
}

console.log('bench: x2x3-codec (ETSI TS 103 221-2 encode/decode)');
console.log(`machine: ${machine()}, ${seconds}s per measurement`);
scenario('X3 PDU: IPv4/UDP/RTP (Payload Format 5), sequence number + timestamp', x3RtpPdu(7));
scenario('X2 PDU: SIP INVITE (Payload Format 9), 9 attributes', x2SipPdu(7));
framerScenario();
console.log(`\n(checksum ${measuredChecksum() % 997})`);

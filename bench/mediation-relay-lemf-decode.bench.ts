/**
 * Scenario: the LEMF's PS-PDU decoding in the mediation-relay benches — the MDF's PS-PDUs (one task,
 * per-PDU sequence number and timestamp) decoded whole by decodePsPdu (the offset-reading fast path,
 * fast-decode.ts) against the generic element decoder (decodePsPduGeneric) in the same run, for IPMMCC
 * RTP (mediation-relay.bench.ts), IPCC, a TS 33.128 IRI and the SIP IRI (mediation-relay-sip.bench.ts).
 * Also the PSHeader alone: prefix cache (codec-header.ts decodePsHeader) against
 * decodePsHeaderUncached. `ratio:` is the whole-PDU speed-up for IPMMCC RTP. Asserts nothing.
 *
 *   node --import tsx bench/mediation-relay-lemf-decode.bench.ts      (BENCH_SECONDS=2 for longer)
 */
import { children, decodeBer } from '../src/standards/ber/index.ts';
import { decodePsHeader, decodePsHeaderUncached } from '../src/standards/hi2hi3/codec-header.ts';
import { decodePsPdu, FrameType, LI_PS_DOMAIN_ID, MMCCprotocol, PsPduTemplate, type IPAddress } from '../src/standards/hi2hi3/index.ts';
import { decodePsPduGeneric } from '../src/standards/hi2hi3/pdu.ts';
import { fake33128Iri } from '../src/standards/hi2hi3/test-fixtures.ts';
import { ipv4UdpPacket, rtpPacket } from '../src/standards/x2x3/x2x3.fixtures.ts';
import { machine, measure } from './helpers.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? '1');
console.log(`machine: ${machine()}, ${seconds}s per measurement`);
const t = new PsPduTemplate({
  liPsDomainId: LI_PS_DOMAIN_ID,
  lawfulInterceptionIdentifier: 'BENCH-0000',
  authorizationCountryCode: 'XX',
  communicationIdentifier: { networkIdentifier: { operatorIdentifier: 'benchop', networkElementIdentifier: 'benchop-5gc' }, communicationIdentityNumber: 258, deliveryCountryCode: 'XX' },
});
const N = 4096;
const v4 = (a: string): IPAddress => ({ iPType: 0, iPValue: { kind: 'iPTextAddress', value: a } });
const sip = new TextEncoder().encode(`INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1\r\nCall-ID: bench\r\n\r\n`);
const t0 = Date.now();
const shapes = {
  // As mediation/convert.ts writes X3 RTP (the shape of mediation-relay.bench.ts).
  'IPMMCC RTP': Array.from({ length: N }, (_, i) =>
    t.encodeIPMMCC(i, t0 + i, rtpPacket(i), { payloadDirection: 0, frameType: FrameType.rtpFrame, mMCCprotocol: MMCCprotocol.rTP }),
  ),
  'IPCC IPv4/UDP/RTP': Array.from({ length: N }, (_, i) => t.encodeIPCC(i, t0 + i, ipv4UdpPacket(rtpPacket(i)), { payloadDirection: 0 })),
  'TS 33.128 IRI': Array.from({ length: N }, (_, i) => t.encode33128IRI(i, t0 + i, 4, fake33128Iri, t0 + i)),
  // As mediation/convert.ts writes X2 SIP (mediation-relay-sip.bench.ts): iPMMIRI with a SIPMessage.
  'SIP iPMMIRI': Array.from({ length: N }, (_, i) =>
    t.encode(i, t0 + i, {
      kind: 'iRIPayloadSequence',
      value: [{ iRIType: 1, timeStamp: new Date(t0 + i), iRIContents: { kind: 'iPMMIRI', value: { iPMMIRIContents: { kind: 'sIPMessage', value: { iPSourceAddress: v4('192.0.2.1'), iPDestinationAddress: v4('198.51.100.7'), sIPContent: sip } } } } }],
    }),
  ),
};
const us = (r: { opsPerSec: number }) => `${(1e6 / r.opsPerSec).toFixed(2)} µs`;
let i = 0;
const ratios: number[] = [];
for (const [name, pdus] of Object.entries(shapes)) {
  const generic = measure(() => decodePsPduGeneric(pdus[i++ & (N - 1)]!).pSHeader.sequenceNumber & 1, seconds);
  const fast = measure(() => decodePsPdu(pdus[i++ & (N - 1)]!).pSHeader.sequenceNumber & 1, seconds);
  ratios.push(fast.opsPerSec / generic.opsPerSec);
  console.log(`  ${name.padEnd(18)} (${pdus[0]!.length} octets)  generic ${us(generic)}, fast path ${us(fast)} per PDU, ×${(fast.opsPerSec / generic.opsPerSec).toFixed(2)}`);
}
const pdus = shapes['IPCC IPv4/UDP/RTP'];
const headers = pdus.map((p) => children(decodeBer(p))[0]!);
const hGeneric = measure(() => decodePsHeaderUncached(headers[i++ & (N - 1)]!).sequenceNumber & 1, seconds);
const hCached = measure(() => decodePsHeader(headers[i++ & (N - 1)]!).sequenceNumber & 1, seconds);
console.log(`  PSHeader alone: generic ${us(hGeneric)}, prefix cache ${us(hCached)} per PDU, ×${(hCached.opsPerSec / hGeneric.opsPerSec).toFixed(2)}`);
// The whole-PDU speed-up of the first shape (the one mediation-relay.bench.ts sends).
console.log(`ratio: ${ratios[0]!.toFixed(2)}`);

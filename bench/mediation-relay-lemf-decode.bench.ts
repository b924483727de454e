/**
 * Scenario: the LEMF's PSHeader decoding in the mediation-relay benches — the headers of the MDF's
 * X3 IPCC PS-PDUs (one task, per-PDU sequence number and timestamp), decoded with the prefix cache
 * (codec-header.ts decodePsHeader: fields [0]–[3] reused when their octets repeat) against the generic
 * path (decodePsHeaderUncached) in the same run. Also prints whole-PDU decodePsPdu. Asserts nothing.
 *
 *   node --import tsx bench/mediation-relay-lemf-decode.bench.ts      (BENCH_SECONDS=2 for longer)
 */
import { children, decodeBer } from '../src/standards/ber/index.ts';
import { decodePsHeader, decodePsHeaderUncached } from '../src/standards/hi2hi3/codec-header.ts';
import { decodePsPdu, LI_PS_DOMAIN_ID, PsPduTemplate } from '../src/standards/hi2hi3/index.ts';
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
const t0 = Date.now();
const pdus = Array.from({ length: N }, (_, i) => t.encodeIPCC(i, t0 + i, ipv4UdpPacket(rtpPacket(i)), { payloadDirection: 0 }));
const headers = pdus.map((p) => children(decodeBer(p))[0]!);
let i = 0;
const generic = measure(() => decodePsHeaderUncached(headers[i++ & (N - 1)]!).sequenceNumber & 1, seconds);
const cached = measure(() => decodePsHeader(headers[i++ & (N - 1)]!).sequenceNumber & 1, seconds);
const whole = measure(() => decodePsPdu(pdus[i++ & (N - 1)]!).pSHeader.sequenceNumber & 1, seconds);
const us = (r: { opsPerSec: number }) => `${(1e6 / r.opsPerSec).toFixed(2)} µs`;
console.log(`  PSHeader, generic decode        ${us(generic)} per PDU`);
console.log(`  PSHeader, prefix cache          ${us(cached)} per PDU`);
console.log(`  whole PS-PDU (decodePsPdu)      ${us(whole)} per PDU (${pdus[0]!.length} octets)`);
console.log(`ratio: ${(cached.opsPerSec / generic.opsPerSec).toFixed(2)}`);

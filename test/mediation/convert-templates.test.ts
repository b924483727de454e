/**
 * RecordConverter's caches (the last record's PSHeader template, operatorOf per POI): records of
 * interleaved tasks, calls (CIN) and POIs convert to exactly the PS-PDUs a fresh converter makes,
 * each under its own task's LIID and CID (TS 102 232-1 §5.2.2-5.2.4).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordConverter } from '../../src/mediation/convert.ts';
import { EVERY_SERVICE, MediationTask } from '../../src/mediation/mediation-task.ts';
import { decodePsPdu, encodePsPdu, IPType, IRIType, LI_PS_DOMAIN_ID, type IPAddress } from '../../src/standards/hi2hi3/index.ts';
import { decodeX2X3Pdu, encodeX2X3Pdu, firstAttribute, PayloadDirection, PayloadFormat, PduType, timestampToMillis, X2X3_VERSION, type X2X3Attribute } from '../../src/standards/x2x3/index.ts';
import { prng } from '../helpers/random.ts';
import { ipv4UdpPacket, rtpPacket } from '../../src/standards/x2x3/x2x3.fixtures.ts';

const task = (xid: string, liid: string, authorizationCountryCode = 'XX') =>
  new MediationTask({ xid, liid, hiDelivery: 'HI2andHI3', startMs: 0, endMs: Date.now() + 3600_000, authorizationCountryCode, serviceMask: EVERY_SERVICE, targets: 'e164Number:447700900123' });

const x3 = (xid: string, cin: bigint, seq: number) =>
  decodeX2X3Pdu(
    encodeX2X3Pdu({
      version: X2X3_VERSION,
      pduType: PduType.X3,
      xid,
      correlationId: cin,
      payloadFormat: PayloadFormat.Ipv4Packet,
      payloadDirection: PayloadDirection.ToTarget,
      attributes: [{ kind: 'timestamp', value: { seconds: 1_700_000_000 + seq, nanoseconds: 5_000_000 } }],
      payload: ipv4UdpPacket(rtpPacket(seq)),
    }),
  );

test('cached templates and operators give the PS-PDUs of a fresh converter, per task, CIN and POI', () => {
  const opts = { operatorOf: (p: string) => p.split('-')[0] ?? p, deliveryCountryCode: 'XX', nextSequence: () => 3 };
  const tasks = [task('00000000-0000-4000-8000-000000000001', 'LIID-A'), task('00000000-0000-4000-8000-000000000002', 'LIID-B')];
  // A task ended and activated again is a new object with the same XID under another LIID.
  const again = task('00000000-0000-4000-8000-000000000001', 'LIID-C');
  const pois = ['opa-5gc', 'opb-ims'];
  const cached = new RecordConverter(opts);
  const seen = new Set<string>();
  for (let i = 0; i < 400; i++) {
    const t = i % 7 === 0 ? again : tasks[(i >> 1) % 2]!;
    const poi = pois[(i >> 2) % 2]!;
    const cin = BigInt(i % 3);
    const pdu = x3(t.xid, cin, i);
    const rec = cached.convert(pdu, t, poi, 0);
    const fresh = new RecordConverter(opts).convert(pdu, t, poi, 0);
    assert.deepEqual(rec, fresh, `record ${i}`);
    const h = decodePsPdu(rec.bytes).pSHeader;
    assert.equal(h.lawfulInterceptionIdentifier, t.liid);
    assert.equal(h.communicationIdentifier.communicationIdentityNumber, Number(cin));
    assert.equal(h.communicationIdentifier.networkIdentifier.operatorIdentifier, poi.split('-')[0]);
    seen.add(`${t.liid}/${poi}/${cin}`);
  }
  assert.equal(seen.size, 18); // 3 LIIDs × 2 POIs × 3 CINs, interleaved
  cached.forget('LIID-C');
  assert.equal(decodePsPdu(cached.convert(x3(again.xid, 0n, 1), again, pois[0]!, 0).bytes).pSHeader.lawfulInterceptionIdentifier, 'LIID-C');
});

test('a task of the same LIID under another authorization country gets a PSHeader with its own country, not the cached one (TS 102 232-1 §5.2.3)', () => {
  const cached = new RecordConverter({ operatorOf: (p: string) => p.split('-')[0] ?? p, deliveryCountryCode: 'XX', nextSequence: () => 0 });
  const first = task('00000000-0000-4000-8000-000000000001', 'LIID-A', 'GB');
  const other = task('00000000-0000-4000-8000-000000000002', 'LIID-A', 'PK');
  for (const [t, country] of [[first, 'GB'], [other, 'PK'], [first, 'GB']] as const)
    assert.equal(decodePsPdu(cached.convert(x3(t.xid, 0n, 1), t, 'opa-5gc', 0).bytes).pSHeader.authorizationCountryCode, country);
});

test('X2 SIP records: the template fast path gives the PS-PDU encodePsPdu writes for the iPMMIRI sIPMessage (TS 102 232-5 §5.2)', () => {
  const rand = prng(0xc0de);
  const counters = new Map<string, number>();
  const conv = new RecordConverter({ operatorOf: (p) => p.split('-')[0] ?? p, deliveryCountryCode: 'XX', nextSequence: (k) => counters.get(k) });
  const t = task('00000000-0000-4000-8000-000000000003', 'LIID-SIP');
  const starts = ['INVITE sip:b@example.net SIP/2.0', 'BYE sip:b@example.net SIP/2.0', 'CANCEL sip:b@example.net SIP/2.0', 'SIP/2.0 200 OK', 'MESSAGE sip:b@example.net SIP/2.0', 'INVITEX', 'BY'];
  const v4 = ['192.0.2.1', '198.51.100.7'];
  for (let i = 0; i < 600; i++) {
    const attrs: X2X3Attribute[] = [{ kind: 'timestamp', value: { seconds: 1_700_000_000 + (i >> 4), nanoseconds: Math.floor(rand() * 1e9) } }];
    const r = rand();
    if (r < 0.6) attrs.push({ kind: 'sourceIpv4Address', value: v4[i & 1]! }, { kind: 'destinationIpv4Address', value: v4[(i >> 3) & 1]! });
    else if (r < 0.8) attrs.push({ kind: 'sourceIpv6Address', value: '2001:db8::1' }, { kind: 'destinationIpv6Address', value: '2001:db8::2' });
    const sip = new TextEncoder().encode(`${starts[Math.floor(rand() * starts.length)]!}\r\nCall-ID: ${i}\r\n\r\n`);
    const pdu = decodeX2X3Pdu(encodeX2X3Pdu({ version: X2X3_VERSION, pduType: PduType.X2, xid: t.xid, correlationId: BigInt(i % 2), payloadFormat: PayloadFormat.SipMessage, payloadDirection: PayloadDirection.FromTarget, attributes: attrs, payload: sip }));
    const rec = conv.convert(pdu, t, 'opa-ims', 0);
    counters.set(rec.sequenceKey, rec.sequenceNumber + 1);
    // What the converter wrote before the fast path: the payload tree through the generic encoder.
    const ip = (v4k: 'sourceIpv4Address' | 'destinationIpv4Address', v6k: 'sourceIpv6Address' | 'destinationIpv6Address'): IPAddress => {
      const a4 = firstAttribute(pdu, v4k);
      if (a4) return { iPType: IPType.iPV4, iPValue: { kind: 'iPTextAddress', value: a4.value } };
      const a6 = firstAttribute(pdu, v6k);
      if (a6) return { iPType: IPType.iPV6, iPValue: { kind: 'iPTextAddress', value: a6.value } };
      return { iPType: IPType.iPV4, iPValue: { kind: 'iPTextAddress', value: '0.0.0.0' } };
    };
    const head = new TextDecoder('latin1').decode(sip.subarray(0, 64));
    const iRIType = head.startsWith('INVITE ') ? IRIType.iRIBegin : head.startsWith('BYE ') || head.startsWith('CANCEL ') ? IRIType.iRIEnd : IRIType.iRIContinue;
    const expected = encodePsPdu({
      pSHeader: {
        liPsDomainId: LI_PS_DOMAIN_ID, lawfulInterceptionIdentifier: t.liid, authorizationCountryCode: 'XX',
        communicationIdentifier: { networkIdentifier: { operatorIdentifier: 'opa', networkElementIdentifier: 'opa-ims' }, communicationIdentityNumber: i % 2, deliveryCountryCode: 'XX' },
        sequenceNumber: rec.sequenceNumber, timeStamp: new Date(rec.at),
      },
      payload: { kind: 'iRIPayloadSequence', value: [{ iRIType, timeStamp: new Date(rec.at), iRIContents: { kind: 'iPMMIRI', value: { iPMMIRIContents: { kind: 'sIPMessage', value: { iPSourceAddress: ip('sourceIpv4Address', 'sourceIpv6Address'), iPDestinationAddress: ip('destinationIpv4Address', 'destinationIpv6Address'), sIPContent: sip } } } } }] },
    });
    assert.equal(Buffer.from(rec.bytes).toString('hex'), Buffer.from(expected).toString('hex'), `record ${i}`);
    assert.equal(rec.sequenceNumber, i >> 1, 'one count per CIN');
  }
});

test('convert with the interception time the MDF read for the guard gives the record convert reads itself (with and without a Timestamp)', () => {
  const opts = { operatorOf: (p: string) => p.split('-')[0] ?? p, deliveryCountryCode: 'XX', nextSequence: () => 5 };
  const t = task('00000000-0000-4000-8000-000000000001', 'LIID-A');
  const rnd = prng(7);
  for (let i = 0; i < 200; i++) {
    const stamped = rnd() < 0.7;
    const attributes: X2X3Attribute[] = stamped ? [{ kind: 'timestamp', value: { seconds: Math.floor(rnd() * 2 ** 32), nanoseconds: Math.floor(rnd() * 1e9) } }] : [];
    const pdu = decodeX2X3Pdu(encodeX2X3Pdu({ version: X2X3_VERSION, pduType: PduType.X3, xid: t.xid, correlationId: BigInt(i % 4), payloadFormat: PayloadFormat.Ipv4Packet, payloadDirection: PayloadDirection.FromTarget, attributes, payload: ipv4UdpPacket(rtpPacket(i)) }));
    const received = 1_700_000_000_000 + i;
    const ts = firstAttribute(pdu, 'timestamp');
    const given = new RecordConverter(opts).convert(pdu, t, 'opa-5gc', received, ts ? timestampToMillis(ts.value) : undefined);
    assert.deepEqual(given, new RecordConverter(opts).convert(pdu, t, 'opa-5gc', received), `record ${i}`);
    assert.equal(given.at, ts ? timestampToMillis(ts.value) : received);
  }
});

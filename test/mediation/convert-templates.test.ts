/**
 * RecordConverter's caches (the last record's PSHeader template, operatorOf per POI): records of
 * interleaved tasks, calls (CIN) and POIs convert to exactly the PS-PDUs a fresh converter makes,
 * each under its own task's LIID and CID (TS 102 232-1 §5.2.2-5.2.4).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordConverter } from '../../src/mediation/convert.ts';
import { EVERY_SERVICE, MediationTask } from '../../src/mediation/mediation-task.ts';
import { decodePsPdu } from '../../src/standards/hi2hi3/index.ts';
import { decodeX2X3Pdu, encodeX2X3Pdu, PayloadDirection, PayloadFormat, PduType, X2X3_VERSION } from '../../src/standards/x2x3/index.ts';
import { ipv4UdpPacket, rtpPacket } from '../../src/standards/x2x3/x2x3.fixtures.ts';

const task = (xid: string, liid: string) =>
  new MediationTask({ xid, liid, hiDelivery: 'HI2andHI3', startMs: 0, endMs: Date.now() + 3600_000, authorizationCountryCode: 'XX', serviceMask: EVERY_SERVICE, targets: 'e164Number:447700900123' });

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

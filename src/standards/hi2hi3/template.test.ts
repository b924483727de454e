import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decodePsPdu, encodePsPdu, FrameType, IP_CC_OBJ_ID, IPMM_CC_OBJ_ID, MMCCprotocol, PayloadDirection, PsPduTemplate, type IPAddress, type PSHeader, type Payload } from './index.ts';
import { prng, randomBytes } from '../../../test/helpers/random.ts';
import { fake33128Cc, fake33128Iri, fullHeader, ipPacket200, minimalHeader, samples, taskHeader } from './test-fixtures.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const SEQS = [0, 1, 127, 128, 255, 256, 32767, 32768, 65535, 8388607, 8388608, 2147483647, 2147483648, 4294967295];
const TIMES = [undefined, new Date('2024-01-01T12:00:00.000Z'), new Date('2024-01-01T12:00:00.100Z'), new Date('2024-01-01T12:00:00.120Z'), new Date('2024-02-29T23:59:59.123Z'), Date.UTC(2030, 5, 1, 0, 0, 0, 7)];

function generic(h: PSHeader, seq: number, ts: Date | number | undefined, payload: Payload): Uint8Array {
  const { timeStamp: _t, microSecondTimeStamp: _m, ...rest } = h;
  const header: PSHeader = { ...rest, sequenceNumber: seq };
  if (ts !== undefined) header.timeStamp = typeof ts === 'number' ? new Date(ts) : ts;
  return encodePsPdu({ pSHeader: header, payload });
}

describe('PsPduTemplate produces the bytes of the generic encoder', () => {
  for (const [hname, h] of [['minimal', minimalHeader], ['full', fullHeader], ['task', taskHeader]] as const) {
    const t = new PsPduTemplate(h);
    test(`${hname} header: encodeIPCC over sequence-number and timestamp boundaries`, () => {
      for (const seq of SEQS)
        for (const ts of TIMES)
          for (const packet of [ipPacket200, new Uint8Array(0), new Uint8Array(70000).fill(3)]) {
            const payload: Payload = {
              kind: 'cCPayloadSequence',
              value: [{ payloadDirection: PayloadDirection.toTarget, cCContents: { kind: 'iPCC', value: { iPCCObjId: IP_CC_OBJ_ID, iPCCContents: { kind: 'iPPackets', value: packet } } } }],
            };
            assert.equal(hex(t.encodeIPCC(seq, ts, packet, { payloadDirection: PayloadDirection.toTarget })), hex(generic(h, seq, ts, payload)), `seq ${seq} ts ${String(ts)}`);
          }
    });

    test(`${hname} header: encode() with every sample payload`, () => {
      for (const s of samples) assert.equal(hex(t.encode(99, TIMES[2], s.pdu.payload)), hex(generic(h, 99, TIMES[2], s.pdu.payload)), s.name);
    });
  }

  const t = new PsPduTemplate(taskHeader);
  test('a fractional millisecond time is truncated as a Date truncates it (was an invalid GeneralizedTime)', () => {
    const payload: Payload = {
      kind: 'cCPayloadSequence',
      value: [{ payloadDirection: PayloadDirection.toTarget, cCContents: { kind: 'iPCC', value: { iPCCObjId: IP_CC_OBJ_ID, iPCCContents: { kind: 'iPPackets', value: ipPacket200 } } } }],
    };
    for (const ms of [1704110400311.02, 1704110400000.5, 1704110400999.999]) {
      const bytes = t.encodeIPCC(5, ms, ipPacket200, { payloadDirection: PayloadDirection.toTarget });
      assert.equal(hex(bytes), hex(generic(taskHeader, 5, new Date(ms), payload)), String(ms));
      assert.equal(decodePsPdu(bytes).pSHeader.timeStamp?.getTime(), Math.trunc(ms));
    }
  });
  test('encodeIPCC with CC timestamp and microSecondTimeStamp (aggregated form)', () => {
    const micro = { seconds: 1704110400n, microSeconds: 5 };
    const payload: Payload = {
      kind: 'cCPayloadSequence',
      value: [{ timeStamp: new Date(1704110400123), cCContents: { kind: 'iPCC', value: { iPCCObjId: IP_CC_OBJ_ID, iPCCContents: { kind: 'iPPackets', value: ipPacket200 } } }, microSecondTimeStamp: micro }],
    };
    assert.equal(hex(t.encodeIPCC(5, 1704110400123, ipPacket200, { ccTimeStamp: 1704110400123, microSecondTimeStamp: micro })), hex(generic(taskHeader, 5, 1704110400123, payload)));
  });

  test('encodeIPMMCC with and without the optional fields', () => {
    for (const opts of [{}, { payloadDirection: 1, frameType: FrameType.rtpFrame, streamIdentifier: Uint8Array.of(1, 2), mMCCprotocol: MMCCprotocol.rTP }]) {
      const payload: Payload = {
        kind: 'cCPayloadSequence',
        value: [{ ...(opts.payloadDirection === undefined ? {} : { payloadDirection: opts.payloadDirection }), cCContents: { kind: 'iPMMCC', value: { iPMMCCObjId: IPMM_CC_OBJ_ID, mMCCContents: ipPacket200, ...('frameType' in opts ? { frameType: opts.frameType, streamIdentifier: opts.streamIdentifier, mMCCprotocol: opts.mMCCprotocol } : {}) } } }],
      };
      assert.equal(hex(t.encodeIPMMCC(1, T(), ipPacket200, opts)), hex(generic(taskHeader, 1, T(), payload)));
    }
  });

  test('encode33128CC and encode33128IRI', () => {
    const cc: Payload = { kind: 'cCPayloadSequence', value: [{ payloadDirection: 0, cCContents: { kind: 'threeGPP33128DefinedCC', value: fake33128Cc } }] };
    assert.equal(hex(t.encode33128CC(2, T(), fake33128Cc, { payloadDirection: 0 })), hex(generic(taskHeader, 2, T(), cc)));
    for (const iRIType of [1, 2, 3, 4, undefined]) {
      const iri: Payload = {
        kind: 'iRIPayloadSequence',
        value: [{ ...(iRIType === undefined ? {} : { iRIType: iRIType as 1 }), timeStamp: T(), iRIContents: { kind: 'threeGPP33128DefinedIRI', value: fake33128Iri } }],
      };
      assert.equal(hex(t.encode33128IRI(3, T(), iRIType, fake33128Iri, T())), hex(generic(taskHeader, 3, T(), iri)));
    }
  });

  test('the template output decodes to the header it was built from', () => {
    const pdu = decodePsPdu(t.encodeIPCC(42, T(), ipPacket200));
    assert.equal(pdu.pSHeader.sequenceNumber, 42);
    assert.deepEqual(pdu.pSHeader.communicationIdentifier, taskHeader.communicationIdentifier);
    assert.equal(pdu.pSHeader.timeStamp?.getTime(), T().getTime());
  });

  test('out-of-range sequence numbers are refused', () => {
    assert.throws(() => t.encodeIPCC(2 ** 32, undefined, ipPacket200), { code: 'HI2HI3_ENCODE' });
    assert.throws(() => t.encodeIPCC(1.5, undefined, ipPacket200), { code: 'HI2HI3_ENCODE' });
  });
});

describe('PsPduTemplate slabs and time cache (differential against encodePsPdu, seeded)', () => {
  const cc = (packet: Uint8Array, dir: number): Payload => ({
    kind: 'cCPayloadSequence',
    value: [{ payloadDirection: dir, cCContents: { kind: 'iPCC', value: { iPCCObjId: IP_CC_OBJ_ID, iPCCContents: { kind: 'iPPackets', value: packet } } } }],
  });
  const mmcc = (packet: Uint8Array, dir: number): Payload => ({
    kind: 'cCPayloadSequence',
    value: [{ payloadDirection: dir, cCContents: { kind: 'iPMMCC', value: { iPMMCCObjId: IPMM_CC_OBJ_ID, mMCCContents: packet, frameType: FrameType.rtpFrame, mMCCprotocol: MMCCprotocol.rTP } } }],
  });

  test('encodeSipIRI (iPMMIRI sIPMessage) = encodePsPdu for seeded addresses, IRI types, times and SIP texts', () => {
    const rand = prng(0x51b);
    const t = new PsPduTemplate(taskHeader);
    const ADDRS: IPAddress[] = [
      { iPType: 0, iPValue: { kind: 'iPTextAddress', value: '192.0.2.1' } },
      { iPType: 0, iPValue: { kind: 'iPTextAddress', value: '198.51.100.254' } },
      { iPType: 1, iPValue: { kind: 'iPTextAddress', value: '2001:db8::1' } },
      { iPType: 0, iPValue: { kind: 'iPTextAddress', value: '0.0.0.0' } },
      { iPType: 0, iPValue: { kind: 'iPBinaryAddress', value: Uint8Array.of(10, 0, 0, 1) } },
      { iPType: 0, iPValue: { kind: 'iPTextAddress', value: '192.0.2.1' }, iPAssignment: 1 },
    ];
    // A caller reusing one object with new contents: never taken for the address encoded before.
    const reused: IPAddress = { iPType: 0, iPValue: { kind: 'iPTextAddress', value: '192.0.2.1' } };
    const kept: { bytes: Uint8Array; expected: Uint8Array }[] = [];
    let time = Date.UTC(2024, 2, 4, 5, 6, 7, 89);
    for (let i = 0; i < 2000; i++) {
      time += rand() < 0.7 ? rand() * 2 : rand() * 3000;
      const sticky = rand() < 0.8 && i > 0;
      const src = sticky ? kept.length % 2 ? ADDRS[0]! : reused : ADDRS[Math.floor(rand() * ADDRS.length)]!;
      if (src === reused && rand() < 0.3) (reused.iPValue as { value: string }).value = rand() < 0.5 ? '192.0.2.1' : '192.0.2.77';
      const dst = sticky ? ADDRS[1]! : ADDRS[Math.floor(rand() * ADDRS.length)]!;
      const iRIType = rand() < 0.1 ? undefined : 1 + Math.floor(rand() * 4);
      const ts = rand() < 0.1 ? undefined : time;
      const sip = randomBytes(rand, Math.floor(rand() * (rand() < 0.1 ? 6000 : 900)));
      const payload: Payload = {
        kind: 'iRIPayloadSequence',
        value: [{ ...(iRIType === undefined ? {} : { iRIType: iRIType as 1 }), timeStamp: new Date(time), iRIContents: { kind: 'iPMMIRI', value: { iPMMIRIContents: { kind: 'sIPMessage', value: { iPSourceAddress: structuredClone(src), iPDestinationAddress: dst, sIPContent: sip } } } } }],
      };
      kept.push({ bytes: t.encodeSipIRI(i, ts, iRIType, time, src, dst, sip), expected: generic(taskHeader, i, ts, payload) });
    }
    for (const [i, k] of kept.entries()) assert.equal(hex(k.bytes), hex(k.expected), `record ${i}`);
    const bad: IPAddress = { iPType: 0, iPValue: { kind: 'iPTextAddress', value: '1.2.3' } };
    assert.throws(() => t.encodeSipIRI(1, time, 1, time, bad, ADDRS[0]!, Uint8Array.of(1)), { code: 'HI2HI3_ENCODE' }, 'an address the generic encoder refuses');
  });

  test('records kept across many slabs stay byte-identical to the generic encoder after later encodes', () => {
    const rand = prng(0x5eed_0c);
    const templates = [new PsPduTemplate(taskHeader), new PsPduTemplate(fullHeader), new PsPduTemplate(minimalHeader)];
    const headers = [taskHeader, fullHeader, minimalHeader];
    const kept: { bytes: Uint8Array; expected: () => Uint8Array }[] = [];
    // Times walk forward by sub-millisecond steps (records sharing a millisecond), jump across seconds,
    // and sometimes go back (another stream's clock): the per-millisecond cache must follow.
    let time = Date.UTC(2024, 1, 29, 23, 59, 58, 990);
    for (let i = 0; i < 3000; i++) {
      const r = rand();
      time += r < 0.6 ? rand() * 0.3 : r < 0.9 ? Math.floor(rand() * 1500) : -Math.floor(rand() * 5000);
      const k = Math.floor(rand() * 3);
      const seq = Math.floor(rand() * 2 ** 32) >>> (Math.floor(rand() * 4) * 8);
      // Mostly small records; some above the slab's per-record limit and some that straddle a slab's end.
      const size = rand() < 0.05 ? 4000 + Math.floor(rand() * 9000) : Math.floor(rand() * 1500);
      const packet = randomBytes(rand, size);
      const dir = Math.floor(rand() * 4);
      const ts = rand() < 0.1 ? undefined : rand() < 0.5 ? time : new Date(time);
      const h = headers[k]!;
      if (rand() < 0.5) kept.push({ bytes: templates[k]!.encodeIPCC(seq, ts, packet, { payloadDirection: dir }), expected: () => generic(h, seq, ts, cc(packet, dir)) });
      else kept.push({ bytes: templates[k]!.encodeIPMMCC(seq, ts, packet, { payloadDirection: dir, frameType: FrameType.rtpFrame, mMCCprotocol: MMCCprotocol.rTP }), expected: () => generic(h, seq, ts, mmcc(packet, dir)) });
    }
    for (const [i, k] of kept.entries()) assert.equal(hex(k.bytes), hex(k.expected()), `record ${i}`);
  });
});

function T(): Date {
  return new Date('2024-03-04T05:06:07.089Z');
}

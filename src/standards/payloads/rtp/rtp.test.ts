import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildRtp, parseRtp } from './rtp.ts';
import { h264DummySlice, h264NalType, h264ParameterSets } from './h264.ts';

describe('RTP', () => {
  test('header bytes match RFC 3550 §5.1 layout', () => {
    const bytes = buildRtp({ payloadType: 0, sequenceNumber: 0x1234, timestamp: 0xdeadbeef, ssrc: 0x01020304, marker: true, payload: Uint8Array.of(0xff, 0x7f) });
    assert.deepEqual([...bytes], [0x80, 0x80, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 0xff, 0x7f]);
  });

  test('round trip with CSRCs, extension and padding', () => {
    const packet = { payloadType: 96, sequenceNumber: 65535, timestamp: 4294967295, ssrc: 7, marker: false, csrcs: [1, 2], extension: { profile: 0xbede, data: Uint8Array.of(1, 2, 3, 4) }, paddingLength: 3, payload: Uint8Array.of(9, 8, 7) };
    const parsed = parseRtp(buildRtp(packet));
    assert.deepEqual(parsed, packet);
  });

  test('rejects bad version, padding and truncation with typed errors', () => {
    const good = buildRtp({ payloadType: 8, sequenceNumber: 1, timestamp: 2, ssrc: 3, payload: new Uint8Array(4) });
    const v1 = good.slice();
    v1[0] = 0x40;
    assert.throws(() => parseRtp(v1), { code: 'RTP_BAD_VERSION' });
    const pad = good.slice();
    pad[0] = 0xa0;
    pad[pad.length - 1] = 200;
    assert.throws(() => parseRtp(pad), { code: 'RTP_BAD_PADDING' });
    assert.throws(() => parseRtp(good.subarray(0, 11)), { code: 'PAYLOAD_TRUNCATED' });
    assert.throws(() => buildRtp({ payloadType: 128, sequenceNumber: 0, timestamp: 0, ssrc: 0, payload: new Uint8Array(0) }), { code: 'PAYLOAD_BAD_VALUE' });
  });

  test('H.264 dummy NAL unit types', () => {
    const [sps, pps] = h264ParameterSets();
    assert.equal(h264NalType(sps!), 7);
    assert.equal(h264NalType(pps!), 8);
    assert.equal(h264NalType(h264DummySlice(true, 50, () => 0)), 5);
    assert.equal(h264NalType(h264DummySlice(false, 50, () => 0)), 1);
  });
});

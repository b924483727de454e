/**
 * RetainedDataMessage codec (TS 102 657 RDMessage version26): round trip of every payload kind, the
 * DER output checked by ../shared/validators/decode-rd.sh -c -s (an asn1c decoder built from the
 * module as printed in the spec), and malformed BER → typed RD_* errors.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { validateBytes, validatorsSkipReason } from '../../../test/helpers/validators.ts';
import { decodeRdMessage, encodeRdMessage, RdDecodeError, RdEncodeError, RD_HEADER_ID, type RetainedDataMessageInput } from './index.ts';
import { encodeBer, cons, prim, TagClass } from '../ber/index.ts';
import { sampleMessages } from './test-fixtures.ts';

const samples = sampleMessages();
const C = TagClass.Context;

function rdError(fn: () => unknown, code: string): void {
  assert.throws(fn, (e: unknown) => e instanceof RdDecodeError && e.code === code, `expected ${code}`);
}

describe('round trip', () => {
  for (const [name, msg] of samples)
    test(name, () => {
      const bytes = encodeRdMessage(msg);
      const back = decodeRdMessage(bytes);
      assert.deepEqual(back, { ...msg, rdHeaderId: RD_HEADER_ID });
      // DER is canonical: re-encoding the decoded value gives the same bytes, and one byte at a
      // time (every prefix) is refused as truncated rather than misread.
      assert.deepEqual(encodeRdMessage(back), bytes);
      for (let n = 0; n < bytes.length; n += Math.max(1, Math.floor(bytes.length / 40)))
        assert.throws(() => decodeRdMessage(bytes.subarray(0, n)), RdDecodeError);
    });
  test('every payload kind of the implemented module is covered', () => {
    const kinds = new Set(samples.map(([, m]) => Object.keys(m.retainedDataPayload)[0]));
    for (const k of ['requestMessage', 'requestAcknowledgement', 'responseMessage', 'responseAcknowledgement', 'errorMessage', 'cancelMessage', 'cancelAcknowledgement', 'getstatusMessage', 'statusMessage', 'getResultsMessage'])
      assert.ok(kinds.has(k), k);
  });
});

describe('decode-rd.sh -c -s (asn1c from the module as printed)', () => {
  test('accepts every encoded sample as DER RetainedDataMessage version26', (t) => {
    if (validatorsSkipReason) return t.skip(validatorsSkipReason);
    const r = validateBytes('decode-rd.sh', samples.map(([name, m]) => ({ name: `${name}.ber`, bytes: encodeRdMessage(m) })), ['-c', '-s', '-o', 'null']);
    assert.ok(r.ok, r.stderr);
    assert.equal((r.stderr.match(/decoded OK/gu) ?? []).length, samples.length, r.stderr);
  });
  test('and refuses what the codec refuses: a wrong tag inside the header', (t) => {
    if (validatorsSkipReason) return t.skip(validatorsSkipReason);
    const bytes = encodeRdMessage(samples[0]![1]);
    const bad = bytes.slice();
    // RetainedDataMessage 30 LL, rdHeaderId 80 07 …; retainedDataHeader A1 LL, requestID A1 → A9
    const i = bad.indexOf(0xa1, 2 + 9);
    bad[i + 2] = 0xa9;
    rdError(() => decodeRdMessage(bad), 'RD_UNEXPECTED_TAG');
    const r = validateBytes('decode-rd.sh', [{ name: 'bad.ber', bytes: bad }], ['-c', '-s', '-o', 'null']);
    assert.equal(r.ok, false, r.stderr);
  });
});

describe('malformed input → typed errors', () => {
  const good = encodeRdMessage(samples[0]![1]);
  test('empty and truncated', () => {
    rdError(() => decodeRdMessage(new Uint8Array(0)), 'RD_BAD_BER');
    rdError(() => decodeRdMessage(good.subarray(0, good.length - 1)), 'RD_BAD_BER');
  });
  test('trailing bytes', () => rdError(() => decodeRdMessage(Uint8Array.from([...good, 0])), 'RD_BAD_BER'));
  test('overlong length octets (longer than the input, and beyond any size)', () => {
    rdError(() => decodeRdMessage(Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x80, 0x00)), 'RD_BAD_BER');
    rdError(() => decodeRdMessage(Uint8Array.of(0x30, 0x89, 1, 1, 1, 1, 1, 1, 1, 1, 1)), 'RD_BAD_BER');
  });
  test('not a SEQUENCE at the top', () => rdError(() => decodeRdMessage(Uint8Array.of(0x31, 0x00)), 'RD_UNEXPECTED_TAG'));
  test('mandatory components missing', () => {
    rdError(() => decodeRdMessage(Uint8Array.of(0x30, 0x00)), 'RD_MISSING_FIELD');
    const noHeader = encodeBer(cons(TagClass.Universal, 16, [prim(C, 0, Uint8Array.of(0x04, 0x00, 0x02, 0x03, 0x00, 0x1a))]));
    rdError(() => decodeRdMessage(noHeader), 'RD_MISSING_FIELD');
  });
  test('another rdHeaderId version is refused', () => {
    const v25 = good.slice();
    const at = Buffer.from(v25).indexOf(Buffer.from([0x80, 0x06, 0x04, 0x00, 0x02, 0x03, 0x00, 0x1a]));
    assert.ok(at > 0);
    v25[at + 7] = 25;
    rdError(() => decodeRdMessage(v25), 'RD_UNSUPPORTED_VERSION');
  });
  test('constraint violations: CountryCode SIZE(2), NULL with contents, unknown ENUMERATED, IMSI SIZE(3..8)', () => {
    const hdr = (cc: string): RetainedDataMessageInput => ({ retainedDataHeader: { requestID: { countryCode: cc, authorisedOrganisationID: 'X' }, cSPID: 'c', timeStamp: new Date(0) }, retainedDataPayload: { cancelMessage: null } });
    assert.throws(() => encodeRdMessage(hdr('GBR')), (e: unknown) => e instanceof RdEncodeError && e.code === 'RD_ENCODE');
    const raw = (cc: Uint8Array, payload: Uint8Array): Uint8Array =>
      encodeBer(cons(TagClass.Universal, 16, [
        prim(C, 0, Uint8Array.of(0x04, 0x00, 0x02, 0x03, 0x00, 0x1a)),
        cons(C, 1, [cons(C, 1, [prim(C, 1, cc), prim(C, 2, Uint8Array.of(0x58))]), prim(C, 2, Uint8Array.of(0x63)), prim(C, 3, new TextEncoder().encode('19700101000000Z'))]),
        cons(C, 2, [prim(C, 6, payload)]),
      ]));
    assert.doesNotThrow(() => decodeRdMessage(raw(Uint8Array.of(0x47, 0x42), new Uint8Array(0))));
    rdError(() => decodeRdMessage(raw(Uint8Array.of(0x47, 0x42, 0x52), new Uint8Array(0))), 'RD_BAD_VALUE');
    rdError(() => decodeRdMessage(raw(Uint8Array.of(0x47, 0x42), Uint8Array.of(0))), 'RD_BAD_VALUE');
    rdError(() => decodeRdMessage(raw(Uint8Array.of(0xc3, 0x28), new Uint8Array(0))), 'RD_BAD_VALUE'); // invalid UTF-8
  });
  test('an alternative the module has but the codec does not implement (supplementaryRequest [11]) is refused', () => {
    const b = encodeRdMessage({ retainedDataHeader: { requestID: { countryCode: 'GB', authorisedOrganisationID: 'X' }, cSPID: 'c', timeStamp: new Date(0) }, retainedDataPayload: { cancelMessage: null } });
    const i = b.lastIndexOf(0x86); // cancelMessage [6] NULL
    const s = b.slice();
    s[i] = 0x8b; // [11]
    rdError(() => decodeRdMessage(s), 'RD_UNEXPECTED_TAG');
  });
  test('indefinite length (BER, not DER) is read; an unknown ENUMERATED value is refused', () => {
    const inner = good.subarray(good[1]! & 0x80 ? 2 + (good[1]! & 0x7f) : 2);
    const indefinite = Uint8Array.from([0x30, 0x80, ...inner, 0, 0]);
    assert.deepEqual(decodeRdMessage(indefinite), decodeRdMessage(good));
    const ack = encodeRdMessage({ retainedDataHeader: { requestID: { countryCode: 'GB', authorisedOrganisationID: 'X' }, cSPID: 'c', timeStamp: new Date(0) },
      retainedDataPayload: { responseMessage: { responseStatus: { responseComplete: null }, responsePayload: [{ recordNumber: 1, recordPayload: { telephonyRecord: { telephonyDevice: { deviceIDType: 'imei' } } } }] } } });
    const at = Buffer.from(ack).lastIndexOf(Buffer.from([0x81, 0x01, 0x01])); // deviceIDType [1] imei(1)
    assert.ok(at > 0);
    const bad = ack.slice();
    bad[at + 2] = 9;
    rdError(() => decodeRdMessage(bad), 'RD_BAD_VALUE');
  });
  test('deep nesting (indefinite lengths) → RD_TOO_DEEP, not a stack overflow', () => {
    const depth = 5000;
    const bytes = new Uint8Array(depth * 2 + depth * 2);
    for (let k = 0; k < depth; k++) bytes.set([0x30, 0x80], k * 2);
    rdError(() => decodeRdMessage(bytes), 'RD_TOO_DEEP');
  });
  test('deep nesting within the schema depth limit option', () => {
    rdError(() => decodeRdMessage(encodeRdMessage(samples.find(([n]) => n === 'responseMessage')![1]), { maxDepth: 6 }), 'RD_TOO_DEEP');
  });
  test('oversized message → RD_TOO_LARGE', () => rdError(() => decodeRdMessage(good, { maxSize: good.length - 1 }), 'RD_TOO_LARGE'));
  test('encoder refuses unknown components and two CHOICE alternatives', () => {
    const m = samples[0]![1];
    assert.throws(() => encodeRdMessage({ ...m, retainedDataPayload: { cancelMessage: null, getResultsMessage: null } }), (e: unknown) => e instanceof RdEncodeError);
    assert.throws(() => encodeRdMessage({ ...m, retainedDataHeader: { ...m.retainedDataHeader, bogus: 1 } as never }), (e: unknown) => e instanceof RdEncodeError);
  });
});

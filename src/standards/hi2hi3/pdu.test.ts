import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { children, ctx, ctxCons, decodeBer, encodeBer, integer, octetString, sequence } from '../ber/index.ts';
import { validatorsDir, validatorsSkipReason } from '../../../test/helpers/validators.ts';
import { decodePsPdu, encodePayload, encodePsPdu, ERROR_CODES, PsPduDecodeError, PsPduEncodeError, type PsPdu } from './index.ts';
import { samples, taskHeader, minimalHeader } from './test-fixtures.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('PS-PDU round trip (TS 102 232-1 Annex A)', () => {
  for (const s of samples) {
    test(`${s.name}: decode(encode(x)) equals x and re-encodes identically`, () => {
      const bytes = encodePsPdu(s.pdu);
      const back = decodePsPdu(bytes);
      assert.deepEqual(back, s.pdu);
      assert.equal(hex(encodePsPdu(back)), hex(bytes));
    });
  }

  test('every Payload alternative the codec models is covered by a sample', () => {
    const kinds = new Set(samples.map((s) => s.pdu.payload.kind));
    for (const k of ['iRIPayloadSequence', 'cCPayloadSequence', 'tRIPayload', 'hI1Operation', 'encryptionContainer', 'hI4Payload']) assert.ok(kinds.has(k as never), k);
  });

  test('IRIType BEGIN/CONTINUE/END/REPORT are written as ENUMERATED 1/3/2/4 under [0] (§5.2.10)', () => {
    const types = samples.filter((s) => s.name.startsWith('iri-') && s.name.endsWith('-33128')).map((s) => encodePsPdu(s.pdu));
    // IRIPayload SEQUENCE starts "30 L 80 01 <type>"
    const seen = types.map((b) => {
      const payload = children(decodeBer(b))[1]!; // payload [2]
      const iriSeq = children(payload)[0]!; // iRIPayloadSequence [0]
      const iriType = children(children(iriSeq)[0]!)[0]!; // IRIPayload.iRIType [0]
      assert.equal(iriType.tagNumber, 0);
      return hex(iriType.value);
    });
    assert.deepEqual(seen, ['01', '03', '02', '04']);
  });

  test('unknown alternatives are kept raw and re-encoded as received', () => {
    // emailIRI [1] (TS 102 232-2, not modelled) inside IRIContents, and iLHIPayload [6] as a Payload.
    const emailIri = encodeBer(ctxCons(1, [ctx(0, Uint8Array.of(1, 2, 3))]));
    const pdu: PsPdu = {
      pSHeader: taskHeader,
      payload: { kind: 'iRIPayloadSequence', value: [{ iRIContents: { kind: 'unknown', tag: 1, raw: emailIri } }] },
    };
    const bytes = encodePsPdu(pdu);
    assert.deepEqual(decodePsPdu(bytes), pdu);
    const ilhi = encodeBer(ctxCons(6, [sequence([integer(1)])]));
    const p2: PsPdu = { pSHeader: minimalHeader, payload: { kind: 'unknown', tag: 6, raw: ilhi } };
    assert.deepEqual(decodePsPdu(encodePsPdu(p2)), p2);
  });

  test('BER with indefinite lengths (X.690 §8.1.3.6) decodes to the same PDU', () => {
    const indefinite = (el: ReturnType<typeof decodeBer>): Uint8Array =>
      el.constructed ? Uint8Array.from([el.raw[0]!, 0x80, ...children(el).flatMap((c) => [...indefinite(c)]), 0, 0]) : el.raw;
    for (const s of samples) {
      const ber = indefinite(decodeBer(encodePsPdu(s.pdu)));
      assert.equal(ber[1], 0x80);
      const back = decodePsPdu(ber);
      assert.deepEqual(encodePsPdu(back), encodePsPdu(s.pdu), s.name);
    }
  });

  test('a raw alternative whose tag differs from the one it claims is refused', () => {
    const raw = encodeBer(ctx(5, Uint8Array.of(1)));
    assert.throws(() => encodePayload({ kind: 'unknown', tag: 6, raw }), PsPduEncodeError);
  });

  test('IPIRIContents fields it does not model ([18] pOPIdentifier, [24] location …) survive a round trip', () => {
    const popId = encodeBer(ctxCons(18, [ctx(0, new TextEncoder().encode('pop-1'))]));
    const s = samples.find((x) => x.name === 'iri-begin-ipiri')!;
    const p = structuredClone(s.pdu);
    const c = p.payload.kind === 'iRIPayloadSequence' ? p.payload.value[0]!.iRIContents : undefined;
    assert.ok(c?.kind === 'iPIRI');
    c.value.iPIRIContents.rawFields = new Map([[18, popId]]);
    const back = decodePsPdu(encodePsPdu(p));
    assert.deepEqual(back, p);
  });
});

describe('third-party vectors (validators/testdata)', { skip: validatorsSkipReason }, () => {
  for (const name of ['ps-pdu-ipcc', 'ps-pdu-ipiri', 'ps-pdu-ts33128-iri']) {
    test(`${name}.ber decodes and re-encodes byte-identically (DER)`, () => {
      const bytes = new Uint8Array(readFileSync(join(validatorsDir, 'testdata', `${name}.ber`)));
      const pdu = decodePsPdu(bytes);
      assert.equal(pdu.pSHeader.lawfulInterceptionIdentifier, 'LIID-01');
      assert.equal(pdu.pSHeader.communicationIdentifier.communicationIdentityNumber, 42);
      assert.equal(hex(encodePsPdu(pdu)), hex(bytes));
    });
  }

  test('ps-pdu-ipcc.ber carries the IP packet of its XER description', () => {
    const dir = join(validatorsDir, 'testdata');
    const pdu = decodePsPdu(readFileSync(join(dir, 'ps-pdu-ipcc.ber')));
    const xer = readFileSync(join(dir, 'ps-pdu-ipcc.xer'), 'utf8');
    const packetHex = /<iPPackets>([0-9A-F]+)<\/iPPackets>/.exec(xer)![1]!.toLowerCase();
    assert.ok(pdu.payload.kind === 'cCPayloadSequence');
    const cc = pdu.payload.value[0]!.cCContents;
    assert.ok(cc.kind === 'iPCC' && cc.value.iPCCContents.kind === 'iPPackets');
    assert.equal(hex(cc.value.iPCCContents.value), packetHex);
    assert.equal(pdu.pSHeader.sequenceNumber, Number(/<sequenceNumber>(\d+)</.exec(xer)![1]));
  });

  test('ps-pdu-ts33128-iri.ber carries ts33128-iri-deregistration.ber as threeGPP33128DefinedIRI [19]', () => {
    const dir = join(validatorsDir, 'testdata');
    const pdu = decodePsPdu(readFileSync(join(dir, 'ps-pdu-ts33128-iri.ber')));
    const iri = new Uint8Array(readFileSync(join(dir, 'ts33128-iri-deregistration.ber')));
    assert.ok(pdu.payload.kind === 'iRIPayloadSequence');
    const c = pdu.payload.value[0]!.iRIContents;
    assert.ok(c.kind === 'threeGPP33128DefinedIRI');
    assert.equal(hex(c.value), hex(iri));
  });
});

describe('typed errors on malformed input', () => {
  const good = encodePsPdu(samples.find((s) => s.name === 'ipcc')!.pdu);
  const cases: [string, Uint8Array, string][] = [
    ['empty input', new Uint8Array(0), 'HI2HI3_BAD_BER'],
    ['truncated', good.subarray(0, good.length - 5), 'HI2HI3_BAD_BER'],
    ['trailing bytes', Uint8Array.from([...good, 0]), 'HI2HI3_BAD_BER'],
    ['not a SEQUENCE', encodeBer(octetString(Uint8Array.of(1))), 'HI2HI3_UNEXPECTED_TAG'],
    ['no header', encodeBer(sequence([ctxCons(2, [ctxCons(2, [ctx(3, new Uint8Array(0))])])])), 'HI2HI3_MISSING_FIELD'],
    ['fields out of order', encodeBer(sequence([ctxCons(2, []), ctxCons(1, [])])), 'HI2HI3_UNEXPECTED_TAG'],
    ['unknown PS-PDU field', encodeBer(sequence([ctxCons(1, []), ctxCons(2, []), ctx(3, Uint8Array.of(0))])), 'HI2HI3_UNEXPECTED_TAG'],
  ];
  for (const [name, bytes, code] of cases)
    test(name, () => {
      assert.throws(() => decodePsPdu(bytes), (e: unknown) => e instanceof PsPduDecodeError && e.code === code);
    });

  test('sequenceNumber above 2^32-1 is a BAD_VALUE', () => {
    const b = Buffer.from(encodePsPdu({ pSHeader: { ...minimalHeader, sequenceNumber: 0xffffffff }, payload: { kind: 'tRIPayload', value: { kind: 'keepAlive' } } }));
    // "84 05 00 ff ff ff ff" -> "84 05 01 00 00 00 00" (2^32)
    const i = b.indexOf(Buffer.from('840500ffffffff', 'hex'));
    assert.ok(i > 0);
    b.set([0x01, 0, 0, 0, 0], i + 2);
    assert.throws(() => decodePsPdu(b), { code: 'HI2HI3_BAD_VALUE' });
  });

  test('NULL with contents is refused on decode, a 3-letter country code on encode', () => {
    const ka = Buffer.from(encodePsPdu({ pSHeader: minimalHeader, payload: { kind: 'tRIPayload', value: { kind: 'keepAlive' } } }));
    assert.equal(ka.subarray(-2).toString('hex'), '8300');
    const withContents = Buffer.concat([ka.subarray(0, ka.length - 2), Buffer.from('830100', 'hex')]);
    withContents[ka.length - 5]! += 1; // a2 L
    withContents[ka.length - 3]! += 1; // a2 L (explicit TRIPayload)
    withContents[1]! += 1; // 30 L
    assert.throws(() => decodePsPdu(withContents), { code: 'HI2HI3_BAD_VALUE' });
    assert.throws(() => encodePsPdu({ pSHeader: { ...minimalHeader, authorizationCountryCode: 'GBR' }, payload: { kind: 'tRIPayload', value: { kind: 'keepAlive' } } }), { code: 'HI2HI3_ENCODE' });
  });

  test('the encoder refuses values outside the ASN.1 constraints', () => {
    const ka = { kind: 'tRIPayload', value: { kind: 'keepAlive' } } as const;
    const bad: PsPdu[] = [
      { pSHeader: { ...minimalHeader, sequenceNumber: 2 ** 32 }, payload: ka },
      { pSHeader: { ...minimalHeader, sequenceNumber: -1 }, payload: ka },
      { pSHeader: { ...minimalHeader, lawfulInterceptionIdentifier: 'x'.repeat(26) }, payload: ka },
      { pSHeader: { ...minimalHeader, lawfulInterceptionIdentifier: '' }, payload: ka },
      { pSHeader: { ...minimalHeader, interceptionPointID: 'TOO-LONG-ID' }, payload: ka },
      { pSHeader: { ...minimalHeader, communicationIdentifier: { networkIdentifier: { operatorIdentifier: 'x'.repeat(17) } } }, payload: ka },
      { pSHeader: { ...minimalHeader, microSecondTimeStamp: { seconds: 1n, microSeconds: 1_000_000 } }, payload: ka },
      { pSHeader: minimalHeader, payload: { kind: 'tRIPayload', value: { kind: 'operatorLeaMessage', value: { messagePriority: 1, message: new Uint8Array(0) } } } },
    ];
    for (const p of bad) assert.throws(() => encodePsPdu(p), (e: unknown) => e instanceof PsPduEncodeError && e.code === 'HI2HI3_ENCODE');
  });

  test('ERROR_CODES lists every code and docs/errors/hi2hi3.md documents each', () => {
    assert.ok(ERROR_CODES.length >= 10);
    const doc = readFileSync(new URL('../../../docs/errors/hi2hi3.md', import.meta.url), 'utf8');
    for (const e of ERROR_CODES) {
      assert.match(e.code, /^HI2HI3_[A-Z_]+$/);
      assert.ok(doc.includes(`| ${e.code} |`), `${e.code} documented`);
    }
  });
});

/**
 * Every encoder output checked by the asn1c codec built from the official TS33128Payloads r16 ASN.1
 * (validators/decode-ps-pdu.sh -t 33128:<Type> -c). The codec re-encodes what it decoded as DER
 * (-o der); since our encoders emit DER, its output must equal our input byte for byte. That also
 * catches components asn1c would otherwise skip silently as unknown extensions (wrong tag numbers).
 * One validator run per payload type.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { encodeCCPayload, encodeIRIPayload, encodeLINotificationPayload, encodeXIRIPayload, IRI_PAYLOAD_OID, xiriToIri } from './index.ts';
import { sampleCCPayloads, sampleLINotificationPayloads, sampleMDFCellSiteReport, sampleSUPI, sampleXIRIPayloads } from './fixtures.ts';
import { validateBytes, validatorsSkipReason } from '../../../test/helpers/validators.ts';

function checkWithAsn1c(type: string, encodings: Uint8Array[]): void {
  const files = encodings.map((bytes, i) => ({ name: `${type}-${String(i).padStart(3, '0')}.ber`, bytes }));
  const r = validateBytes('decode-ps-pdu.sh', files, ['-t', `33128:${type}`, '-c', '-o', 'der']);
  assert.ok(r.ok, `asn1c rejected a ${type}: ${r.stderr}`);
  // runValidator decodes stdout as UTF-8; apply the same (deterministic) decoding to our bytes.
  const expected = Buffer.concat(encodings).toString('utf8');
  assert.equal(r.stdout.length, expected.length, `${type}: DER re-encoding differs in length`);
  assert.ok(r.stdout === expected, `${type}: asn1c's DER re-encoding differs from our encoding`);
}

describe('asn1c (official TS 33.128 r16 ASN.1) accepts every encoder output', { skip: validatorsSkipReason }, () => {
  test('XIRIPayload: every sample event', () => {
    checkWithAsn1c('XIRIPayload', sampleXIRIPayloads.map(encodeXIRIPayload));
  });
  test('IRIPayload: every sample via xiriToIri, with targetIdentifiers, plus mDFCellSiteReport', () => {
    const targets = [
      { identifier: { kind: 'iMSI' as const, value: '001010123456789' }, provenance: 'lEAProvided' as const },
      { identifier: { kind: 'sUPI' as const, value: sampleSUPI } },
      { identifier: { kind: 'iPv4Address' as const, value: '10.45.0.2' }, provenance: 'matchedOn' as const },
    ];
    checkWithAsn1c('IRIPayload', [
      ...sampleXIRIPayloads.map((x) => encodeIRIPayload(xiriToIri(x, targets))),
      ...sampleXIRIPayloads.map((x) => encodeIRIPayload(xiriToIri(x))),
      encodeIRIPayload({ iRIPayloadOID: IRI_PAYLOAD_OID, event: { kind: 'mDFCellSiteReport', value: sampleMDFCellSiteReport } }),
    ]);
  });
  test('CCPayload: UPFCCPDU and ExtendedUPFCCPDU', () => {
    checkWithAsn1c('CCPayload', sampleCCPayloads.map(encodeCCPayload));
  });
  test('LINotificationPayload', () => {
    checkWithAsn1c('LINotificationPayload', sampleLINotificationPayloads.map(encodeLINotificationPayload));
  });
  test('a deliberately wrong encoding is rejected (the check can fail)', () => {
    const bytes = encodeXIRIPayload(sampleXIRIPayloads[1]!);
    const r = validateBytes('decode-ps-pdu.sh', [{ name: 'bad.ber', bytes: bytes.subarray(0, bytes.length - 3) }], ['-t', '33128:XIRIPayload', '-c', '-o', 'null']);
    assert.equal(r.ok, false);
  });
});

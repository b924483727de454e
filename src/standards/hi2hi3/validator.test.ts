/**
 * Every encoder output checked by the asn1c decoder built from the official ASN.1
 * (../shared/validators/decode-ps-pdu.sh, with -c constraint checks), in one batch.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateBytes, validatorsDir, validatorsSkipReason } from '../../../test/helpers/validators.ts';
import { DataType, EncryptionType, EncryptedPayloadType, encodePsPdu, IntegrityChain, PsPduTemplate, sealPsPdu, type PsPdu } from './index.ts';
import { fake33128Cc, fake33128Iri, ipPacket200, samples, taskHeader } from './test-fixtures.ts';

function integrityPdus(): { name: string; bytes: Uint8Array }[] {
  const t = new PsPduTemplate(taskHeader);
  const chain = new IntegrityChain(DataType.cC);
  for (let seq = 0; seq < 3; seq++) chain.dataSent(seq, t.encodeIPCC(seq, Date.now(), ipPacket200));
  const tri = (seq: number, value: NonNullable<ReturnType<IntegrityChain['takeHash']>>): PsPdu => ({
    pSHeader: { ...taskHeader, sequenceNumber: seq },
    payload: { kind: 'tRIPayload', value: { kind: 'integrityCheck', value } },
  });
  const hash = encodePsPdu(tri(0, chain.takeHash()!));
  chain.hashSent(0, hash);
  const out = [{ name: 'integrity-hash.ber', bytes: hash }];
  for (const type of ['ec', 'ed25519'] as const) {
    const { privateKey } = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
    const c = new IntegrityChain(DataType.cC);
    c.hashSent(0, hash);
    out.push({ name: `integrity-signature-${type}.ber`, bytes: encodePsPdu(tri(0, c.takeSignature(privateKey)!)) });
  }
  return out;
}

function encryptedPdus(): { name: string; bytes: Uint8Array }[] {
  const payload = samples.find((s) => s.name === 'ipcc')!.pdu.payload;
  return [EncryptionType.none, EncryptionType.aES256CBC].map((encryptionType) => ({
    name: `sealed-${encryptionType}.ber`,
    bytes: sealPsPdu(taskHeader, payload, { encryptionType, key: new Uint8Array(32).fill(1), byteCounter: 1n << 40n, encryptedPayloadType: EncryptedPayloadType.part3 }).bytes,
  }));
}

describe('decode-ps-pdu.sh accepts our output (asn1c, official ASN.1, constraints on)', { skip: validatorsSkipReason }, () => {
  test('all samples, template outputs, integrity checks and sealed PDUs in one batch', () => {
    const t = new PsPduTemplate(taskHeader);
    const files = [
      ...samples.filter((s) => s.validatable).map((s) => ({ name: `${s.name}.ber`, bytes: encodePsPdu(s.pdu) })),
      { name: 'template-ipcc.ber', bytes: t.encodeIPCC(4294967295, Date.now(), ipPacket200, { payloadDirection: 1 }) },
      { name: 'template-33128-cc.ber', bytes: t.encode33128CC(1, Date.now(), fake33128Cc, { payloadDirection: 0 }) },
      { name: 'template-33128-iri.ber', bytes: t.encode33128IRI(2, Date.now(), 4, fake33128Iri, Date.now()) },
      ...integrityPdus(),
      ...encryptedPdus(),
    ];
    assert.ok(files.length >= 30);
    const r = validateBytes('decode-ps-pdu.sh', files, ['-c', '-o', 'null']);
    assert.equal(r.status, 0, r.stderr);
    for (const f of files) assert.match(r.stderr, new RegExp(`${f.name}: decoded OK`), f.name);
  });

  test('a TS 33.128 IRIPayload vector wrapped in threeGPP33128DefinedIRI [19] passes both codecs', () => {
    const iri = new Uint8Array(readFileSync(join(validatorsDir, 'testdata', 'ts33128-iri-deregistration.ber')));
    const bytes = new PsPduTemplate(taskHeader).encode33128IRI(9, Date.now(), 1, iri);
    const outer = validateBytes('decode-ps-pdu.sh', [{ name: 'wrapped.ber', bytes }], ['-c', '-o', 'null']);
    assert.equal(outer.status, 0, outer.stderr);
    const inner = validateBytes('decode-ps-pdu.sh', [{ name: 'inner.ber', bytes: iri }], ['-t', '33128:IRIPayload', '-o', 'null']);
    assert.equal(inner.status, 0, inner.stderr);
  });

  test('documented gap: alternatives pruned from the validator (IPMM -5, HI1 notifications) are rejected by it', () => {
    const pruned = samples.filter((s) => !s.validatable);
    assert.ok(pruned.some((s) => s.name.startsWith('ipmm')) && pruned.some((s) => s.name.startsWith('hi1')));
    const files = pruned.map((s) => ({ name: `${s.name}.ber`, bytes: encodePsPdu(s.pdu) }));
    const r = validateBytes('decode-ps-pdu.sh', files, ['-o', 'null']);
    assert.notEqual(r.status, 0);
    for (const f of files) assert.match(r.stderr, new RegExp(`${f.name}: FAILED`), f.name);
  });

  test('negative control: the validator rejects a PDU we break on purpose', () => {
    const bytes = encodePsPdu(samples[0]!.pdu);
    const broken = bytes.slice();
    broken[broken.length - 2] = 0x9f; // keep-alive [3] NULL -> an undefined high tag
    const r = validateBytes('decode-ps-pdu.sh', [{ name: 'broken.ber', bytes: broken }], ['-c', '-o', 'null']);
    assert.notEqual(r.status, 0);
  });
});

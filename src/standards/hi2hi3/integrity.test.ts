import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import {
  CheckType,
  DataType,
  HashAlgorithm,
  IntegrityChain,
  IntegrityVerifier,
  PsPduStreamReader,
  PsPduTemplate,
  SignatureAlgorithm,
  decodePsPdu,
  encodePsPdu,
  integrityDigest,
  makeHashCheck,
  verifyHashCheck,
  type IntegrityCheck,
  type PSHeader,
} from './index.ts';
import { fake33128Iri, ipPacket200, taskHeader } from './test-fixtures.ts';
import { createHash } from 'node:crypto';

const triPdu = (h: PSHeader, seq: number, check: IntegrityCheck): Uint8Array =>
  encodePsPdu({ pSHeader: { ...h, sequenceNumber: seq }, payload: { kind: 'tRIPayload', value: { kind: 'integrityCheck', value: check } } });

/** A sender following Annex J.2: DataPDUs, a Hash every `perHash`, a Signature over all hashes. */
function sendSession(keyType: 'ec' | 'ed25519', perHash = 3, total = 10) {
  const { privateKey, publicKey } = keyType === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
  const t = new PsPduTemplate(taskHeader);
  const cc = new IntegrityChain(DataType.cC);
  const iri = new IntegrityChain(DataType.iRI);
  const wire: Uint8Array[] = [];
  let hashSeq = 0;
  for (let seq = 0; seq < total; seq++) {
    const c = t.encodeIPCC(seq, Date.UTC(2024, 0, 1, 0, 0, seq), ipPacket200, { payloadDirection: seq % 2 });
    wire.push(c);
    cc.dataSent(seq, c);
    if (seq % 4 === 0) {
      const i = t.encode33128IRI(seq / 4, Date.UTC(2024, 0, 1), 4, fake33128Iri);
      wire.push(i);
      iri.dataSent(seq / 4, i);
    }
    if (cc.unhashedCount === perHash) {
      const h = triPdu(taskHeader, hashSeq++, cc.takeHash()!);
      wire.push(h);
      cc.hashSent(hashSeq - 1, h);
    }
  }
  for (const chain of [cc, iri]) {
    const seqBase = chain === cc ? hashSeq : 0;
    const hc = chain.takeHash();
    if (hc) {
      const h = triPdu(taskHeader, seqBase, hc);
      wire.push(h);
      chain.hashSent(seqBase, h);
    }
    wire.push(triPdu(taskHeader, 0, chain.takeSignature(privateKey)!));
  }
  return { wire, publicKey, privateKey };
}

function verifyAll(wire: Uint8Array[], v: IntegrityVerifier) {
  const reader = new PsPduStreamReader();
  return reader.push(Buffer.concat(wire)).flatMap((r) => {
    assert.ok(r.pdu);
    const verdict = v.observe(r.bytes, r.pdu);
    return verdict ? [verdict] : [];
  });
}

describe('Annex J integrity checks', () => {
  test('digest is SHA-256 over the concatenated encoded PDUs, in order', () => {
    const a = Uint8Array.of(1, 2);
    const b = Uint8Array.of(3);
    assert.deepEqual(Buffer.from(integrityDigest([a, b])), createHash('sha256').update(Uint8Array.of(1, 2, 3)).digest());
    assert.equal(integrityDigest([a], HashAlgorithm.sHA512).length, 64);
    assert.throws(() => integrityDigest([a], 99), { code: 'HI2HI3_INTEGRITY_UNSUPPORTED' });
  });

  for (const keyType of ['ec', 'ed25519'] as const)
    test(`a ${keyType} session: every Hash and Signature verifies at the receiver`, () => {
      const { wire, publicKey } = sendSession(keyType);
      const verdicts = verifyAll(wire, new IntegrityVerifier({ publicKey }));
      assert.ok(verdicts.length >= 6);
      for (const v of verdicts) assert.equal(v.ok, true, v.ok ? '' : v.error.message);
      const sig = verdicts.filter((v) => v.check.checkType === CheckType.signature);
      assert.equal(sig.length, 2);
      assert.equal(sig[0]!.check.signatureAlgorithm, keyType === 'ec' ? SignatureAlgorithm.eCDSA : SignatureAlgorithm.edDSA);
      const hashes = verdicts.filter((v) => v.check.checkType === CheckType.hash && v.check.dataType === DataType.cC);
      assert.deepEqual(hashes.flatMap((v) => v.check.includedSequenceNumbers), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

  test('a tampered DataPDU makes its Hash fail (and the Signature still verifies over the Hash PDUs)', () => {
    const { wire, publicKey } = sendSession('ed25519');
    const tampered = wire.map((b) => b.slice());
    const cc1 = tampered[2]!; // CC seq 1
    assert.equal(decodePsPdu(cc1).pSHeader.sequenceNumber, 1);
    cc1[cc1.length - 1]! ^= 1; // flip a bit of the IP packet
    const verdicts = verifyAll(tampered, new IntegrityVerifier({ publicKey }));
    const bad = verdicts.filter((v) => !v.ok);
    assert.equal(bad.length, 1);
    assert.ok(!bad[0]!.ok && bad[0]!.error.code === 'HI2HI3_INTEGRITY_MISMATCH');
    assert.deepEqual(bad[0]!.check.includedSequenceNumbers, [0, 1, 2]);
  });

  test('a lost DataPDU is reported as missing, a wrong key as an invalid signature', () => {
    const { wire } = sendSession('ec');
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const verdicts = verifyAll([wire[0]!, ...wire.slice(2)], new IntegrityVerifier({ publicKey: other }));
    const codes = verdicts.filter((v) => !v.ok).map((v) => (v.ok ? '' : v.error.code));
    assert.ok(codes.includes('HI2HI3_INTEGRITY_MISSING_PDU'));
    assert.ok(codes.includes('HI2HI3_SIGNATURE_INVALID'));
  });

  test('without a public key, signatures are reported unsupported; held PDUs are bounded', () => {
    const { wire } = sendSession('ed25519');
    const v = new IntegrityVerifier({ maxHeldPdus: 2 });
    const verdicts = verifyAll(wire, v);
    assert.ok(verdicts.some((x) => !x.ok && x.error.code === 'HI2HI3_INTEGRITY_UNSUPPORTED'));
    assert.ok(v.heldCount <= 2);
    assert.ok(verdicts.some((x) => !x.ok && x.error.code === 'HI2HI3_INTEGRITY_MISSING_PDU'));
  });

  test('makeHashCheck / verifyHashCheck', () => {
    const pdus = [Uint8Array.of(1), Uint8Array.of(2)];
    const c = makeHashCheck(DataType.iRI, pdus.map((bytes, i) => ({ sequenceNumber: i + 10, bytes })));
    assert.deepEqual(c.includedSequenceNumbers, [10, 11]);
    assert.equal(c.hashAlgorithm, HashAlgorithm.sHA256);
    verifyHashCheck(c, pdus);
    assert.throws(() => verifyHashCheck(c, pdus.slice().reverse()), { code: 'HI2HI3_INTEGRITY_MISMATCH' });
    assert.throws(() => verifyHashCheck({ ...c, checkType: CheckType.signature }, pdus), { code: 'HI2HI3_INTEGRITY_UNSUPPORTED' });
  });
});

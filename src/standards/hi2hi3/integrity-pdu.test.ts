/**
 * Differential test of the Annex J integrity PS-PDU encoder (integrity-pdu.ts) against the generic
 * encodePsPdu: over seeded Chain headers (every optional PSHeader field), Hash and Signature checks
 * (sequence numbers at the INTEGER length boundaries, lists long enough for long-form lengths, check
 * values of every size class), times with and without milliseconds, the octets are identical; for
 * values outside the ASN.1 constraints both throw the same PsPduEncodeError code. The digest helper
 * (updateConcat) gives the digest of one update per part, for parts around its scratch size.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CheckType, DataType, HashAlgorithm, LI_PS_DOMAIN_ID, SignatureAlgorithm, decodePsPdu, encodePsPdu, updateConcat, type IntegrityCheck } from './index.ts';
import { IntegrityPduEncoder, type IntegrityPduHeader } from './integrity-pdu.ts';
import { PsPduEncodeError } from './errors.ts';
import { prng, randomBytes } from '../../../test/helpers/random.ts';

const BOUNDARIES = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0x7fffff, 0x800000, 0x7fffffff, 0x80000000, 0xffffffff];

function header(r: () => number): IntegrityPduHeader {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const h: IntegrityPduHeader = {
    liPsDomainId: LI_PS_DOMAIN_ID,
    lawfulInterceptionIdentifier: pick(['LIID-1', 'BENCH-0000', 'X'.repeat(25)]),
    communicationIdentifier: { networkIdentifier: { operatorIdentifier: pick(['op', 'benchop', 'o'.repeat(16)]) } },
  };
  if (r() < 0.8) h.authorizationCountryCode = pick(['XX', 'GB']);
  if (r() < 0.8) h.communicationIdentifier.networkIdentifier.networkElementIdentifier = pick(['ne-1', 'benchop-5gc']);
  if (r() < 0.8) h.communicationIdentifier.communicationIdentityNumber = pick([0, 258, 4294967295]);
  if (r() < 0.8) h.communicationIdentifier.deliveryCountryCode = pick(['XX', 'DE']);
  if (r() < 0.2) h.interceptionPointID = pick(['IP1', 'POINT-08']);
  if (r() < 0.2) h.microSecondTimeStamp = { seconds: BigInt(Math.floor(r() * 2 ** 40)), microSeconds: Math.floor(r() * 1e6) };
  if (r() < 0.1) h.timeStampQualifier = pick([0, 2, 300]);
  if (r() < 0.1) h.networkFunctionIdentifier = Uint8Array.of(1, 2, 3);
  if (r() < 0.1) h.extendedInterceptionPointID = Uint8Array.of(9);
  return h;
}

function check(r: () => number): IntegrityCheck {
  const count = r() < 0.1 ? 0 : r() < 0.3 ? 1 + Math.floor(r() * 400) : 1 + Math.floor(r() * 12);
  const start = r() < 0.3 ? BOUNDARIES[Math.floor(r() * BOUNDARIES.length)]! : Math.floor(r() * 2 ** 32);
  const seqs = Array.from({ length: count }, (_, i) => (r() < 0.1 ? BOUNDARIES[Math.floor(r() * BOUNDARIES.length)]! : (start + i) % 2 ** 32));
  const dataType = r() < 0.9 ? (r() < 0.5 ? DataType.cC : DataType.iRI) : undefined;
  const valueLength = [0, 20, 32, 64, 72, 127, 128, 300][Math.floor(r() * 8)]!;
  const c: IntegrityCheck = { includedSequenceNumbers: seqs, checkType: r() < 0.6 ? CheckType.hash : CheckType.signature, checkValue: randomBytes(r, valueLength) };
  if (dataType !== undefined) c.dataType = dataType;
  if (r() < 0.7) c.hashAlgorithm = r() < 0.8 ? HashAlgorithm.sHA256 : HashAlgorithm.sHA512;
  if (r() < 0.4) c.signatureAlgorithm = r() < 0.5 ? SignatureAlgorithm.edDSA : SignatureAlgorithm.eCDSA;
  return c;
}

const generic = (h: IntegrityPduHeader, seq: number, at: Date, c: IntegrityCheck): Uint8Array =>
  encodePsPdu({ pSHeader: { ...h, sequenceNumber: seq, timeStamp: at }, payload: { kind: 'tRIPayload', value: { kind: 'integrityCheck', value: c } } });

type Outcome = { bytes: Uint8Array } | { code: string };
function outcome(f: () => Uint8Array): Outcome {
  try {
    return { bytes: f() };
  } catch (e) {
    if (e instanceof PsPduEncodeError) return { code: e.code };
    throw e;
  }
}

test('integrity PS-PDUs: the same octets as the generic encoder over seeded headers, checks and times', () => {
  const r = prng(0x4a11);
  for (let i = 0; i < 600; i++) {
    const h = header(r);
    const enc = new IntegrityPduEncoder(h);
    for (let j = 0; j < 4; j++) {
      const seq = r() < 0.4 ? BOUNDARIES[Math.floor(r() * BOUNDARIES.length)]! : Math.floor(r() * 2 ** 32);
      // Whole seconds, tenths, hundredths and milliseconds: DER drops trailing zeros of the fraction.
      const at = new Date(1_700_000_000_000 + Math.floor(r() * 4) * [1000, 100, 10, 1][Math.floor(r() * 4)]! * Math.floor(r() * 1e6));
      const c = check(r);
      const fast = enc.encode(seq, at, c);
      assert.deepStrictEqual(Buffer.from(fast), Buffer.from(generic(h, seq, at, c)), `case ${i}.${j}`);
      const back = decodePsPdu(fast);
      assert.equal(back.pSHeader.sequenceNumber, seq);
    }
  }
});

test('integrity PS-PDUs: values outside the ASN.1 constraints throw the generic encoder\'s error code', () => {
  const r = prng(0xbad);
  const bad = [-1, 2 ** 32, 1.5, Number.NaN];
  for (let i = 0; i < 200; i++) {
    const h = header(r);
    const enc = new IntegrityPduEncoder(h);
    const at = new Date(1_700_000_000_123);
    const c = check(r);
    let seq = 5;
    if (r() < 0.5) seq = bad[Math.floor(r() * bad.length)]!;
    else if (c.includedSequenceNumbers.length > 0) c.includedSequenceNumbers[Math.floor(r() * c.includedSequenceNumbers.length)] = bad[Math.floor(r() * bad.length)]!;
    else c.includedSequenceNumbers.push(-1);
    const got = outcome(() => enc.encode(seq, at, c));
    assert.ok('code' in got, `case ${i}: a value out of range was encoded`);
    assert.deepStrictEqual(got, outcome(() => generic(h, seq, at, c)), `case ${i}`);
  }
  // A header the generic encoder refuses is refused when the Chain's encoder is built.
  const liid = { ...header(r), lawfulInterceptionIdentifier: 'X'.repeat(26) };
  assert.deepStrictEqual(outcome(() => new IntegrityPduEncoder(liid).encode(0, new Date(), check(r))), outcome(() => generic(liid, 0, new Date(), check(r))));
});

test('updateConcat: the digest of one update per part — parts of their own or views back to back in shared slabs, in and out of order, around the scratch size', () => {
  const r = prng(0xd16e);
  const sizes = [0, 1, 300, 4095, 4096, 64 * 1024, 256 * 1024 - 1, 256 * 1024, 256 * 1024 + 1, 600 * 1024];
  const slab = randomBytes(r, 1024 * 1024);
  let at = 0;
  const part = (): Uint8Array => {
    const len = r() < 0.2 ? sizes[Math.floor(r() * sizes.length)]! : Math.floor(r() * 2000);
    const how = r();
    if (how < 0.3) return randomBytes(r, len);
    // Views of one slab: usually right after the previous one (a run), sometimes anywhere, repeated or overlapping.
    if (how < 0.85 && at + len <= slab.length) return slab.subarray(at, (at += len));
    const o = Math.floor(r() * (slab.length - len));
    return slab.subarray(o, o + len);
  };
  for (let i = 0; i < 200; i++) {
    if (r() < 0.3) at = Math.floor(r() * slab.length);
    const parts = Array.from({ length: Math.floor(r() * 40) }, part);
    const from = Math.floor(r() * (parts.length + 1));
    const to = from + Math.floor(r() * (parts.length - from + 1));
    const want = createHash('sha256');
    for (let k = from; k < to; k++) want.update(parts[k]!);
    const got = createHash('sha256');
    updateConcat(got, parts, from, to);
    assert.equal(got.digest('hex'), want.digest('hex'), `case ${i}`);
  }
});

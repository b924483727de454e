/**
 * Differential test of the offset-reading PS-PDU decoder (fast-decode.ts, fast-ipmm.ts) against the generic decoder
 * (pdu.ts decodePsPduGeneric): over seeded PDUs of every shape the MDF's template writes, the fixture
 * samples, field contents at and beyond the value readers' limits, and mutated, truncated and random
 * octets, the fast path's result deep-equals the generic one (same values, same types: plain
 * Uint8Array, Date, bigint), or decodePsPdu throws the same PsPduDecodeError code as the generic path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeBer, type BerNode } from '../ber/index.ts';
import { fastDecodePsPdu } from './fast-decode.ts';
import { decodePsPdu, decodePsPduGeneric, encodePsPdu, psPduNode } from './pdu.ts';
import { IPMM_CC_OBJ_ID, LI_PS_DOMAIN_ID, PayloadDirection, PsPduDecodeError, PsPduTemplate, TRI_NULL_TAGS, type IntegrityCheck, type TRINullKind, type IPAddress, type IPMMIRI, type IRIType, type IPMMIRIContents, type Payload, type PsHeaderConstants, type PsPdu } from './index.ts';
import { fake33128Cc, fake33128Iri, samples, taskHeader } from './test-fixtures.ts';
import { prng } from '../../../test/helpers/random.ts';

/** Seeded (mulberry32, test/helpers/random.ts): a fixed seed gives the same inputs every run. */
const rng = prng;

type Outcome = { pdu: PsPdu } | { code: string };
function outcome(f: () => PsPdu): Outcome {
  try {
    return { pdu: f() };
  } catch (e) {
    if (e instanceof PsPduDecodeError) return { code: e.code };
    throw e;
  }
}

/** Checks one input; returns whether the fast path decoded it (rather than handing it over). */
function same(bytes: Uint8Array, label: string): boolean {
  const generic = outcome(() => decodePsPduGeneric(bytes));
  const fast = fastDecodePsPdu(bytes);
  if (fast) {
    assert.ok('pdu' in generic, `${label}: fast path decoded what the generic decoder refuses (${'code' in generic ? generic.code : ''})`);
    assert.deepStrictEqual(fast, generic.pdu, label);
  }
  assert.deepStrictEqual(outcome(() => decodePsPdu(bytes)), generic, label);
  return fast !== undefined;
}

function constants(r: () => number): PsHeaderConstants {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const c: PsHeaderConstants = {
    liPsDomainId: LI_PS_DOMAIN_ID,
    lawfulInterceptionIdentifier: pick(['LIID-1', 'BENCH-0000', 'X'.repeat(25)]),
    communicationIdentifier: { networkIdentifier: { operatorIdentifier: pick(['op', 'benchop', 'o'.repeat(16)]) } },
  };
  if (r() < 0.8) c.authorizationCountryCode = pick(['XX', 'GB']);
  if (r() < 0.8) c.communicationIdentifier.networkIdentifier.networkElementIdentifier = pick(['ne-1', 'benchop-5gc']);
  if (r() < 0.8) c.communicationIdentifier.communicationIdentityNumber = pick([0, 258, 4294967295]);
  if (r() < 0.8) c.communicationIdentifier.deliveryCountryCode = pick(['XX', 'DE']);
  if (r() < 0.2) c.interceptionPointID = pick(['IP1', 'POINT-08', "a'()+,-.", '/:=? Z']);
  if (r() < 0.1) c.timeStampQualifier = pick([0, 2, 300]);
  if (r() < 0.1) c.networkFunctionIdentifier = Uint8Array.of(1, 2, 3);
  if (r() < 0.1) c.extendedInterceptionPointID = Uint8Array.of(9);
  return c;
}

const NULL_KINDS = Object.keys(TRI_NULL_TAGS) as TRINullKind[];
const pickNull = (r: () => number): TRINullKind => NULL_KINDS[Math.floor(r() * NULL_KINDS.length)]!;

/** An Annex J integrity check as the MDF writes one per batch: the sequence numbers it covers, a hash or signature. */
function integrity(r: () => number): IntegrityCheck {
  const n = r() < 0.1 ? 0 : Math.floor(r() * 300);
  const first = r() < 0.1 ? 0xffffffff - 10 : Math.floor(r() * 2 ** 32);
  const c: IntegrityCheck = {
    includedSequenceNumbers: Array.from({ length: n }, (_, i) => (first + i) >>> 0),
    checkType: Math.floor(r() * 3),
    checkValue: Uint8Array.from({ length: r() < 0.1 ? 0 : Math.floor(r() * 80) }, () => Math.floor(r() * 256)),
  };
  if (r() < 0.7) c.dataType = Math.floor(r() * 2);
  if (r() < 0.7) c.hashAlgorithm = Math.floor(r() * 8);
  if (r() < 0.3) c.signatureAlgorithm = Math.floor(r() * 4);
  return c;
}

/** Every shape the MDF's PsPduTemplate writes (mediation/convert.ts) with seeded values. */
function templatePdu(t: PsPduTemplate, r: () => number, packetMax: number): Uint8Array {
  const seq = r() < 0.05 ? 0xffffffff : Math.floor(r() * 2 ** 32);
  const at = r() < 0.1 ? undefined : 1_700_000_000_000 + Math.floor(r() * 5000); // a few seconds: cache hits and misses
  const packet = Uint8Array.from({ length: Math.floor(r() * packetMax) }, () => Math.floor(r() * 256));
  const dir = r() < 0.2 ? undefined : Math.floor(r() * 5);
  const micro = r() < 0.2 ? { seconds: BigInt(Math.floor(r() * 2 ** 40)), microSeconds: Math.floor(r() * 1e6) } : undefined;
  switch (Math.floor(r() * 7)) {
    case 6:
      return t.encode(seq, at, { kind: 'tRIPayload', value: r() < 0.6 ? { kind: 'integrityCheck', value: integrity(r) } : { kind: pickNull(r) } }, micro);
    case 5:
      return t.encode(seq, at, sipIri(r, packet), micro);
    case 0:
      return t.encodeIPCC(seq, at, packet, { payloadDirection: dir, microSecondTimeStamp: micro, ccTimeStamp: r() < 0.2 ? at : undefined });
    case 1:
      return t.encodeIPMMCC(seq, at, packet, { payloadDirection: dir, frameType: r() < 0.8 ? 0 : undefined, mMCCprotocol: r() < 0.8 ? 0 : undefined, streamIdentifier: r() < 0.2 ? Uint8Array.of(7) : undefined });
    case 2:
      return t.encode33128CC(seq, at, r() < 0.5 ? fake33128Cc : packet, { payloadDirection: dir });
    case 3:
      return t.encode33128IRI(seq, at, r() < 0.9 ? 1 + Math.floor(r() * 4) : undefined, r() < 0.5 ? fake33128Iri : packet, r() < 0.5 ? at : undefined);
    default:
      return t.encode(seq, at, samples[Math.floor(r() * samples.length)]!.pdu.payload, micro);
  }
}

/** X2 SIP as mediation/convert.ts writes it: iPMMIRI [11] with a SIPMessage (TS 102 232-5 §5.2), and its variants. */
function sipIri(r: () => number, sip: Uint8Array): Payload {
  const addr = (): IPAddress => {
    const a: IPAddress =
      r() < 0.7
        ? { iPType: r() < 0.5 ? 0 : 1, iPValue: { kind: 'iPTextAddress', value: r() < 0.5 ? '192.0.2.17' : '2001:db8::1:2:3' } }
        : { iPType: 0, iPValue: { kind: 'iPBinaryAddress', value: Uint8Array.of(192, 0, 2, Math.floor(r() * 256)) } };
    if (r() < 0.2) a.iPAssignment = 1;
    if (r() < 0.2) a.iPv6PrefixLength = 1 + Math.floor(r() * 128);
    if (r() < 0.2) a.iPv4SubnetMask = Uint8Array.of(255, 255, 255, 0);
    if (r() < 0.2) a.iPNATTranslated = r() < 0.5;
    return a;
  };
  const u = r();
  const iPMMIRIContents: IPMMIRIContents =
    u < 0.6
      ? { kind: 'sIPMessage', value: { iPSourceAddress: addr(), iPDestinationAddress: addr(), sIPContent: sip } }
      : u < 0.8
        ? { kind: 'iRIOnlySIPMessage', value: { iPSourceAddress: addr(), iPDestinationAddress: addr(), sIPContent: sip } }
        : { kind: 'originalIPMMMessage', value: sip };
  const value: IPMMIRI = { iPMMIRIContents };
  if (r() < 0.05) value.additionalSignalling = [Uint8Array.of(0x41)];
  return { kind: 'iRIPayloadSequence', value: [{ iRIType: (1 + Math.floor(r() * 4)) as IRIType, timeStamp: new Date(1_700_000_000_000 + Math.floor(r() * 5000)), iRIContents: { kind: 'iPMMIRI', value } }] };
}

function mutate(r: () => number, src: Uint8Array): Uint8Array {
  const b = Array.from(src);
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n; k++) {
    const op = Math.floor(r() * 5);
    const i = Math.floor(r() * Math.max(1, b.length));
    if (op === 0) b[i] = Math.floor(r() * 256);
    else if (op === 1) b[i] = (b[i] ?? 0) ^ (1 << Math.floor(r() * 8));
    else if (op === 2) b.splice(i, 1 + Math.floor(r() * 3));
    else if (op === 3) b.splice(i, 0, Math.floor(r() * 256));
    else b.length = i;
  }
  return Uint8Array.from(b);
}

test('fast path equals the generic decoder over 6,000 seeded template PDUs and the fixture samples', () => {
  const r = rng(0xfa57);
  const templates = Array.from({ length: 10 }, () => new PsPduTemplate(constants(r)));
  let fast = 0;
  const N = 6000;
  for (let i = 0; i < N; i++) {
    const bytes = templatePdu(templates[Math.floor(r() * templates.length)]!, r, 400);
    const f = same(bytes, `template PDU ${i}`);
    if (f) fast++;
    // A Buffer input gives plain Uint8Array fields too (deepStrictEqual compares prototypes).
    if (i % 10 === 0) assert.equal(same(Buffer.from(bytes), `template PDU ${i} as a Buffer`), f);
  }
  // Only the generic-payload case (samples: TRI, HI1, IPIRI …) and SIP with additionalSignalling take the generic path.
  assert.ok(fast > N * 0.8, `fast path decoded ${fast} of ${N}`); // 5,219 with this seed
  for (const s of samples) same(encodePsPdu(s.pdu), s.name);
});

/** The PDU with the contents of one primitive field replaced (a path of child indexes from PS-PDU). */
function withField(pdu: PsPdu, path: number[], value: Uint8Array): Uint8Array {
  const root = psPduNode(pdu);
  let n: BerNode = root;
  for (const i of path.slice(0, -1)) n = (n as { children: BerNode[] }).children[i]!;
  const kids = (n as { children: BerNode[] }).children;
  const old = kids[path.at(-1)!]!;
  kids[path.at(-1)!] = { cls: old.cls, tag: old.tag, value };
  return encodeBer(root);
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

test('field contents at and beyond the readers\' limits: same value or same error code', () => {
  const ipcc = samples.find((s) => s.name === 'ipcc')!.pdu;
  const hdr = { ...taskHeader, timeStamp: new Date('2024-01-01T12:00:00.250Z'), interceptionPointID: 'IP1' };
  const pdu: PsPdu = { pSHeader: hdr, payload: ipcc.payload };
  // Warm the prefix cache so the tail fields go through the fast readers.
  same(encodePsPdu(pdu), 'warm');
  const idx = (tag: number) => psPduNode(pdu).children![0]!.children!.findIndex((c) => c.tag === tag);
  const times = ['20240101120000Z', '20240101120000.1Z', '20240101120000.12Z', '20240101120000.999Z', '20240101120000.1234Z', '20240229120000Z', '20230229120000Z',
    '20240431120000Z', '20240101120060Z', '00990101120000Z', '01000101120000Z', '99991231235959.9Z', '20240101120000+0100', '20240101120000,5Z', '2024010112Z',
    '20241301120000Z', '20240101246000Z', 'abcdefghijklmnZ', '20240101120000.Z', '20240101120000.1aZ', '20240101120000', '20240100120000Z', ''];
  for (const t of times) same(withField(pdu, [0, idx(5)], ascii(t)), `timeStamp "${t}"`);
  const ints = [[], [0], [0xff], [0x7f, 0xff, 0xff, 0xff], [0x00, 0xff, 0xff, 0xff, 0xff], [0x01, 0x00, 0x00, 0x00, 0x00], [0, 0, 0, 0, 0, 0, 1], [0x80], [0, 0, 5]];
  for (const v of ints) same(withField(pdu, [0, idx(4)], Uint8Array.from(v)), `sequenceNumber ${v.join(',')}`);
  for (const s of ['', 'A', 'ABCDEFGH', 'ABCDEFGHI', 'a*b', 'x\u0000', 'é', '?=:']) same(withField(pdu, [0, idx(6)], Uint8Array.from(Buffer.from(s, 'latin1'))), `interceptionPointID "${s}"`);
  // iPCCObjId, deep inside the payload: [2] > [1] > CCPayload > [2] > iPCC > [0].
  for (const v of [[], [5, 3, 18, 2], [0x80], [0x85, 0x03], [0x81, 0x80, 0x00]]) same(withField(pdu, [1, 0, 0, 1, 0, 0], Uint8Array.from(v)), `iPCCObjId ${v.join(',')}`);
  for (const v of [[], [0], [4], [0xff], [0, 0, 0, 0, 0, 0, 0, 9]]) same(withField(pdu, [1, 0, 0, 0], Uint8Array.from(v)), `payloadDirection ${v.join(',')}`);
  // An integrity check (Annex J): payload [2] > tRIPayload [2] > integrityCheck [0] > fields.
  const ic: PsPdu = { pSHeader: hdr, payload: { kind: 'tRIPayload', value: { kind: 'integrityCheck', value: { includedSequenceNumbers: [1, 2], checkType: 1, dataType: 1, checkValue: Uint8Array.of(1, 2), hashAlgorithm: 2 } } } };
  assert.ok(same(encodePsPdu(ic), 'integrity check'), 'the fast path reads integrity checks');
  for (const v of ints) same(withField(ic, [1, 0, 0, 0, 1], Uint8Array.from(v)), `includedSequenceNumbers ${v.join(',')}`);
  for (const v of ints) same(withField(ic, [1, 0, 0, 1], Uint8Array.from(v)), `checkType ${v.join(',')}`);
  for (const v of [[], [0], [1, 2, 3]]) same(withField(ic, [1, 0, 0, 2], Uint8Array.from(v)), `dataType ${v.join(',')}`);
  for (const v of [[1], [0]]) same(withField(ic, [1, 0, 0, 0], Uint8Array.from(v)), `includedSequenceNumbers primitive ${v.join(',')}`);
  // Its fields missing, repeated, out of order or unknown (the generic decoder decides: error or value).
  const icNode = () => {
    const root = psPduNode(ic);
    return { root, fields: root.children![1]!.children![0]!.children![0]!.children! };
  };
  const edits: [string, (f: BerNode[]) => void][] = [
    ['no checkType', (f) => f.splice(1, 1)],
    ['no checkValue', (f) => f.splice(3, 1)],
    ['no includedSequenceNumbers', (f) => f.splice(0, 1)],
    ['checkType twice', (f) => f.splice(1, 0, f[1]!)],
    ['checkValue before dataType', (f) => f.splice(2, 2, f[3]!, f[2]!)],
    ['an extension field [9]', (f) => f.push({ cls: 2, tag: 9, value: Uint8Array.of(1) })],
  ];
  for (const [label, edit] of edits) {
    const { root, fields } = icNode();
    edit(fields);
    same(encodeBer(root), `integrity check: ${label}`);
  }
  for (const kind of ['keepAlive', 'pDUAcknowledgementRequest'] as const) {
    const n: PsPdu = { pSHeader: hdr, payload: { kind: 'tRIPayload', value: { kind } } };
    assert.ok(same(encodePsPdu(n), kind), `the fast path reads ${kind}`);
    for (const v of [[0], [1, 2]]) same(withField(n, [1, 0, 0], Uint8Array.from(v)), `${kind} with contents ${v.join(',')}`);
  }
});

test('non-minimal lengths, Buffers and options: same value or same error code', () => {
  const t = new PsPduTemplate({ liPsDomainId: LI_PS_DOMAIN_ID, lawfulInterceptionIdentifier: 'L', communicationIdentifier: { networkIdentifier: { operatorIdentifier: 'o' } } });
  const bytes = t.encodeIPMMCC(1, 1_700_000_000_123, Uint8Array.of(1, 2, 3), { payloadDirection: PayloadDirection.toTarget, frameType: 0, mMCCprotocol: 0 });
  assert.ok(same(bytes, 'ipmmcc'));
  const d = decodePsPdu(bytes);
  assert.equal(d.payload.kind === 'cCPayloadSequence' && d.payload.value[0]!.cCContents.kind === 'iPMMCC' && d.payload.value[0]!.cCContents.value.iPMMCCObjId, IPMM_CC_OBJ_ID);
  // The outer SEQUENCE length in long form (0x81 n): BER allows it (X.690 §8.1.3.5), both accept it.
  const long = Uint8Array.from([0x30, 0x81, bytes[1]!, ...bytes.subarray(2)]);
  assert.ok(same(long, 'long-form length'));
  assert.ok(!same(Uint8Array.from([0x30, 0x80, ...bytes.subarray(2), 0, 0]), 'indefinite length'), 'indefinite lengths take the generic path');
  assert.deepStrictEqual(outcome(() => decodePsPdu(bytes, { maxSize: bytes.length - 1 })), { code: 'HI2HI3_TOO_LARGE' });
  assert.deepStrictEqual(decodePsPdu(bytes, { maxSize: bytes.length }), decodePsPduGeneric(bytes));
});

test('mutated, truncated and random octets: same value or same error code', () => {
  const r = rng(0xbad);
  const t = new PsPduTemplate(constants(r));
  // Short packets, so that most mutations land on the structure rather than inside a packet.
  const valid = Array.from({ length: 64 }, () => templatePdu(t, r, 6));
  let fastMutants = 0;
  let refused = 0;
  for (let i = 0; i < 6000; i++) {
    const b = mutate(r, valid[Math.floor(r() * valid.length)]!);
    if (same(b, `mutant ${i}`)) fastMutants++;
    else if ('code' in outcome(() => decodePsPduGeneric(b))) refused++;
  }
  assert.ok(fastMutants > 100 && refused > 1000, `fast ${fastMutants}, refused ${refused}`);
  for (let i = 0; i < 2000; i++) {
    const len = Math.floor(r() * 120);
    const b = Uint8Array.from({ length: len }, () => Math.floor(r() * 256));
    if (i % 2 === 0 && len > 2) [b[0], b[1]] = [0x30, len - 2];
    same(b, `random ${i}`);
  }
  const one = valid[0]!;
  for (let n = 0; n < one.length; n++) same(one.subarray(0, n), `truncated to ${n}`);
});

test('octet strings are copies: they outlive later decodes, and writing into one changes neither the input nor another value', () => {
  const r = rng(0x51ab);
  const t = new PsPduTemplate(taskHeader);
  // Packets of 0..1100 octets: shared slabs (fast-values.ts) fill and roll over; the largest are copied alone.
  const inputs = Array.from({ length: 3000 }, (_, i) => Buffer.from(t.encodeIPMMCC(i, 1_700_000_000_000, Uint8Array.from({ length: Math.floor(r() * 1100) }, () => Math.floor(r() * 256)), { payloadDirection: 0 })));
  const inputHex = inputs.map((b) => b.toString('hex'));
  const hex = (v: Uint8Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
  const decoded = inputs.map((b) => {
    const pdu = fastDecodePsPdu(b); // a Buffer input, as from a socket
    assert.ok(pdu && pdu.payload.kind === 'cCPayloadSequence' && pdu.payload.value[0]!.cCContents.kind === 'iPMMCC');
    const v = pdu.payload.value[0]!.cCContents.value.mMCCContents;
    assert.equal(Object.getPrototypeOf(v), Uint8Array.prototype);
    return { v, at: hex(v) };
  });
  for (const [i, d] of decoded.entries()) assert.equal(hex(d.v), d.at, `value ${i} changed after later decodes`);
  for (const [i, d] of decoded.entries()) d.v.fill(i & 0xff);
  for (const [i, d] of decoded.entries()) {
    assert.ok(d.v.every((x) => x === (i & 0xff)), `value ${i} shares octets with another value`);
    assert.equal(inputs[i]!.toString('hex'), inputHex[i], `writing into value ${i} changed the input`);
  }
});

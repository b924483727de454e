/**
 * TS 102 232-1 §7.2.3 and Annex J integrity checks.
 *
 * A Chain is one (LIID, communicationIdentifier, dataType) (J.1). A Hash is an IntegrityCheck with
 * checkType hash(1) over the DataPDUs sent since the previous Hash; a Signature one with checkType
 * signature(2) over the Hash PDUs sent since the previous Signature (J.2). The standard leaves the
 * byte-level input open; following Annex G step 5 ("message digest of the DER encoded PS-PDU") we
 * hash, and sign, the concatenation of the complete encoded PS-PDUs in includedSequenceNumbers order.
 * The receiver verifies over the bytes it received, never over a re-encoding.
 *
 * Timers (hashTimeout, signTimeout) and counters (dataPduCount, hashPduCount) belong to the delivery
 * session (src/wires); this module only accumulates and computes.
 */
import { createHash, sign, verify, type Hash, type KeyObject } from 'node:crypto';
import { forEachRun } from './byte-runs.ts';
import { CheckType, DataType, HashAlgorithm, SignatureAlgorithm } from './constants.ts';
import { PsPduIntegrityError } from './errors.ts';
import type { IntegrityCheck, PSHeader, PsPdu } from './types.ts';

const HASH_NAMES: Record<number, string> = {
  [HashAlgorithm.sHA1]: 'sha1',
  [HashAlgorithm.sHA256]: 'sha256',
  [HashAlgorithm.sHA384]: 'sha384',
  [HashAlgorithm.sHA512]: 'sha512',
};

function hashName(alg: number): string {
  const n = HASH_NAMES[alg];
  if (!n) throw new PsPduIntegrityError('HI2HI3_INTEGRITY_UNSUPPORTED', `hashAlgorithm ${alg} is not supported`);
  return n;
}

/**
 * Updates `h` with the concatenation of `parts[from..to)`: the same digest as one update per part,
 * with one native call per run of parts that lie back to back in one ArrayBuffer (the MDF's encoder
 * writes its PDUs into shared slabs, template.ts), hashed in place. Parts elsewhere are hashed one by
 * one: copying them together first costs more than the calls it saves (measured).
 */
export function updateConcat(h: Hash, parts: readonly Uint8Array[], from = 0, to = parts.length): void {
  forEachRun(parts, from, to, (run) => h.update(run));
}

/** SHA over the concatenated encoded PDUs (Annex J.2), SHA-256 unless told otherwise. */
export function integrityDigest(pdus: readonly Uint8Array[], hashAlgorithm: number = HashAlgorithm.sHA256): Uint8Array {
  const h = createHash(hashName(hashAlgorithm));
  updateConcat(h, pdus);
  return new Uint8Array(h.digest());
}

/** Annex J.1 Chain identity: LIID, communicationIdentifier and dataType. */
export function integrityChainKey(h: PSHeader, dataType: number): string {
  const c = h.communicationIdentifier;
  const n = c.networkIdentifier;
  return JSON.stringify([h.lawfulInterceptionIdentifier, n.operatorIdentifier, n.networkElementIdentifier ?? null, c.communicationIdentityNumber ?? null, c.deliveryCountryCode ?? null, dataType]);
}

/** The Annex J dataType of a DataPDU (IRI, CC or ILHI payload), undefined for other PDUs. */
export function dataTypeOf(pdu: PsPdu): number | undefined {
  const p = pdu.payload;
  if (p.kind === 'iRIPayloadSequence') return DataType.iRI;
  if (p.kind === 'cCPayloadSequence') return DataType.cC;
  if (p.kind === 'unknown' && p.tag === 6) return DataType.iLHI;
  return undefined;
}

/** Signature algorithm (Annex A SignatureAlgorithm) and node:crypto digest for a key. */
function signatureParams(key: KeyObject): { alg: number; digest: string | null } {
  switch (key.asymmetricKeyType) {
    case 'ec':
      return { alg: SignatureAlgorithm.eCDSA, digest: 'sha256' };
    case 'ed25519':
    case 'ed448':
      return { alg: SignatureAlgorithm.edDSA, digest: null };
    case 'dsa':
      return { alg: SignatureAlgorithm.dSA, digest: 'sha256' };
    default:
      throw new PsPduIntegrityError('HI2HI3_INTEGRITY_UNSUPPORTED', `key type ${String(key.asymmetricKeyType)} cannot sign an IntegrityCheck`);
  }
}

/** Builds a Hash IntegrityCheck over the given DataPDUs (sequence numbers and encodings in order). */
export function makeHashCheck(dataType: number, pdus: readonly { sequenceNumber: number; bytes: Uint8Array }[], hashAlgorithm: number = HashAlgorithm.sHA256): IntegrityCheck {
  return {
    includedSequenceNumbers: pdus.map((p) => p.sequenceNumber),
    checkType: CheckType.hash,
    dataType,
    checkValue: integrityDigest(pdus.map((p) => p.bytes), hashAlgorithm),
    hashAlgorithm,
  };
}

/**
 * Builds a Signature IntegrityCheck over the given Hash PDUs. ECDSA and DSA signatures are DER
 * (RFC 3279 §2.2.2 Dss-Sig-Value, as the ASN.1 comment asks), EdDSA the raw 64 octets (RFC 8032).
 */
export function makeSignatureCheck(dataType: number, hashPdus: readonly { sequenceNumber: number; bytes: Uint8Array }[], privateKey: KeyObject): IntegrityCheck {
  const { alg, digest } = signatureParams(privateKey);
  const data = Buffer.concat(hashPdus.map((p) => p.bytes));
  return {
    includedSequenceNumbers: hashPdus.map((p) => p.sequenceNumber),
    checkType: CheckType.signature,
    dataType,
    checkValue: new Uint8Array(sign(digest, data, privateKey)),
    signatureAlgorithm: alg,
  };
}

/** Throws HI2HI3_INTEGRITY_MISMATCH unless `check` (a Hash) matches the PDUs, given in its order. */
export function verifyHashCheck(check: IntegrityCheck, pdus: readonly Uint8Array[]): void {
  if (check.checkType !== CheckType.hash) throw new PsPduIntegrityError('HI2HI3_INTEGRITY_UNSUPPORTED', `checkType ${check.checkType} is not a hash`);
  const got = integrityDigest(pdus, check.hashAlgorithm ?? HashAlgorithm.sHA256);
  if (Buffer.compare(Buffer.from(got), Buffer.from(check.checkValue)) !== 0)
    throw new PsPduIntegrityError('HI2HI3_INTEGRITY_MISMATCH', `hash over sequence numbers ${check.includedSequenceNumbers.join(',')} does not match`);
}

/** Throws HI2HI3_SIGNATURE_INVALID unless `check` (a Signature) verifies over the Hash PDUs. */
export function verifySignatureCheck(check: IntegrityCheck, hashPdus: readonly Uint8Array[], publicKey: KeyObject): void {
  if (check.checkType !== CheckType.signature) throw new PsPduIntegrityError('HI2HI3_INTEGRITY_UNSUPPORTED', `checkType ${check.checkType} is not a signature`);
  const { digest } = signatureParams(publicKey);
  let ok: boolean;
  try {
    ok = verify(digest, Buffer.concat(hashPdus), publicKey, check.checkValue);
  } catch (cause) {
    throw new PsPduIntegrityError('HI2HI3_SIGNATURE_INVALID', 'signature could not be checked', { cause });
  }
  if (!ok) throw new PsPduIntegrityError('HI2HI3_SIGNATURE_INVALID', `signature over hash PDUs ${check.includedSequenceNumbers.join(',')} does not verify`);
}

/**
 * Sender side of one Chain: records DataPDUs as they are sent, then Hash PDUs, and produces the
 * IntegrityCheck payloads. The caller wraps each in a PS-PDU (tRIPayload integrityCheck) with the
 * chain's own sequence numbers (J.1: each Chain has its own counter), sends it, and reports it back
 * with `hashSent` so that the next Signature covers it.
 */
export class IntegrityChain {
  /** The DataPDUs since the last Hash, as two arrays (no object per PDU on the hot path). */
  private dataSeqs: number[] = [];
  private dataBytes: Uint8Array[] = [];
  private hashes: { sequenceNumber: number; bytes: Uint8Array }[] = [];

  constructor(
    readonly dataType: number,
    private readonly hashAlgorithm: number = HashAlgorithm.sHA256,
  ) {
    hashName(hashAlgorithm);
  }

  /** A DataPDU of this chain was sent with these bytes. */
  dataSent(sequenceNumber: number, bytes: Uint8Array): void {
    this.dataSeqs.push(sequenceNumber);
    this.dataBytes.push(bytes);
  }

  /** DataPDUs not yet covered by a Hash (J.2 dataPduCount). */
  get unhashedCount(): number {
    return this.dataSeqs.length;
  }

  /** Hash PDUs not yet covered by a Signature (J.2 hashPduCount). */
  get unsignedCount(): number {
    return this.hashes.length;
  }

  /** The Hash over every DataPDU sent since the last one, or undefined when there is none. */
  takeHash(): IntegrityCheck | undefined {
    if (this.dataSeqs.length === 0) return undefined;
    // What makeHashCheck computes, without a {sequenceNumber, bytes} object per PDU.
    const c: IntegrityCheck = { includedSequenceNumbers: this.dataSeqs, checkType: CheckType.hash, dataType: this.dataType, checkValue: integrityDigest(this.dataBytes, this.hashAlgorithm), hashAlgorithm: this.hashAlgorithm };
    this.dataSeqs = [];
    this.dataBytes = [];
    return c;
  }

  /** A Hash PS-PDU of this chain was sent with these bytes. */
  hashSent(sequenceNumber: number, bytes: Uint8Array): void {
    this.hashes.push({ sequenceNumber, bytes });
  }

  /** The Signature over every Hash PDU sent since the last one, or undefined when there is none. */
  takeSignature(privateKey: KeyObject): IntegrityCheck | undefined {
    if (this.hashes.length === 0) return undefined;
    const c = makeSignatureCheck(this.dataType, this.hashes, privateKey);
    this.hashes = [];
    return c;
  }
}

export type IntegrityVerdict =
  | { ok: true; check: IntegrityCheck }
  | { ok: false; check: IntegrityCheck; error: PsPduIntegrityError };

export interface IntegrityVerifierOptions {
  /** Public key for Signature checks; without it a Signature is reported unsupported. */
  publicKey?: KeyObject;
  /** Most PDUs held awaiting a check (oldest dropped first); bounds memory on a hostile stream. */
  maxHeldPdus?: number;
}

/**
 * Receiver side: feed every received PDU (its bytes as received and its decoding). DataPDUs and Hash
 * PDUs are held per Chain until an IntegrityCheck covers them; each IntegrityCheck yields a verdict.
 */
export class IntegrityVerifier {
  private readonly data = new Map<string, Map<number, Uint8Array>>();
  private readonly hashes = new Map<string, Map<number, Uint8Array>>();
  private held = 0;
  private readonly maxHeld: number;

  constructor(private readonly options: IntegrityVerifierOptions = {}) {
    this.maxHeld = options.maxHeldPdus ?? 1_000_000;
  }

  /** Returns a verdict for an IntegrityCheck PDU, undefined for any other PDU. */
  observe(bytes: Uint8Array, pdu: PsPdu): IntegrityVerdict | undefined {
    const dt = dataTypeOf(pdu);
    if (dt !== undefined) {
      this.hold(this.data, integrityChainKey(pdu.pSHeader, dt), pdu.pSHeader.sequenceNumber, bytes);
      return undefined;
    }
    const p = pdu.payload;
    if (p.kind !== 'tRIPayload' || p.value.kind !== 'integrityCheck') return undefined;
    const check = p.value.value;
    const key = integrityChainKey(pdu.pSHeader, check.dataType ?? 0);
    try {
      if (check.checkType === CheckType.hash) {
        // Held first: a later Signature covers the Hash PDU as received, whatever its verdict.
        this.hold(this.hashes, key, pdu.pSHeader.sequenceNumber, bytes);
        verifyHashCheck(check, this.take(this.data, key, check));
      } else if (check.checkType === CheckType.signature) {
        if (!this.options.publicKey) throw new PsPduIntegrityError('HI2HI3_INTEGRITY_UNSUPPORTED', 'no public key to check a signature with');
        verifySignatureCheck(check, this.take(this.hashes, key, check), this.options.publicKey);
      } else throw new PsPduIntegrityError('HI2HI3_INTEGRITY_UNSUPPORTED', `checkType ${check.checkType} is not supported`);
      return { ok: true, check };
    } catch (error) {
      if (error instanceof PsPduIntegrityError) return { ok: false, check, error };
      throw error;
    }
  }

  private hold(store: Map<string, Map<number, Uint8Array>>, key: string, seq: number, bytes: Uint8Array): void {
    let m = store.get(key);
    if (!m) {
      m = new Map<number, Uint8Array>();
      store.set(key, m);
    }
    if (!m.has(seq)) this.held++;
    m.set(seq, bytes);
    while (this.held > this.maxHeld) this.dropOldest();
  }

  private dropOldest(): void {
    if (dropOldestHeld([this.data, this.hashes])) this.held--;
  }

  private take(store: Map<string, Map<number, Uint8Array>>, key: string, check: IntegrityCheck): Uint8Array[] {
    const m = store.get(key);
    const out: Uint8Array[] = [];
    for (const s of check.includedSequenceNumbers) {
      const b = m?.get(s);
      if (!b) throw new PsPduIntegrityError('HI2HI3_INTEGRITY_MISSING_PDU', `no PDU with sequence number ${s} held for this chain`, { details: { sequenceNumber: s } });
      out.push(b);
    }
    for (const s of check.includedSequenceNumbers) if (m!.delete(s)) this.held--;
    if (m && m.size === 0) store.delete(key);
    return out;
  }

  /** PDUs held awaiting a check. */
  get heldCount(): number {
    return this.held;
  }
}

/**
 * The bound's eviction order for held PDUs (data first, then hashes; first chain; first PDU):
 * removes one, returns whether it did. Shared by the verifier and the LEMF's replay watermark, which
 * must drop exactly what the verifier drops.
 */
export function dropOldestHeld(stores: readonly Map<string, Map<number, unknown>>[]): boolean {
  for (const store of stores)
    for (const [k, m] of store) {
      const first = m.keys().next();
      if (!first.done) {
        m.delete(first.value);
        if (m.size === 0) store.delete(k);
        return true;
      }
    }
  return false;
}

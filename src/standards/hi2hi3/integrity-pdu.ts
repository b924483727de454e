/**
 * Hot-path encoder of the Annex J IntegrityCheck PS-PDUs of one Chain (TS 102 232-1 §7.2.3, J.1):
 * `PS-PDU { pSHeader [1], payload [2] { tRIPayload [2] { integrityCheck [0] IntegrityCheck } } }`.
 * The PSHeader of a Chain's PDUs is the same but for sequenceNumber and timeStamp (J.1: the Chain is
 * the LIID, communicationIdentifier and dataType), so its other fields are encoded once; per PDU
 * only the sequence number, the time and the check are written, straight into one buffer. The
 * octets equal those of the generic encodePsPdu (integrity-pdu.test.ts), which Annex G NOTE 1 needs:
 * the LEMF verifies a Signature over the Hash PDUs as received.
 */
import { encodeGeneralizedTime, encodeInteger, lengthLength, writeLength } from '../ber/index.ts';
import { checkRange, encodeFail } from './ber-util.ts';
import { microSecondTimeStampNode } from './codec-common.ts';
import { headerPrefixNodes, headerTailNodes } from './codec-header.ts';
import { encodeNodes } from './template.ts';
import type { IntegrityCheck, PSHeader } from './types.ts';

/** The PSHeader of a Chain's integrity PDUs without the per-PDU fields. */
export type IntegrityPduHeader = Omit<PSHeader, 'sequenceNumber' | 'timeStamp'>;


/** Octets of an INTEGER (0..4294967295) as X.690 §8.3.2 writes it: minimal two's complement. */
const uintLength = (v: number): number => (v < 0x80 ? 1 : v < 0x8000 ? 2 : v < 0x800000 ? 3 : v < 0x80000000 ? 4 : 5);

/** Writes `v` (0..4294967295) big-endian in `len` octets; a fifth octet is the leading zero. */
function writeUint(out: Uint8Array, p: number, v: number, len: number): number {
  // `>>>` shifts by the count mod 32, so the leading zero octet of a five-octet INTEGER is written apart.
  if (len === 5) {
    out[p++] = 0;
    len = 4;
  }
  for (let i = len - 1; i >= 0; i--) out[p++] = (v >>> (8 * i)) & 0xff;
  return p;
}

const tlvLength = (contentLength: number): number => 1 + lengthLength(contentLength) + contentLength;

export class IntegrityPduEncoder {
  /** PSHeader [0]..[3] TLVs, and the TLVs after [5] timeStamp ([6] … [10], [7] included). */
  private readonly prefix: Uint8Array;
  private readonly tail: Uint8Array;

  /** Throws PsPduEncodeError (HI2HI3_ENCODE) for header values outside the ASN.1 constraints. */
  constructor(header: IntegrityPduHeader) {
    this.prefix = encodeNodes(headerPrefixNodes(header));
    const t = headerTailNodes(header);
    this.tail = encodeNodes([...t.beforeMicro, ...(header.microSecondTimeStamp ? [microSecondTimeStampNode(7, header.microSecondTimeStamp)] : []), ...t.afterMicro]);
  }

  /**
   * The PS-PDU carrying `check`, numbered `sequenceNumber` in the Chain's own count (J.1), stamped
   * `timeStamp`. Throws PsPduEncodeError (HI2HI3_ENCODE) like encodePsPdu for values out of range.
   */
  encode(sequenceNumber: number, timeStamp: Date, check: IntegrityCheck): Uint8Array {
    checkRange(sequenceNumber, 0, 0xffffffff, 'PSHeader.sequenceNumber');
    const seqs = check.includedSequenceNumbers;
    let seqsContent = 0;
    for (let i = 0; i < seqs.length; i++) {
      const n = seqs[i]!;
      checkRange(n, 0, 0xffffffff, 'IntegrityCheck.includedSequenceNumbers');
      seqsContent += 2 + uintLength(n);
    }
    const checkType = encodeInteger(check.checkType);
    const dataType = check.dataType !== undefined ? encodeInteger(check.dataType) : undefined;
    const hashAlg = check.hashAlgorithm !== undefined ? encodeInteger(check.hashAlgorithm) : undefined;
    const sigAlg = check.signatureAlgorithm !== undefined ? encodeInteger(check.signatureAlgorithm) : undefined;
    const time = encodeGeneralizedTime(timeStamp);
    const seqLen = uintLength(sequenceNumber);

    const icContent =
      tlvLength(seqsContent) +
      tlvLength(checkType.length) +
      (dataType ? tlvLength(dataType.length) : 0) +
      tlvLength(check.checkValue.length) +
      (hashAlg ? tlvLength(hashAlg.length) : 0) +
      (sigAlg ? tlvLength(sigAlg.length) : 0);
    const triContent = tlvLength(icContent);
    const payloadContent = tlvLength(triContent);
    const headerContent = this.prefix.length + 2 + seqLen + tlvLength(time.length) + this.tail.length;
    const pduContent = tlvLength(headerContent) + tlvLength(payloadContent);
    const total = tlvLength(pduContent);
    const out = new Uint8Array(total);

    out[0] = 0x30;
    let p = writeLength(out, 1, pduContent);
    out[p++] = 0xa1; // pSHeader [1]
    p = writeLength(out, p, headerContent);
    out.set(this.prefix, p);
    p += this.prefix.length;
    out[p++] = 0x84; // sequenceNumber [4]
    out[p++] = seqLen;
    p = writeUint(out, p, sequenceNumber, seqLen);
    out[p++] = 0x85; // timeStamp [5]
    p = writeLength(out, p, time.length);
    out.set(time, p);
    p += time.length;
    out.set(this.tail, p);
    p += this.tail.length;

    out[p++] = 0xa2; // payload [2] (explicit: Payload is a CHOICE)
    p = writeLength(out, p, payloadContent);
    out[p++] = 0xa2; // tRIPayload [2] (explicit: TRIPayload is a CHOICE)
    p = writeLength(out, p, triContent);
    out[p++] = 0xa0; // integrityCheck [0] IntegrityCheck
    p = writeLength(out, p, icContent);
    out[p++] = 0xa0; // includedSequenceNumbers [0] SEQUENCE OF INTEGER
    p = writeLength(out, p, seqsContent);
    for (let i = 0; i < seqs.length; i++) {
      const n = seqs[i]!;
      const l = uintLength(n);
      out[p++] = 0x02;
      out[p++] = l;
      p = writeUint(out, p, n, l);
    }
    p = prim(out, p, 0x81, checkType);
    if (dataType) p = prim(out, p, 0x82, dataType);
    p = prim(out, p, 0x83, check.checkValue);
    if (hashAlg) p = prim(out, p, 0x84, hashAlg);
    if (sigAlg) p = prim(out, p, 0x85, sigAlg);
    if (p !== total) throw encodeFail('internal size mismatch in the IntegrityCheck PS-PDU');
    return out;
  }
}

function prim(out: Uint8Array, p: number, identifier: number, value: Uint8Array): number {
  out[p++] = identifier;
  p = writeLength(out, p, value.length);
  out.set(value, p);
  return p + value.length;
}

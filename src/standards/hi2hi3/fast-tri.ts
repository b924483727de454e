/**
 * Fast-path reader (fast-decode.ts) for the TRI messages of a delivery connection (TS 102 232-1
 * §6.3, Annex A `TRIPayload ::= CHOICE { integrityCheck [0] IntegrityCheck, testPDU [1] NULL, …,
 * keep-alive [3] NULL, … pDUAcknowledgementRequest [12] NULL, pDUAcknowledgementResponse [13] NULL }`):
 * the NULL alternatives and integrityCheck, which the MDF sends once per batch with the sequence
 * number of every PDU it covers (Annex J) — so at line rate its SEQUENCE OF INTEGER is read once per
 * data PDU. paddingPDU, operatorLeaMessage, the option messages, unknown alternatives, unknown
 * fields and any other form throw FALLBACK: the generic decoder (codec-tri.ts) decides those.
 */
import { FALLBACK, int, octets, tlv, ve, vs } from './fast-values.ts';
import { TRI_NULL_TAGS, type IntegrityCheck, type TRINullKind, type TRIPayload } from './types.ts';

/** The NULL alternatives by tag number. */
const NULL_KINDS: (TRINullKind | undefined)[] = [];
for (const [kind, tag] of Object.entries(TRI_NULL_TAGS)) NULL_KINDS[tag] = kind as TRINullKind;

/**
 * `IntegrityCheck ::= SEQUENCE { includedSequenceNumbers [0] SEQUENCE OF INTEGER (0..4294967295),
 * checkType [1] CheckType, dataType [2] DataType OPTIONAL, checkValue [3] OCTET STRING, ...,
 * hashAlgorithm [4] OPTIONAL, signatureAlgorithm [5] OPTIONAL }`, the contents of [0] at b[s, e).
 */
function integrityCheck(b: Uint8Array, s: number, e: number): IntegrityCheck {
  if (tlv(b, s, e) !== 0xa0) throw FALLBACK;
  const seqEnd = ve;
  const includedSequenceNumbers: number[] = [];
  for (let p = vs; p < seqEnd; ) {
    if (tlv(b, p, seqEnd) !== 0x02) throw FALLBACK; // UNIVERSAL INTEGER, primitive
    includedSequenceNumbers.push(int(b, vs, ve, 0, 0xffffffff));
    p = ve;
  }
  let checkType: number | undefined;
  let dataType: number | undefined;
  let checkValue: Uint8Array | undefined;
  let hashAlgorithm: number | undefined;
  let signatureAlgorithm: number | undefined;
  let last = 0;
  for (let p = seqEnd; p < e; ) {
    const t = tlv(b, p, e);
    const fs = vs;
    const fe = (p = ve);
    if ((t & 0x1f) <= last) throw FALLBACK; // X.680: fields in definition order, none repeated
    last = t & 0x1f;
    switch (t) {
      case 0x81: checkType = int(b, fs, fe); break;
      case 0x82: dataType = int(b, fs, fe); break;
      case 0x83: checkValue = octets(b, fs, fe); break;
      case 0x84: hashAlgorithm = int(b, fs, fe); break;
      case 0x85: signatureAlgorithm = int(b, fs, fe); break;
      default: throw FALLBACK;
    }
  }
  if (checkType === undefined || !checkValue) throw FALLBACK;
  // Property order as the generic decoder builds the object.
  const c: IntegrityCheck = { includedSequenceNumbers, checkType, checkValue };
  if (dataType !== undefined) c.dataType = dataType;
  if (hashAlgorithm !== undefined) c.hashAlgorithm = hashAlgorithm;
  if (signatureAlgorithm !== undefined) c.signatureAlgorithm = signatureAlgorithm;
  return c;
}

/** `tRIPayload [2] TRIPayload`, explicit around the CHOICE: exactly one alternative (X.680 §31.2.7), contents b[s, e). */
export function tri(b: Uint8Array, s: number, e: number): TRIPayload {
  const alt = tlv(b, s, e);
  if (ve !== e) throw FALLBACK;
  if (alt === 0xa0) return { kind: 'integrityCheck', value: integrityCheck(b, vs, ve) };
  if ((alt & 0xe0) === 0x80 && vs === ve) {
    // A primitive context alternative with no contents: a NULL (X.690 §8.8.2) if the tag is one.
    const kind = NULL_KINDS[alt & 0x1f];
    if (kind) return { kind };
  }
  throw FALLBACK;
}

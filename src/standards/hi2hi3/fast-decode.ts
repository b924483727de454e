/**
 * Offset-reading PS-PDU decoder for the shapes the MDF emits (TS 102 232-1 Annex A
 * `PS-PDU ::= SEQUENCE { pSHeader [1] PSHeader, payload [2] Payload }`): the PSHeader with its
 * per-stream fields [0] … [3] cached by their octets (§5.2.2–5.2.4), then a cCPayloadSequence of
 * CCPayloads whose cCContents is iPCC (TS 102 232-3 §6.3), iPMMCC (TS 102 232-5 §5.5), uMTSCC, ePSCC
 * or threeGPP33128DefinedCC, or an iRIPayloadSequence of IRIPayloads carrying threeGPP33128DefinedIRI
 * or iPMMIRI (TS 102 232-5 §5.2, fast-ipmm.ts), or a tRIPayload: keep-alives, acknowledgements and the
 * other NULL messages, and Annex J integrity checks (fast-tri.ts).
 *
 * It builds no element objects or field maps: it walks the definite-length TLVs by offset. It returns
 * undefined for anything else — a form it does not read (indefinite lengths, high tag numbers, other
 * alternatives, fields it does not know), a value out of its range, or any error — and the caller then
 * runs the generic decoder (pdu.ts), which defines both the result and the typed error. So the fast
 * path only ever returns what the generic decoder returns for the same octets (differential test:
 * fast-decode.test.ts).
 */
import { decodeBer } from '../ber/index.ts';
import { decodePsHeaderUncached } from './codec-header.ts';
import { FALLBACK, int, micro, octets, printable, relOid, time, tlv, ve, vs } from './fast-values.ts';
import { ipmmiri } from './fast-ipmm.ts';
import { tri } from './fast-tri.ts';
import type { CCContents, CCPayload, CommunicationIdentifier, IRIContents, IRIPayload, MicroSecondTimeStamp, Payload, PsPdu, PSHeader } from './types.ts';

// ---- PSHeader: [0] … [3] from the cache, [4] … [10] by offset ----

interface Prefix {
  octets: Uint8Array;
  liPsDomainId: string;
  lawfulInterceptionIdentifier: string;
  authorizationCountryCode: string | undefined;
  communicationIdentifier: CommunicationIdentifier;
}

const prefixes = new Map<number, Prefix>();
const PREFIX_LIMIT = 4096;
let lastPrefix: Prefix | undefined;

function samePrefix(x: Prefix, b: Uint8Array, s: number, e: number): boolean {
  const o = x.octets;
  if (o.length !== e - s) return false;
  for (let i = 0; i < o.length; i++) if (o[i] !== b[s + i]) return false;
  return true;
}

/** FNV-1a of the octets looked up last (set by findPrefix on a miss of the last entry). */
let prefixHash = 0;

function findPrefix(b: Uint8Array, s: number, e: number): Prefix | undefined {
  if (lastPrefix && samePrefix(lastPrefix, b, s, e)) return lastPrefix;
  let h = 0x811c9dc5; // FNV-1a
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  h >>>= 0;
  const x = prefixes.get(h);
  prefixHash = h;
  return x && samePrefix(x, b, s, e) ? x : undefined;
}

function copyCid(c: CommunicationIdentifier): CommunicationIdentifier {
  const n = c.networkIdentifier;
  const out: CommunicationIdentifier = { networkIdentifier: { operatorIdentifier: n.operatorIdentifier } };
  if (n.networkElementIdentifier !== undefined) out.networkIdentifier.networkElementIdentifier = n.networkElementIdentifier;
  if (n.eTSI671NEID) out.networkIdentifier.eTSI671NEID = new Uint8Array(n.eTSI671NEID);
  if (c.communicationIdentityNumber !== undefined) out.communicationIdentityNumber = c.communicationIdentityNumber;
  if (c.deliveryCountryCode !== undefined) out.deliveryCountryCode = c.deliveryCountryCode;
  if (c.cINExtension) out.cINExtension = new Uint8Array(c.cINExtension);
  return out;
}

/**
 * `pSHeader [1] PSHeader` at `start`, its contents b[hs, he). Fields [0] … [3] are the same for every PDU of a
 * LIID and CID (TS 102 232-1 §5.2.2–5.2.4): their octets key a cache filled by the generic header
 * decoder (a miss decodes the whole header generically); a hit reads only [4] … [10].
 */
function header(b: Uint8Array, start: number, hs: number, he: number): PSHeader {
  // [0] li-psDomainId, [1] lawfulInterceptionIdentifier, [2] authorizationCountryCode OPTIONAL, [3] communicationIdentifier.
  if (tlv(b, hs, he) !== 0x80) throw FALLBACK;
  if (tlv(b, ve, he) !== 0x81) throw FALLBACK;
  let t3 = tlv(b, ve, he);
  if (t3 === 0x82) t3 = tlv(b, ve, he);
  if (t3 !== 0xa3) throw FALLBACK;
  const prefixEnd = ve;
  const hit = findPrefix(b, hs, prefixEnd);
  if (!hit) {
    const h = decodePsHeaderUncached(decodeBer(b.subarray(start, he)));
    if (prefixes.size >= PREFIX_LIMIT) prefixes.clear();
    const p: Prefix = {
      octets: octets(b, hs, prefixEnd),
      liPsDomainId: h.liPsDomainId,
      lawfulInterceptionIdentifier: h.lawfulInterceptionIdentifier,
      authorizationCountryCode: h.authorizationCountryCode,
      communicationIdentifier: copyCid(h.communicationIdentifier),
    };
    prefixes.set(prefixHash, p);
    lastPrefix = p;
    return h;
  }
  lastPrefix = hit;
  if (tlv(b, prefixEnd, he) !== 0x84) throw FALLBACK;
  const h: PSHeader = {
    liPsDomainId: hit.liPsDomainId,
    lawfulInterceptionIdentifier: hit.lawfulInterceptionIdentifier,
    communicationIdentifier: copyCid(hit.communicationIdentifier),
    sequenceNumber: int(b, vs, ve, 0, 0xffffffff),
  };
  if (hit.authorizationCountryCode !== undefined) h.authorizationCountryCode = hit.authorizationCountryCode;
  let last = 4;
  for (let p = ve; p < he; ) {
    const t = tlv(b, p, he);
    const s = vs;
    const e = (p = ve);
    if ((t & 0x1f) <= last) throw FALLBACK; // X.680: the fields of a SEQUENCE in definition order
    last = t & 0x1f;
    switch (t) {
      case 0x85: h.timeStamp = time(b, s, e); break;
      case 0x86: h.interceptionPointID = printable(b, s, e, 1, 8); break;
      case 0xa7: h.microSecondTimeStamp = micro(b, s, e); break;
      case 0x88: h.timeStampQualifier = int(b, s, e); break;
      case 0x89: if (e - s < 1 || e - s > 65535) throw FALLBACK; h.extendedInterceptionPointID = octets(b, s, e); break;
      case 0x8a: if (e - s < 1 || e - s > 65535) throw FALLBACK; h.networkFunctionIdentifier = octets(b, s, e); break;
      default: throw FALLBACK;
    }
  }
  return h;
}


// ---- Payload ----

/** `cCContents [2] CCContents`: the explicit [2] holds exactly one alternative (X.680 §31.2.7). */
function ccContents(b: Uint8Array, s: number, e: number): CCContents {
  const alt = tlv(b, s, e);
  if (ve !== e) throw FALLBACK;
  const vs0 = vs;
  switch (alt) {
    case 0xa2: {
      // iPCC [2] IPCC ::= SEQUENCE { iPCCObjId [0] RELATIVE-OID, iPCCContents [1] IPCCContents } (TS 102 232-3 §6.3)
      if (tlv(b, vs0, e) !== 0x80) throw FALLBACK;
      const iPCCObjId = relOid(b, vs, ve);
      if (tlv(b, ve, e) !== 0xa1 || ve !== e) throw FALLBACK;
      // iPPackets [0] OCTET STRING, alone in the explicit [1]
      if (tlv(b, vs, e) !== 0x80 || ve !== e) throw FALLBACK;
      return { kind: 'iPCC', value: { iPCCObjId, iPCCContents: { kind: 'iPPackets', value: octets(b, vs, ve) } } };
    }
    case 0xac: {
      // iPMMCC [12] IPMMCC ::= SEQUENCE { iPMMCCObjId [0], mMCCContents [1], frameType [2], streamIdentifier [3], mMCCprotocol [4] } (TS 102 232-5 §5.5)
      if (tlv(b, vs0, e) !== 0x80) throw FALLBACK;
      const iPMMCCObjId = relOid(b, vs, ve);
      if (tlv(b, ve, e) !== 0x81) throw FALLBACK;
      const value: CCContents & { kind: 'iPMMCC' } = { kind: 'iPMMCC', value: { iPMMCCObjId, mMCCContents: octets(b, vs, ve) } };
      let last = 1;
      for (let p = ve; p < e; ) {
        const t = tlv(b, p, e);
        if ((t & 0x1f) <= last) throw FALLBACK;
        last = t & 0x1f;
        if (t === 0x82) value.value.frameType = int(b, vs, ve);
        else if (t === 0x83) value.value.streamIdentifier = octets(b, vs, ve);
        else if (t === 0x84) value.value.mMCCprotocol = int(b, vs, ve);
        else throw FALLBACK;
        p = ve;
      }
      return value;
    }
    case 0x84:
      return { kind: 'uMTSCC', value: octets(b, vs, ve) };
    case 0x8f:
      return { kind: 'ePSCC', value: octets(b, vs, ve) };
    case 0x97:
      return { kind: 'threeGPP33128DefinedCC', value: octets(b, vs, ve) };
    default:
      throw FALLBACK;
  }
}

/** `CCPayload ::= SEQUENCE { payloadDirection [0], timeStamp [1], cCContents [2], microSecondTimeStamp [3], timeStampQualifier [4], ... }` */
function ccPayload(b: Uint8Array, s: number, e: number): CCPayload {
  let direction: number | undefined;
  let timeStamp: Date | undefined;
  let contents: CCContents | undefined;
  let ms: MicroSecondTimeStamp | undefined;
  let qualifier: number | undefined;
  let last = -1;
  for (let p = s; p < e; ) {
    const t = tlv(b, p, e);
    const fs = vs;
    const fe = (p = ve);
    if ((t & 0x1f) <= last) throw FALLBACK;
    last = t & 0x1f;
    if (t === 0x80) direction = int(b, fs, fe);
    else if (t === 0x81) timeStamp = time(b, fs, fe);
    else if (t === 0xa2) contents = ccContents(b, fs, fe);
    else if (t === 0xa3) ms = micro(b, fs, fe);
    else if (t === 0x84) qualifier = int(b, fs, fe);
    else throw FALLBACK;
  }
  if (!contents) throw FALLBACK;
  // Property order as the generic decoder builds the object.
  const out: CCPayload = { cCContents: contents };
  if (direction !== undefined) out.payloadDirection = direction;
  if (timeStamp) out.timeStamp = timeStamp;
  if (ms) out.microSecondTimeStamp = ms;
  if (qualifier !== undefined) out.timeStampQualifier = qualifier;
  return out;
}

/** `IRIPayload ::= SEQUENCE { iRIType [0] (1..4), timeStamp [1], iRIContents [2], microSecondTimeStamp [3], timeStampQualifier [4], sessionDirection [5], payloadDirection [6], ... }` */
function iriPayload(b: Uint8Array, s: number, e: number): IRIPayload {
  const v: (number | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined, undefined];
  let timeStamp: Date | undefined;
  let contents: IRIContents | undefined;
  let ms: MicroSecondTimeStamp | undefined;
  let last = -1;
  for (let p = s; p < e; ) {
    const t = tlv(b, p, e);
    const fs = vs;
    const fe = (p = ve);
    if ((t & 0x1f) <= last) throw FALLBACK;
    last = t & 0x1f;
    if (t === 0x80) v[0] = int(b, fs, fe, 1, 4);
    else if (t === 0x81) timeStamp = time(b, fs, fe);
    else if (t === 0xa2) {
      // iRIContents [2]: threeGPP33128DefinedIRI [19] OCTET STRING or iPMMIRI [11] (TS 102 232-1 Annex A).
      const alt = tlv(b, fs, fe);
      if (ve !== fe) throw FALLBACK;
      if (alt === 0x93) contents = { kind: 'threeGPP33128DefinedIRI', value: octets(b, vs, ve) };
      else if (alt === 0xab) contents = { kind: 'iPMMIRI', value: ipmmiri(b, vs, ve) };
      else throw FALLBACK;
    } else if (t === 0xa3) ms = micro(b, fs, fe);
    else if (t === 0x84 || t === 0x85 || t === 0x86) v[t & 0x1f] = int(b, fs, fe);
    else throw FALLBACK;
  }
  if (!contents) throw FALLBACK;
  const out: IRIPayload = { iRIContents: contents };
  if (v[0] !== undefined) out.iRIType = v[0] as IRIPayload['iRIType'] & number;
  if (timeStamp) out.timeStamp = timeStamp;
  if (ms) out.microSecondTimeStamp = ms;
  if (v[4] !== undefined) out.timeStampQualifier = v[4];
  if (v[5] !== undefined) out.sessionDirection = v[5];
  if (v[6] !== undefined) out.payloadDirection = v[6];
  return out;
}

/** `payload [2] Payload`: explicit around the CHOICE; cCPayloadSequence [1], iRIPayloadSequence [0] (§6.2.3) or tRIPayload [2] (fast-tri.ts). */
function payload(b: Uint8Array, s: number, e: number): Payload {
  const alt = tlv(b, s, e);
  if (ve !== e) throw FALLBACK;
  if (alt === 0xa2) return { kind: 'tRIPayload', value: tri(b, vs, ve) };
  if (alt !== 0xa1 && alt !== 0xa0) throw FALLBACK;
  const items: (CCPayload | IRIPayload)[] = [];
  for (let p = vs; p < e; ) {
    if (tlv(b, p, e) !== 0x30) throw FALLBACK;
    const fs = vs;
    p = ve;
    items.push(alt === 0xa1 ? ccPayload(b, fs, p) : iriPayload(b, fs, p));
  }
  return alt === 0xa1 ? { kind: 'cCPayloadSequence', value: items as CCPayload[] } : { kind: 'iRIPayloadSequence', value: items as IRIPayload[] };
}

/**
 * Decodes one PS-PDU of the shapes above, or returns undefined: the caller then decodes it with the
 * generic decoder, which gives the result or the typed error (PsPduDecodeError) for those octets.
 */
export function fastDecodePsPdu(bytes: Uint8Array): PsPdu | undefined {
  try {
    const end = bytes.length;
    if (tlv(bytes, 0, end) !== 0x30 || ve !== end) return undefined; // PS-PDU SEQUENCE, no trailing octets
    const ps = vs;
    if (tlv(bytes, ps, end) !== 0xa1) return undefined;
    const hs = vs;
    const he = ve;
    if (tlv(bytes, he, end) !== 0xa2 || ve !== end) return undefined; // exactly [1] and [2] (non-extensible)
    const pls = vs;
    const pSHeader = header(bytes, ps, hs, he);
    return { pSHeader, payload: payload(bytes, pls, end) };
  } catch {
    return undefined;
  }
}

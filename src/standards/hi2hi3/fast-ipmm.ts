/**
 * Fast-path readers (fast-decode.ts) for the IRI the MDF writes for X2 SIP: iPMMIRI [11]
 * (TS 102 232-5 §5.2 `IPMMIRI ::= SEQUENCE { iPMMIRIObjId [0] RELATIVE-OID, iPMMIRIContents [1] … }`)
 * whose contents are a SIPMessage (source and destination IPAddress, TS 102 232-1 Annex A, and the SIP
 * octets) or one of the OCTET STRING alternatives. targetLocation, additionalSignalling, unknown fields
 * and any other form throw FALLBACK: the generic decoder (codec-ipmm.ts) decides those.
 */
import { FALLBACK, int, octets, relOid, tlv, ve, vs } from './fast-values.ts';
import type { IPAddress } from './types.ts';
import type { IPMMIRI, IPMMIRIContents } from './types-ipmm.ts';

/** IPAddress ::= SEQUENCE { iP-type [1], iP-value [2] IP-value, iP-assignment [3], iPv6PrefixLength [4], iPv4SubnetMask [5], iP-NAT-translated [6], ... } */
function ipAddress(b: Uint8Array, s: number, e: number): IPAddress {
  if (tlv(b, s, e) !== 0x81) throw FALLBACK;
  const iPType = int(b, vs, ve);
  if (tlv(b, ve, e) !== 0xa2) throw FALLBACK;
  const ve2 = ve;
  // IP-value ::= CHOICE { iPBinaryAddress [1] OCTET STRING (SIZE(4..16)), iPTextAddress [2] IA5String (SIZE(7..45)) }, explicit in [2]
  const alt = tlv(b, vs, ve2);
  if (ve !== ve2) throw FALLBACK;
  const n = ve - vs;
  let iPValue: IPAddress['iPValue'];
  if (alt === 0x81 && n >= 4 && n <= 16) iPValue = { kind: 'iPBinaryAddress', value: octets(b, vs, ve) };
  else if (alt === 0x82 && n >= 7 && n <= 45) iPValue = { kind: 'iPTextAddress', value: latin1(b, vs, ve) };
  else throw FALLBACK;
  const a: IPAddress = { iPType, iPValue };
  let last = 2;
  for (let p = ve2; p < e; ) {
    const t = tlv(b, p, e);
    p = ve;
    if ((t & 0x1f) <= last) throw FALLBACK;
    last = t & 0x1f;
    if (t === 0x83) a.iPAssignment = int(b, vs, ve);
    else if (t === 0x84) a.iPv6PrefixLength = int(b, vs, ve, 1, 128);
    else if (t === 0x85 && ve - vs === 4) a.iPv4SubnetMask = octets(b, vs, ve);
    else if (t === 0x86 && ve - vs === 1) a.iPNATTranslated = b[vs] !== 0; // BOOLEAN, X.690 §8.2.2
    else throw FALLBACK;
  }
  return a;
}

/** Octets as latin1 text, as ber-util's readText decodes an IA5String/OCTET STRING. */
function latin1(b: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(b[i]!);
  return out;
}

/** The contents of iPMMIRI [11] (b[s, e)). */
export function ipmmiri(b: Uint8Array, s: number, e: number): IPMMIRI {
  if (tlv(b, s, e) !== 0x80) throw FALLBACK;
  const iPMMIRIObjId = relOid(b, vs, ve);
  if (tlv(b, ve, e) !== 0xa1 || ve !== e) throw FALLBACK; // only [0] and [1]
  const ce = ve;
  const t = tlv(b, vs, ce); // the one IPMMIRIContents alternative inside the explicit [1]
  if (ve !== ce) throw FALLBACK;
  let c: IPMMIRIContents;
  if (t === 0x80) c = { kind: 'originalIPMMMessage', value: octets(b, vs, ve) };
  else if (t === 0x84) c = { kind: 'xCAPMessage', value: octets(b, vs, ve) };
  else if (t === 0x85) c = { kind: 'iRIOnlyOriginalIPMMMessage', value: octets(b, vs, ve) };
  else if (t === 0xa1 || t === 0xa6) {
    // SIPMessage ::= SEQUENCE { iPSourceAddress [0] IPAddress, iPDestinationAddress [1] IPAddress, sIPContent [2] OCTET STRING, ... }
    const me = ve;
    if (tlv(b, vs, me) !== 0xa0) throw FALLBACK;
    const de = ve;
    const iPSourceAddress = ipAddress(b, vs, de);
    if (tlv(b, de, me) !== 0xa1) throw FALLBACK;
    const ce2 = ve;
    const iPDestinationAddress = ipAddress(b, vs, ce2);
    if (tlv(b, ce2, me) !== 0x82 || ve !== me) throw FALLBACK;
    const value = { iPSourceAddress, iPDestinationAddress, sIPContent: octets(b, vs, ve) };
    c = t === 0xa1 ? { kind: 'sIPMessage', value } : { kind: 'iRIOnlySIPMessage', value };
  } else throw FALLBACK;
  return { iPMMIRIObjId, iPMMIRIContents: c };
}

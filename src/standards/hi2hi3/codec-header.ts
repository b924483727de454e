/**
 * PSHeader codec (TS 102 232-1 §5.2, Annex A): LIID (§5.2.2), country codes (§5.2.3), CID = NID + CIN
 * + DCC (§5.2.4), sequence number (§5.2.5), timestamps (§5.2.6), interception point (§5.2.11).
 */
import {
  ctx,
  ctxCons,
  ctxEnumerated,
  ctxInteger,
  ctxOid,
  ctxTime,
  present,
  type BerElement,
  type BerNode,
} from '../ber/index.ts';
import {
  checkRange,
  checkSize,
  fieldsOf,
  nodeFromRaw,
  printableBytes,
  readInt,
  readOctetsSized,
  readOid,
  readPrintable,
  readText,
  readTime,
  readUint32,
  req,
  TagClassContext,
  textBytes,
  copyBytes,
} from './ber-util.ts';
import { decodeMicroSecondTimeStamp, microSecondTimeStampNode } from './codec-common.ts';
import { LI_PS_DOMAIN_ID } from './constants.ts';
import type { CommunicationIdentifier, PSHeader } from './types.ts';

/** Fields [0]..[3] of PSHeader: the part that stays the same for every PDU of a task (template.ts). */
export function headerPrefixNodes(h: Pick<PSHeader, 'liPsDomainId' | 'lawfulInterceptionIdentifier' | 'authorizationCountryCode' | 'communicationIdentifier'>): BerNode[] {
  return present([
    ctxOid(0, h.liPsDomainId || LI_PS_DOMAIN_ID),
    ctx(1, textBytes(h.lawfulInterceptionIdentifier, 1, 25, 'PSHeader.lawfulInterceptionIdentifier')),
    h.authorizationCountryCode !== undefined && ctx(2, printableBytes(h.authorizationCountryCode, 2, 2, 'PSHeader.authorizationCountryCode')),
    communicationIdentifierNode(3, h.communicationIdentifier),
  ]);
}

function communicationIdentifierNode(tag: number, c: CommunicationIdentifier): BerNode {
  const n = c.networkIdentifier;
  if (c.communicationIdentityNumber !== undefined) checkRange(c.communicationIdentityNumber, 0, 0xffffffff, 'communicationIdentityNumber');
  return ctxCons(
    tag,
    present([
      ctxCons(
        0,
        present([
          ctx(0, textBytes(n.operatorIdentifier, 1, 16, 'NetworkIdentifier.operatorIdentifier')),
          n.networkElementIdentifier !== undefined && ctx(1, textBytes(n.networkElementIdentifier, 1, 16, 'NetworkIdentifier.networkElementIdentifier')),
          n.eTSI671NEID && nodeFromRaw(n.eTSI671NEID),
        ]),
      ),
      c.communicationIdentityNumber !== undefined && ctxInteger(1, c.communicationIdentityNumber),
      c.deliveryCountryCode !== undefined && ctx(2, printableBytes(c.deliveryCountryCode, 2, 2, 'CommunicationIdentifier.deliveryCountryCode')),
      c.cINExtension && nodeFromRaw(c.cINExtension),
    ]),
  );
}

/** Fields [6].. of PSHeader after the per-PDU [4] sequenceNumber, [5] timeStamp, split around [7]. */
export function headerTailNodes(h: Pick<PSHeader, 'interceptionPointID' | 'timeStampQualifier' | 'extendedInterceptionPointID' | 'networkFunctionIdentifier'>): {
  beforeMicro: BerNode[];
  afterMicro: BerNode[];
} {
  if (h.extendedInterceptionPointID) checkSize(h.extendedInterceptionPointID.length, 1, 65535, 'extendedInterceptionPointID');
  if (h.networkFunctionIdentifier) checkSize(h.networkFunctionIdentifier.length, 1, 65535, 'networkFunctionIdentifier');
  return {
    beforeMicro: present([h.interceptionPointID !== undefined && ctx(6, printableBytes(h.interceptionPointID, 1, 8, 'PSHeader.interceptionPointID'))]),
    afterMicro: present([
      h.timeStampQualifier !== undefined && ctxEnumerated(8, h.timeStampQualifier),
      h.extendedInterceptionPointID && ctx(9, h.extendedInterceptionPointID),
      h.networkFunctionIdentifier && ctx(10, h.networkFunctionIdentifier),
    ]),
  };
}

export function psHeaderNode(h: PSHeader): BerNode {
  checkRange(h.sequenceNumber, 0, 0xffffffff, 'PSHeader.sequenceNumber');
  const tail = headerTailNodes(h);
  return ctxCons(1, [
    ...headerPrefixNodes(h),
    ctxInteger(4, h.sequenceNumber),
    ...present([h.timeStamp && ctxTime(5, h.timeStamp)]),
    ...tail.beforeMicro,
    ...present([h.microSecondTimeStamp && microSecondTimeStampNode(7, h.microSecondTimeStamp)]),
    ...tail.afterMicro,
  ]);
}

function decodeCommunicationIdentifier(el: BerElement, where: string): CommunicationIdentifier {
  const f = fieldsOf(el, where, TagClassContext, 3);
  const nw = `${where}.networkIdentifier`;
  const n = fieldsOf(req(f, 0, where, 'networkIdentifier'), nw, TagClassContext, 0);
  const c: CommunicationIdentifier = {
    networkIdentifier: { operatorIdentifier: readText(req(n, 0, nw, 'operatorIdentifier'), `${nw}.operatorIdentifier`, 1, 16) },
  };
  let e = n.get(1);
  if (e) c.networkIdentifier.networkElementIdentifier = readText(e, `${nw}.networkElementIdentifier`, 1, 16);
  if ((e = n.get(2))) c.networkIdentifier.eTSI671NEID = copyBytes(e.raw);
  if ((e = f.get(1))) c.communicationIdentityNumber = readUint32(e, `${where}.communicationIdentityNumber`);
  if ((e = f.get(2))) c.deliveryCountryCode = readPrintable(e, `${where}.deliveryCountryCode`, 2, 2);
  if ((e = f.get(3))) c.cINExtension = copyBytes(e.raw);
  return c;
}

/** The decoded constant part of a PSHeader ([0] … [3]) and the octets it was decoded from. */
interface HeaderPrefix {
  octets: Uint8Array;
  liPsDomainId: string;
  lawfulInterceptionIdentifier: string;
  authorizationCountryCode: string | undefined;
  communicationIdentifier: CommunicationIdentifier;
}

/**
 * Every PDU of one LIID and CID repeats the same PSHeader fields [0] … [3] (TS 102 232-1 §5.2.2-5.2.4;
 * only [4] sequenceNumber and [5] timeStamp change): a LEMF decodes them once per stream and, for a
 * PDU whose octets [0] … [3] are equal to ones decoded before, copies that result (same values,
 * fresh objects). Bounded; a miss decodes as before.
 */
const prefixCache = new Map<number, HeaderPrefix>();
const PREFIX_CACHE_LIMIT = 4096;

function prefixHash(v: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5; // FNV-1a
  for (let i = from; i < to; i++) h = Math.imul(h ^ v[i]!, 0x01000193);
  return h >>> 0;
}

function sameOctets(a: Uint8Array, v: Uint8Array, from: number, to: number): boolean {
  if (a.length !== to - from) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== v[from + i]) return false;
  return true;
}

function copyCommunicationIdentifier(c: CommunicationIdentifier): CommunicationIdentifier {
  const n = c.networkIdentifier;
  const out: CommunicationIdentifier = { networkIdentifier: { operatorIdentifier: n.operatorIdentifier } };
  if (n.networkElementIdentifier !== undefined) out.networkIdentifier.networkElementIdentifier = n.networkElementIdentifier;
  if (n.eTSI671NEID) out.networkIdentifier.eTSI671NEID = copyBytes(n.eTSI671NEID);
  if (c.communicationIdentityNumber !== undefined) out.communicationIdentityNumber = c.communicationIdentityNumber;
  if (c.deliveryCountryCode !== undefined) out.deliveryCountryCode = c.deliveryCountryCode;
  if (c.cINExtension) out.cINExtension = copyBytes(c.cINExtension);
  return out;
}

/** Where the header's [0] … [3] lie in its contents, and their cached decoding if these octets were seen before. */
function headerPrefix(el: BerElement, f: Map<number, BerElement>): { from: number; to: number; hash: number; hit: HeaderPrefix | undefined } | undefined {
  const e0 = f.get(0);
  const e3 = f.get(3);
  // A header without them takes the generic path, which reports what is missing.
  if (!e0 || !e3 || !f.has(1)) return undefined;
  const v = el.value;
  // fieldsOf checked that the tags ascend: [0] … [3] are one run of v.
  const from = e0.raw.byteOffset - v.byteOffset;
  const to = e3.raw.byteOffset + e3.raw.length - v.byteOffset;
  const hash = prefixHash(v, from, to);
  const hit = prefixCache.get(hash);
  return { from, to, hash, hit: hit && sameOctets(hit.octets, v, from, to) ? hit : undefined };
}

export function decodePsHeader(el: BerElement): PSHeader {
  const w = 'PSHeader';
  const f = fieldsOf(el, w, TagClassContext, 1);
  const at = headerPrefix(el, f);
  const prefix = at?.hit;
  if (!prefix) {
    // A miss decodes every field as before (same values, same first error) and keeps [0] … [3].
    const h = decodePsHeaderFields(f, w);
    if (at) {
      if (prefixCache.size >= PREFIX_CACHE_LIMIT) prefixCache.clear();
      prefixCache.set(at.hash, {
        octets: el.value.slice(at.from, at.to),
        liPsDomainId: h.liPsDomainId,
        lawfulInterceptionIdentifier: h.lawfulInterceptionIdentifier,
        authorizationCountryCode: h.authorizationCountryCode,
        communicationIdentifier: copyCommunicationIdentifier(h.communicationIdentifier),
      });
    }
    return h;
  }
  const h: PSHeader = {
    liPsDomainId: prefix.liPsDomainId,
    lawfulInterceptionIdentifier: prefix.lawfulInterceptionIdentifier,
    communicationIdentifier: copyCommunicationIdentifier(prefix.communicationIdentifier),
    sequenceNumber: readUint32(req(f, 4, w, 'sequenceNumber'), `${w}.sequenceNumber`),
  };
  if (prefix.authorizationCountryCode !== undefined) h.authorizationCountryCode = prefix.authorizationCountryCode;
  return decodeHeaderTail(h, f, w);
}

/** The generic path: every field decoded from its octets (no cache). Exported for the differential test. */
export function decodePsHeaderUncached(el: BerElement): PSHeader {
  const w = 'PSHeader';
  return decodePsHeaderFields(fieldsOf(el, w, TagClassContext, 1), w);
}

function decodePsHeaderFields(f: Map<number, BerElement>, w: string): PSHeader {
  const h: PSHeader = {
    liPsDomainId: readOid(req(f, 0, w, 'li-psDomainId'), `${w}.li-psDomainId`),
    lawfulInterceptionIdentifier: readText(req(f, 1, w, 'lawfulInterceptionIdentifier'), `${w}.lawfulInterceptionIdentifier`, 1, 25),
    communicationIdentifier: decodeCommunicationIdentifier(req(f, 3, w, 'communicationIdentifier'), `${w}.communicationIdentifier`),
    sequenceNumber: readUint32(req(f, 4, w, 'sequenceNumber'), `${w}.sequenceNumber`),
  };
  const e = f.get(2);
  if (e) h.authorizationCountryCode = readPrintable(e, `${w}.authorizationCountryCode`, 2, 2);
  return decodeHeaderTail(h, f, w);
}

/** PSHeader [5] … [10]. */
function decodeHeaderTail(h: PSHeader, f: Map<number, BerElement>, w: string): PSHeader {
  let e: BerElement | undefined;
  if ((e = f.get(5))) h.timeStamp = readTime(e, `${w}.timeStamp`);
  if ((e = f.get(6))) h.interceptionPointID = readPrintable(e, `${w}.interceptionPointID`, 1, 8);
  if ((e = f.get(7))) h.microSecondTimeStamp = decodeMicroSecondTimeStamp(e, `${w}.microSecondTimeStamp`);
  if ((e = f.get(8))) h.timeStampQualifier = readInt(e, `${w}.timeStampQualifier`);
  if ((e = f.get(9))) h.extendedInterceptionPointID = readOctetsSized(e, `${w}.extendedInterceptionPointID`, 1, 65535);
  if ((e = f.get(10))) h.networkFunctionIdentifier = readOctetsSized(e, `${w}.networkFunctionIdentifier`, 1, 65535);
  return h;
}

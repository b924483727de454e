/**
 * Content sniffing for `warranted inspect --format auto`. Each test looks at the first octets only:
 * - pcap: the classic magic number in either byte order, micro- or nanosecond (draft-ietf-opsawg-pcap §4);
 *   pcapng's Section Header Block type is routed to the pcap reader too, which refuses it with PCAP_BAD_MAGIC.
 * - XML: the root element's namespace — X1 (TS 103 221-1 §6.1) or HI-1 core (TS 103 120 §6.1).
 * - X2/X3: Version major 0, PDU Type 1–4, Header Length ≥ 40 (TS 103 221-2 §5.1 Table 1, §5.2).
 * - PS-PDU: a universal constructed SEQUENCE tag 0x30 (TS 102 232-1 Annex A, BER).
 * - A bare TS 33.128 payload (as on X2 format 2 or inside a PS-PDU): a SEQUENCE whose first element is
 *   the [1] RELATIVE-OID {threeGPP(4) ts33128(19) …} (TS33128Payloads); checked before the PS-PDU test.
 */
import { X1_NS } from '../../standards/x1/index.ts';

export const INSPECT_FORMATS = ['x1', 'hi1', 'x2x3', 'pspdu', 'ts33128', 'pcap'] as const;
export type InspectFormat = (typeof INSPECT_FORMATS)[number];

/** TS 103 120 namespaces all start with this (Core: http://uri.etsi.org/03120/common/2019/10/Core). */
const HI1_NS_PREFIX = 'http://uri.etsi.org/03120/';

const PCAP_MAGICS = new Set([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a]);

export function looksLikePcap(b: Uint8Array): boolean {
  if (b.length < 4) return false;
  const magic = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  return PCAP_MAGICS.has(magic);
}

/** TS 103 221-2 §5.1: Version (major 0), PDU Type 1..4, Header Length >= 40 and plausible. */
export function looksLikeX2X3(b: Uint8Array): boolean {
  if (b.length < 12 || b[0] !== 0 || b[2] !== 0) return false;
  const type = b[3]!;
  if (type < 1 || type > 4) return false;
  const headerLength = ((b[4]! << 24) | (b[5]! << 16) | (b[6]! << 8) | b[7]!) >>> 0;
  return headerLength >= 40 && headerLength < 1 << 24;
}

export function looksLikeBer(b: Uint8Array): boolean {
  return b[0] === 0x30;
}

export type Ts33128PayloadType = 'XIRIPayload' | 'IRIPayload' | 'CCPayload' | 'LINotificationPayload';
const TS33128_TYPE_BY_ARC: Partial<Record<number, Ts33128PayloadType>> = { 1: 'XIRIPayload', 3: 'IRIPayload', 4: 'CCPayload', 5: 'LINotificationPayload' };

/** The payload type named by a TS 33.128 payload OID's last arc (xIRI(1), iRI(3), cC(4), lINotification(5)). */
export function ts33128PayloadType(b: Uint8Array): Ts33128PayloadType | undefined {
  if (b[0] !== 0x30 || b.length < 4) return undefined;
  const l = b[1]!;
  const at = 2 + (l < 0x80 ? 0 : l & 0x7f);
  const oidLength = b[at + 1];
  if (b[at] !== 0x81 || oidLength === undefined || oidLength < 3 || oidLength > 8 || at + 2 + oidLength > b.length) return undefined;
  if (b[at + 2] !== 4 || b[at + 3] !== 19) return undefined;
  return TS33128_TYPE_BY_ARC[b[at + 1 + oidLength]!];
}

/** The namespace URI of the root element, or undefined when the text does not look like XML. */
export function xmlRootNamespace(b: Uint8Array): { namespace: string | undefined; localName: string } | undefined {
  const text = Buffer.from(b.buffer, b.byteOffset, Math.min(b.byteLength, 65536)).toString('utf8');
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text[i] !== '<') return undefined;
    if (text.startsWith('<?', i)) {
      const e = text.indexOf('?>', i);
      if (e < 0) return undefined;
      i = e + 2;
    } else if (text.startsWith('<!--', i)) {
      const e = text.indexOf('-->', i);
      if (e < 0) return undefined;
      i = e + 3;
    } else if (text.startsWith('<!', i)) {
      // DOCTYPE, possibly with an internal subset: the decoders refuse it, but it is still XML.
      const bracket = text.indexOf('[', i);
      const close = text.indexOf('>', i);
      if (close < 0) return undefined;
      if (bracket >= 0 && bracket < close) {
        const e = text.indexOf(']', bracket);
        const e2 = e < 0 ? -1 : text.indexOf('>', e);
        if (e2 < 0) return undefined;
        i = e2 + 1;
      } else i = close + 1;
    } else break;
  }
  const m = /^<([A-Za-z_][\w.-]*)(?::([A-Za-z_][\w.-]*))?([^>]*)>?/.exec(text.slice(i, i + 8192));
  if (!m) return undefined;
  const prefix = m[2] === undefined ? undefined : m[1]!;
  const localName = m[2] ?? m[1]!;
  const attrs = m[3] ?? '';
  const wanted = prefix === undefined ? 'xmlns' : `xmlns:${prefix}`;
  const re = /([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  let namespace: string | undefined;
  for (let a = re.exec(attrs); a; a = re.exec(attrs)) {
    if (a[1] === wanted) namespace = a[3] ?? a[4];
  }
  return { namespace, localName };
}

/** The format of a file's content, or undefined when nothing matches. */
export function detectFormat(b: Uint8Array): InspectFormat | undefined {
  if (looksLikePcap(b)) return 'pcap';
  if (looksLikeX2X3(b)) return 'x2x3';
  if (ts33128PayloadType(b) !== undefined) return 'ts33128';
  if (looksLikeBer(b)) return 'pspdu';
  const root = xmlRootNamespace(b);
  if (root?.namespace === X1_NS) return 'x1';
  if (root?.namespace?.startsWith(HI1_NS_PREFIX) === true) return 'hi1';
  return undefined;
}

/**
 * PS-PDU ::= SEQUENCE { pSHeader [1] PSHeader, … }: 0x30, a length, then 0xA1. Stricter than the file
 * test because a capture carries other traffic too (a text protocol may well start with "0").
 */
export function looksLikePsPduStream(b: Uint8Array): boolean {
  if (b[0] !== 0x30 || b.length < 3) return false;
  const l = b[1]!;
  const lengthOctets = l < 0x80 ? 0 : l === 0x80 ? 0 : l & 0x7f;
  if (lengthOctets > 4) return false;
  return b[2 + lengthOctets] === 0xa1;
}

/** Detection for the octets of one reassembled TCP flow: only the two stream formats qualify. */
export function detectStreamFormat(b: Uint8Array): 'x2x3' | 'pspdu' | undefined {
  if (looksLikeX2X3(b)) return 'x2x3';
  if (looksLikePsPduStream(b)) return 'pspdu';
  return undefined;
}

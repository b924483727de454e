/**
 * A byte-level pre-scan of an XML document, run before libxml2 parses it. It does two jobs:
 *  1. refuses what an HI-1 message never needs and attackers love: DTDs (<!DOCTYPE, <!ENTITY),
 *     entity references other than the five predefined ones and character references, processing
 *     instructions other than the XML declaration, non-UTF-8 encodings;
 *  2. records the exact byte range [start, end) of every element in document order, so the decoder
 *     can hand out the received bytes of each HI1Object (signatures are verified over received bytes,
 *     DESIGN.md "keep the raw bytes of anything that is hashed or signed").
 */
import { hi1Fail } from './errors.ts';

export interface ElementSpan {
  /** Qualified name as written (prefix:local). */
  qname: string;
  start: number;
  end: number;
  depth: number;
}

const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const latin1 = new TextDecoder('latin1');

function indexOf(bytes: Uint8Array, needle: string, from: number): number {
  const first = needle.charCodeAt(0);
  outer: for (let i = bytes.indexOf(first, from); i >= 0; i = bytes.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

function startsWith(bytes: Uint8Array, at: number, s: string): boolean {
  for (let j = 0; j < s.length; j++) if (bytes[at + j] !== s.charCodeAt(j)) return false;
  return true;
}

/** Refuses "&name;" unless it is lt/gt/amp/quot/apos or a character reference. */
function checkReferences(bytes: Uint8Array, from: number, to: number): void {
  for (let i = bytes.indexOf(AMP, from); i >= 0 && i < to; i = bytes.indexOf(AMP, i + 1)) {
    const semi = bytes.indexOf(0x3b, i);
    const ref = semi < 0 || semi - i > 12 ? '' : latin1.decode(bytes.subarray(i + 1, semi));
    if (!/^(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6})$/u.test(ref)) {
      hi1Fail('HI1_XML_FORBIDDEN', 'entity references other than the predefined ones are refused');
    }
  }
}

export interface ScanLimits {
  maxBytes: number;
  maxDepth: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = { maxBytes: 16 * 1024 * 1024, maxDepth: 48 };

export function scanXml(bytes: Uint8Array, limits: ScanLimits = DEFAULT_SCAN_LIMITS): ElementSpan[] {
  if (bytes.length > limits.maxBytes) hi1Fail('HI1_TOO_LARGE', `message larger than ${limits.maxBytes} bytes`);
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const spans: ElementSpan[] = [];
  const open: number[] = []; // indexes into spans
  let sawRoot = false;
  if (startsWith(bytes, i, '<?xml') && /[\s?]/u.test(String.fromCharCode(bytes[i + 5] ?? 0))) {
    const end = indexOf(bytes, '?>', i);
    if (end < 0) hi1Fail('HI1_XML_MALFORMED', 'unterminated XML declaration');
    const decl = latin1.decode(bytes.subarray(i, end));
    const enc = /encoding\s*=\s*["']([^"']*)["']/u.exec(decl);
    if (enc !== null && !/^utf-?8$/iu.test(enc[1]!)) hi1Fail('HI1_XML_MALFORMED', 'only UTF-8 HI-1 messages are accepted');
    i = end + 2;
  }
  for (;;) {
    const lt = bytes.indexOf(LT, i);
    checkReferences(bytes, i, lt < 0 ? bytes.length : lt);
    if (lt < 0) break;
    if (startsWith(bytes, lt, '<!--')) {
      const end = indexOf(bytes, '-->', lt + 4);
      if (end < 0) hi1Fail('HI1_XML_MALFORMED', 'unterminated comment');
      i = end + 3;
    } else if (startsWith(bytes, lt, '<![CDATA[')) {
      const end = indexOf(bytes, ']]>', lt + 9);
      if (end < 0) hi1Fail('HI1_XML_MALFORMED', 'unterminated CDATA section');
      i = end + 3;
    } else if (startsWith(bytes, lt, '<!')) {
      hi1Fail('HI1_XML_FORBIDDEN', 'DTDs and markup declarations are refused');
    } else if (startsWith(bytes, lt, '<?')) {
      hi1Fail('HI1_XML_FORBIDDEN', 'processing instructions are refused');
    } else if (bytes[lt + 1] === 0x2f) {
      const gt = bytes.indexOf(GT, lt);
      if (gt < 0) hi1Fail('HI1_XML_MALFORMED', 'unterminated end tag');
      const top = open.pop();
      if (top === undefined) hi1Fail('HI1_XML_MALFORMED', 'end tag without start tag');
      spans[top]!.end = gt + 1;
      i = gt + 1;
    } else {
      // Start tag: find the closing '>' outside quoted attribute values.
      let j = lt + 1;
      let quote = 0;
      for (; j < bytes.length; j++) {
        const b = bytes[j]!;
        if (quote !== 0) {
          if (b === quote) quote = 0;
          else if (b === LT) hi1Fail('HI1_XML_MALFORMED', "'<' inside an attribute value");
        } else if (b === 0x22 || b === 0x27) quote = b;
        else if (b === GT) break;
      }
      if (j >= bytes.length) hi1Fail('HI1_XML_MALFORMED', 'unterminated start tag');
      checkReferences(bytes, lt, j);
      const nameMatch = /^[^\s/>]+/u.exec(latin1.decode(bytes.subarray(lt + 1, Math.min(j, lt + 256))));
      if (nameMatch === null) hi1Fail('HI1_XML_MALFORMED', 'start tag without a name');
      if (open.length === 0 && sawRoot) hi1Fail('HI1_XML_MALFORMED', 'more than one root element');
      sawRoot = true;
      if (open.length >= limits.maxDepth) hi1Fail('HI1_TOO_LARGE', `elements nested deeper than ${limits.maxDepth}`);
      spans.push({ qname: nameMatch[0], start: lt, end: j + 1, depth: open.length });
      if (bytes[j - 1] !== 0x2f) open.push(spans.length - 1);
      i = j + 1;
    }
  }
  if (open.length > 0 || !sawRoot) hi1Fail('HI1_XML_MALFORMED', 'document has no root element or unclosed elements');
  return spans;
}

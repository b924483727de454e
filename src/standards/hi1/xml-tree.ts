/**
 * Parses HI-1 XML with libxml2 (namespace-aware, no network, no external entities) into a small
 * plain tree, checks it against the byte pre-scan, and disposes the libxml2 document at once.
 * `Reader` then walks a node's children as an XSD sequence: each step names the element expected
 * next, so order, namespaces and unexpected elements are all checked by construction.
 */
import { ParseOption, XmlCData, XmlDocument, XmlElement, XmlText } from 'libxml2-wasm';
import { hi1Fail, Hi1Error } from './errors.ts';
import { NS } from './namespaces.ts';
import { scanXml, type ScanLimits, DEFAULT_SCAN_LIMITS } from './xml-scan.ts';
import type { GenericElement, QName } from './types.ts';

export interface XNode {
  ns: string;
  name: string;
  attrs: { ns: string; name: string; value: string }[];
  /** xsi:type resolved against the in-scope namespaces. */
  xsiType?: QName;
  /** xsi:type attribute present but its prefix is not declared. */
  xsiTypeUnresolved?: boolean;
  children: XNode[];
  /** Concatenated text and CDATA content directly inside this element. */
  text: string;
  line: number;
  /** Exact received bytes of the element. */
  bytes: Uint8Array;
}

function convert(el: XmlElement, spans: ReturnType<typeof scanXml>, bytes: Uint8Array, counter: { i: number }): XNode {
  const span = spans[counter.i++];
  const qname = el.prefix === '' ? el.name : `${el.prefix}:${el.name}`;
  if (span?.qname !== qname) hi1Fail('HI1_XML_MALFORMED', 'element structure differs between pre-scan and parser');
  const node: XNode = { ns: el.namespaceUri, name: el.name, attrs: [], children: [], text: '', line: el.line, bytes: bytes.subarray(span.start, span.end) };
  for (const a of el.attrs) {
    node.attrs.push({ ns: a.namespaceUri, name: a.name, value: a.value });
    if (a.namespaceUri === NS.xsi && a.name === 'type') {
      const v = a.value.trim();
      const colon = v.indexOf(':');
      const prefix = colon < 0 ? '' : v.slice(0, colon);
      const uri = el.namespaceForPrefix(prefix);
      if (uri === null) node.xsiTypeUnresolved = true;
      else node.xsiType = { namespace: uri, localName: v.slice(colon + 1) };
    }
  }
  for (let c = el.firstChild; c !== null; c = c.next) {
    if (c instanceof XmlElement) node.children.push(convert(c, spans, bytes, counter));
    else if (c instanceof XmlText || c instanceof XmlCData) node.text += c.content;
  }
  return node;
}

/** Parses bytes into an XNode tree (typed errors only; the libxml2 document is always disposed). */
export function parseXmlTree(bytes: Uint8Array, limits: ScanLimits = DEFAULT_SCAN_LIMITS): XNode {
  const spans = scanXml(bytes, limits);
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromBuffer(bytes, { option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE });
  } catch (cause) {
    hi1Fail('HI1_XML_MALFORMED', 'message is not well-formed XML', undefined, cause);
  }
  try {
    if (doc.dtd !== null) hi1Fail('HI1_XML_FORBIDDEN', 'DTDs are refused');
    const counter = { i: 0 };
    const root = convert(doc.root, spans, bytes, counter);
    if (counter.i !== spans.length) hi1Fail('HI1_XML_MALFORMED', 'element count differs between pre-scan and parser');
    return root;
  } catch (e) {
    if (e instanceof Hi1Error) throw e;
    hi1Fail('HI1_XML_MALFORMED', 'message could not be read', undefined, e);
  } finally {
    doc.dispose();
  }
}

/** Converts a subtree to a GenericElement (for xs:any and national extension content). */
export function toGeneric(n: XNode): GenericElement {
  const g: GenericElement = { namespace: n.ns, name: n.name };
  const attrs = n.attrs.filter((a) => a.ns !== 'http://www.w3.org/2000/xmlns/');
  if (attrs.length > 0) g.attributes = attrs.map((a) => ({ namespace: a.ns, name: a.name, value: a.value }));
  if (n.children.length > 0) g.children = n.children.map(toGeneric);
  else if (n.text !== '') g.text = n.text;
  return g;
}

/** Walks the element children of one node as an XSD sequence. */
export class Reader {
  private i = 0;
  constructor(readonly node: XNode) {
    if (node.children.length > 0 && node.text.trim() !== '') {
      hi1Fail('HI1_SCHEMA_VIOLATION', `element ${node.name} mixes text with child elements`, { line: node.line });
    }
  }
  peek(): XNode | undefined {
    return this.node.children[this.i];
  }
  /** The next element if it is {ns}name, else undefined. */
  opt(ns: string, name: string): XNode | undefined {
    const c = this.node.children[this.i];
    if (c?.ns === ns && c.name === name) {
      this.i++;
      return c;
    }
    return undefined;
  }
  req(ns: string, name: string): XNode {
    const c = this.opt(ns, name);
    if (c === undefined) {
      hi1Fail('HI1_SCHEMA_VIOLATION', `expected element ${name} inside ${this.node.name}`, { line: this.peek()?.line ?? this.node.line, element: name });
    }
    return c;
  }
  many(ns: string, name: string): XNode[] {
    const out: XNode[] = [];
    for (let c = this.opt(ns, name); c !== undefined; c = this.opt(ns, name)) out.push(c);
    return out;
  }
  rest(): XNode[] {
    const out = this.node.children.slice(this.i);
    this.i = this.node.children.length;
    return out;
  }
  /** Every child must have been consumed. */
  end(): void {
    const c = this.peek();
    if (c !== undefined) hi1Fail('HI1_SCHEMA_VIOLATION', `unexpected element ${c.name} inside ${this.node.name}`, { line: c.line, element: c.name });
  }
}

/**
 * Safe, namespace-aware reading of X1 XML with libxml2-wasm: no DTDs, no external entities, no network,
 * bounded size; and a strict reader for XSD sequences (elements in order, nothing unexpected, no
 * stray text). Errors carry element paths only.
 */
import { ParseOption, XmlDocument, XmlElement, XmlEntityReference, XmlText, XmlCData, XmlComment, XmlXPath } from 'libxml2-wasm';
import type { XmlNode } from 'libxml2-wasm';
import { X1_MAX_DOCUMENT_SIZE, X1_NS, XSI_NS } from './constants.ts';
import { X1DtdForbiddenError, X1InputTooLargeError, X1MalformedXmlError, X1NamespaceError, X1SchemaError } from './errors.ts';
import type { X1ErrorDetails } from './errors.ts';
import { collapse } from './values.ts';

/** NO_XXE + NONET: never load anything; NOENT is deliberately absent (no entity substitution). */
const PARSE_OPTIONS = (ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_NOERROR |
  ParseOption.XML_PARSE_NOWARNING) as ParseOption;

/** Looks for "<!DOCTYPE" / "<!ENTITY" in ASCII-compatible bytes before handing them to the parser. */
function hasDoctype(bytes: Uint8Array): boolean {
  const needle = [0x3c, 0x21]; // "<!"
  for (let i = 0; i + 8 < bytes.length; i++) {
    if (bytes[i] !== needle[0] || bytes[i + 1] !== needle[1]) continue;
    const word = String.fromCharCode(...bytes.subarray(i + 2, i + 9)).toUpperCase();
    if (word.startsWith('DOCTYPE') || word.startsWith('ENTITY')) return true;
  }
  return false;
}

/**
 * Parses `xml` and runs `use` on the document, always disposing it (libxml2-wasm memory is manual).
 * Refuses a DTD before parsing (ASCII scan) and after (the parsed document has none), so neither an
 * external entity nor an entity-expansion bomb can be processed.
 */
export function withParsedDocument<T>(xml: string | Uint8Array, use: (doc: XmlDocument) => T): T {
  if (typeof xml !== 'string' && !(xml instanceof Uint8Array)) throw new X1MalformedXmlError('X1 input must be a string or Uint8Array');
  if (xml.length > X1_MAX_DOCUMENT_SIZE) throw new X1InputTooLargeError(xml.length, X1_MAX_DOCUMENT_SIZE);
  const bytes = typeof xml === 'string' ? new TextEncoder().encode(xml) : xml;
  if (bytes.length > X1_MAX_DOCUMENT_SIZE) throw new X1InputTooLargeError(bytes.length, X1_MAX_DOCUMENT_SIZE);
  if (hasDoctype(bytes)) throw new X1DtdForbiddenError();
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromBuffer(bytes, { option: PARSE_OPTIONS });
  } catch (cause) {
    throw new X1MalformedXmlError('X1 input is not well-formed XML', { cause });
  }
  try {
    if (doc.dtd !== null) throw new X1DtdForbiddenError();
    let root: XmlElement;
    try {
      root = doc.root;
    } catch (cause) {
      throw new X1MalformedXmlError('X1 input has no root element', { cause });
    }
    if (!(root instanceof XmlElement)) throw new X1MalformedXmlError('X1 input has no root element');
    return use(doc);
  } finally {
    doc.dispose();
  }
}

/**
 * All child nodes in document order. Walking `firstChild`/`next` is not enough: libxml2-wasm's
 * processing-instruction nodes have no `next`, so a PI in the content would end the walk (found by the
 * fuzz test); the XPath `node()` axis returns every child.
 */
const CHILD_NODES = XmlXPath.compile('node()');
function childNodes(el: XmlElement): XmlNode[] {
  return el.find(CHILD_NODES);
}

/** Element children of `el`; whitespace text and comments are skipped, anything else is an error. */
export function elementChildren(el: XmlElement, path: string, ctx: X1ErrorDetails): XmlElement[] {
  const out: XmlElement[] = [];
  for (const n of childNodes(el)) {
    if (n instanceof XmlElement) out.push(n);
    else if (n instanceof XmlText || n instanceof XmlCData) {
      if (collapse(n.content) !== '') throw new X1SchemaError(`${path} has text where only elements are allowed`, { ...ctx, path });
    } else if (!(n instanceof XmlComment)) {
      // processing instructions are harmless and ignored; entity references cannot occur (no DTD)
      if (n instanceof XmlEntityReference) throw new X1SchemaError(`${path} contains an entity reference`, { ...ctx, path });
    }
  }
  return out;
}

/** Text content of a simple-typed element (comments dropped), refusing element children. */
export function textOf(el: XmlElement, path: string, ctx: X1ErrorDetails): string {
  let s = '';
  for (const n of childNodes(el)) {
    if (n instanceof XmlText || n instanceof XmlCData) s += n.content;
    else if (n instanceof XmlElement) throw new X1SchemaError(`${path} must not contain elements`, { ...ctx, path });
    else if (n instanceof XmlEntityReference) throw new X1SchemaError(`${path} contains an entity reference`, { ...ctx, path });
  }
  return s;
}

/**
 * Reads the children of one element as an XSD sequence: `take`/`opt`/`many` must be called in schema
 * order; `end()` fails if anything is left over (unknown or out-of-order element).
 */
export class SequenceReader {
  private readonly children: XmlElement[];
  private pos = 0;
  constructor(
    readonly element: XmlElement,
    readonly path: string,
    readonly ctx: X1ErrorDetails,
  ) {
    this.children = elementChildren(element, path, ctx);
  }

  private peekIs(name: string, ns: string): boolean {
    const c = this.children[this.pos];
    return c !== undefined && c.name === name && c.namespaceUri === ns;
  }
  /** Optional element (minOccurs 0, maxOccurs 1). */
  opt(name: string, ns = X1_NS): XmlElement | undefined {
    if (!this.peekIs(name, ns)) return undefined;
    return this.children[this.pos++];
  }
  /** Required element. */
  take(name: string, ns = X1_NS): XmlElement {
    const el = this.opt(name, ns);
    if (el !== undefined) return el;
    const found = this.children[this.pos];
    if (found !== undefined && found.name === name) {
      throw new X1NamespaceError(`${this.path}/${name} is not in namespace ${ns}`, { ...this.ctx, path: `${this.path}/${name}` });
    }
    throw new X1SchemaError(`${this.path}: missing required element ${name}`, { ...this.ctx, path: `${this.path}/${name}` });
  }
  /** Repeated element (minOccurs `min`, unbounded). */
  many(name: string, ns = X1_NS, min = 0): XmlElement[] {
    const out: XmlElement[] = [];
    while (this.peekIs(name, ns)) out.push(this.children[this.pos++]!);
    if (out.length < min) throw new X1SchemaError(`${this.path}: needs at least ${min} ${name}`, { ...this.ctx, path: `${this.path}/${name}` });
    return out;
  }
  /** All remaining children (for xs:any). */
  rest(): XmlElement[] {
    const out = this.children.slice(this.pos);
    this.pos = this.children.length;
    return out;
  }
  end(): void {
    const extra = this.children[this.pos];
    if (extra === undefined) return;
    const where = `${this.path}/${extra.name}`;
    if (extra.namespaceUri !== X1_NS) throw new X1NamespaceError(`${where}: unexpected element outside the X1 namespace`, { ...this.ctx, path: where });
    throw new X1SchemaError(`${where}: unexpected or out-of-order element`, { ...this.ctx, path: where });
  }
}

/**
 * The xsi:type of an element, resolved to a local name in the X1 namespace (XSD QName resolution:
 * an unprefixed value uses the default namespace).
 */
export function x1XsiType(el: XmlElement, path: string, ctx: X1ErrorDetails): string {
  const attr = el.attrs.find((a) => a.name === 'type' && a.namespaceUri === XSI_NS);
  if (attr === undefined) throw new X1SchemaError(`${path} has no xsi:type`, { ...ctx, path });
  const qname = collapse(attr.value);
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const local = colon < 0 ? qname : qname.slice(colon + 1);
  const ns = el.namespaceForPrefix(prefix);
  if (ns !== X1_NS) throw new X1NamespaceError(`${path}: xsi:type is not a type of the X1 namespace`, { ...ctx, path });
  return local;
}

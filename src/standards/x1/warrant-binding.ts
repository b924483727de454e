/**
 * The warrant-binding extension: TS 103 221-1 Annex B lets TaskDetails carry `taskDetailsExtensions`
 * (XSD type Extension: a mandatory Owner string, then any elements of another namespace). warranted
 * puts one element there, {urn:warranted:x1:warrant-binding:1}warrantBinding, defined by
 * warrant-binding-1.xsd beside this file, so an NE or mediation function can check which warrant a
 * task comes from. Annex B requires extensions to live in the extender's own namespace and schema;
 * the X1 wildcard is processContents="strict", so a peer that schema-validates loads that XSD too.
 *
 * The same extension may carry a second element of that namespace, `taskedElements`: the certificate
 * identities of the network elements the ADMF sent the task to. X1 has no field for it (a task names
 * its target, not the POIs serving it); the MDF needs it to refuse X2/X3 from any other POI.
 */
import type { create } from 'xmlbuilder2';
import type { XmlElement } from 'libxml2-wasm';
import { WARRANT_BINDING_NS, WARRANT_BINDING_OWNER, X1_NS } from './constants.ts';
import { X1SchemaError, X1WarrantBindingError } from './errors.ts';
import type { X1ErrorDetails } from './errors.ts';
import type { WarrantBinding } from './types.ts';
import { checkXmlString, collapse } from './values.ts';
import { SequenceReader, textOf } from './xml-reader.ts';

type Builder = ReturnType<typeof create>;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Checks a binding (used by both encoder and decoder). */
export function checkWarrantBinding(b: WarrantBinding, path: string, ctx: X1ErrorDetails = {}): WarrantBinding {
  if (typeof b !== 'object' || b === null || typeof b.warrantId !== 'string' || typeof b.warrantHash !== 'string') {
    throw new X1WarrantBindingError(`${path} must have string warrantId and warrantHash`, { ...ctx, path });
  }
  try {
    checkXmlString(b.warrantId, `${path}/warrantId`);
  } catch {
    throw new X1WarrantBindingError(`${path}/warrantId contains characters XML cannot carry`, { ...ctx, path });
  }
  if (b.warrantId.length < 1 || b.warrantId.length > 255 || collapse(b.warrantId) !== b.warrantId) {
    throw new X1WarrantBindingError(`${path}/warrantId must be a 1-255 character token`, { ...ctx, path });
  }
  if (!SHA256_HEX.test(b.warrantHash)) {
    throw new X1WarrantBindingError(`${path}/warrantHash must be 64 lower-case hex digits (SHA-256)`, { ...ctx, path });
  }
  return b;
}

/** Certificate identity rule (src/platform/pki.ts PKI_BAD_NAME), the XSD's ElementIdentity. */
const ELEMENT_IDENTITY = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_TASKED_ELEMENTS = 1000;

/** Checks a list of tasked element identities (used by both encoder and decoder). */
export function checkTaskedElements(list: unknown, path: string, ctx: X1ErrorDetails = {}): string[] {
  if (!Array.isArray(list) || list.length > MAX_TASKED_ELEMENTS) throw new X1WarrantBindingError(`${path} must be a list of at most ${MAX_TASKED_ELEMENTS} element identities`, { ...ctx, path });
  const out: string[] = [];
  for (const [i, id] of (list as unknown[]).entries()) {
    if (typeof id !== 'string' || !ELEMENT_IDENTITY.test(id)) throw new X1WarrantBindingError(`${path}/element[${i}] is not an element identity (1-64 of A-Z a-z 0-9 . _ -)`, { ...ctx, path });
    out.push(id);
  }
  return out;
}

/**
 * Writes `<taskDetailsExtensions><Owner/><wb:warrantBinding/>?<wb:taskedElements/>?</taskDetailsExtensions>`
 * under TaskDetails (nothing when neither is given).
 */
export function encodeWarrantedExtension(taskDetails: Builder, b: WarrantBinding | undefined, elements: readonly string[] | undefined, path: string): void {
  if (b === undefined && elements === undefined) return;
  if (b !== undefined) checkWarrantBinding(b, path);
  if (elements !== undefined) checkTaskedElements(elements, `${path}/taskedElements`);
  const ext = taskDetails.ele(X1_NS, 'taskDetailsExtensions');
  ext.ele(X1_NS, 'Owner').txt(WARRANT_BINDING_OWNER);
  if (b !== undefined) {
    const wb = ext.ele(WARRANT_BINDING_NS, 'wb:warrantBinding');
    wb.ele(WARRANT_BINDING_NS, 'wb:warrantId').txt(b.warrantId);
    wb.ele(WARRANT_BINDING_NS, 'wb:warrantHash').txt(b.warrantHash);
  }
  if (elements !== undefined) {
    const te = ext.ele(WARRANT_BINDING_NS, 'wb:taskedElements');
    for (const id of elements) te.ele(WARRANT_BINDING_NS, 'wb:element').txt(id);
  }
}

/**
 * Reads every `taskDetailsExtensions` of one TaskDetails; returns the warrant binding and the tasked
 * elements found there. Extensions of other owners are skipped (Annex B: each owner defines its own);
 * two bindings or two element lists are an error.
 */
export function decodeTaskDetailsExtensions(extensions: XmlElement[], path: string, ctx: X1ErrorDetails): { warrantBinding?: WarrantBinding; taskedElements?: string[] } {
  let found: WarrantBinding | undefined;
  let elements: string[] | undefined;
  extensions.forEach((ext, i) => {
    const p = `${path}/taskDetailsExtensions[${i}]`;
    const seq = new SequenceReader(ext, p, ctx);
    checkXmlString(textOf(seq.take('Owner'), `${p}/Owner`, ctx), `${p}/Owner`);
    for (const el of seq.rest()) {
      if (el.namespaceUri === X1_NS || el.namespaceUri === '') {
        // XSD: xs:any namespace="##other" excludes the X1 namespace and unqualified elements.
        throw new X1SchemaError(`${p}/${el.name}: extension content must be in another namespace`, { ...ctx, path: p });
      }
      if (el.namespaceUri !== WARRANT_BINDING_NS) continue;
      if (el.name === 'taskedElements') {
        if (elements !== undefined) throw new X1WarrantBindingError(`${p}: more than one taskedElements`, { ...ctx, path: p });
        elements = readTaskedElements(el, `${p}/taskedElements`, ctx);
        continue;
      }
      if (el.name !== 'warrantBinding') {
        throw new X1WarrantBindingError(`${p}/${el.name}: unknown element of the warrant-binding namespace`, { ...ctx, path: p });
      }
      if (found !== undefined) throw new X1WarrantBindingError(`${p}: more than one warrantBinding`, { ...ctx, path: p });
      found = readBinding(el, `${p}/warrantBinding`, ctx);
    }
  });
  return { ...(found !== undefined && { warrantBinding: found }), ...(elements !== undefined && { taskedElements: elements }) };
}

function readTaskedElements(el: XmlElement, path: string, ctx: X1ErrorDetails): string[] {
  try {
    const seq = new SequenceReader(el, path, ctx);
    const ids = seq.many('element', WARRANT_BINDING_NS).map((e, i) => collapse(textOf(e, `${path}/element[${i}]`, ctx)));
    seq.end();
    return checkTaskedElements(ids, path, ctx);
  } catch (e) {
    if (e instanceof X1WarrantBindingError) throw e;
    throw new X1WarrantBindingError(`${path} is malformed`, { ...ctx, path });
  }
}

function readBinding(el: XmlElement, path: string, ctx: X1ErrorDetails): WarrantBinding {
  try {
    const seq = new SequenceReader(el, path, ctx);
    const id = seq.take('warrantId', WARRANT_BINDING_NS);
    const hash = seq.take('warrantHash', WARRANT_BINDING_NS);
    seq.end();
    const binding = {
      warrantId: collapse(textOf(id, `${path}/warrantId`, ctx)),
      warrantHash: collapse(textOf(hash, `${path}/warrantHash`, ctx)),
    };
    return checkWarrantBinding(binding, path, ctx);
  } catch (e) {
    if (e instanceof X1WarrantBindingError) throw e;
    throw new X1WarrantBindingError(`${path} is malformed`, { ...ctx, path });
  }
}

/**
 * Optional check of an X1 document against the official XSDs with libxml2-wasm's XSD support.
 * Pure: the caller passes the schema bytes (read from wherever it keeps the ETSI files; nothing is
 * copied into this project). The ETSI X1 XSD imports TS 103 280 and HashedID by namespace only, so an
 * in-memory wrapper supplies the locations, served from memory through a libxml2 input provider.
 */
import { XmlBufferInputProvider, XmlDocument, XsdValidator, xmlRegisterInputProvider, ParseOption } from 'libxml2-wasm';
import { ETSI_103280_NS, WARRANT_BINDING_NS, X1_NS } from './constants.ts';
import { X1Error, X1XsdValidationError } from './errors.ts';
import { withParsedDocument } from './xml-reader.ts';

export interface X1SchemaSet {
  /** TS_103_221_01.xsd */
  x1: Uint8Array;
  /** TS_103_280.xsd */
  ts103280: Uint8Array;
  /** TS_103_221_01_HashedID.xsd */
  hashedId: Uint8Array;
  /** warrant-binding-1.xsd (src/standards/x1), needed when tasks carry a warrant binding. */
  warrantBinding?: Uint8Array;
}

const HASHED_ID_NS = 'http://uri.etsi.org/03221/X1/2017/10/HashedID';
const BASE = 'warranted-x1-xsd';
const provider = new XmlBufferInputProvider({});
let registered = false;
let nextSet = 0;
const validators = new WeakMap<X1SchemaSet, XsdValidator>();

function validatorFor(set: X1SchemaSet): XsdValidator {
  const cached = validators.get(set);
  if (cached !== undefined) return cached;
  if (!registered) registered = xmlRegisterInputProvider(provider);
  const dir = `${BASE}/${nextSet++}`;
  const files: [string, string, Uint8Array][] = [
    [ETSI_103280_NS, 'TS_103_280.xsd', set.ts103280],
    [HASHED_ID_NS, 'TS_103_221_01_HashedID.xsd', set.hashedId],
    [X1_NS, 'TS_103_221_01.xsd', set.x1],
  ];
  if (set.warrantBinding !== undefined) files.push([WARRANT_BINDING_NS, 'warrant-binding-1.xsd', set.warrantBinding]);
  // schemaLocations are relative to the wrapper's URL, so the provider sees `${dir}/<file>`.
  for (const [, name, bytes] of files) provider.addBuffer(`${dir}/${name}`, bytes);
  const wrapper =
    '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:warranted:x1-validation-wrapper">' +
    files.map(([ns, name]) => `<xs:import namespace="${ns}" schemaLocation="${name}"/>`).join('') +
    '</xs:schema>';
  const doc = XmlDocument.fromString(wrapper, { url: `${dir}/wrapper.xsd`, option: ParseOption.XML_PARSE_NONET });
  try {
    const v = XsdValidator.fromDoc(doc);
    validators.set(set, v);
    return v;
  } finally {
    doc.dispose();
    for (const [, name] of files) provider.removeBuffer(`${dir}/${name}`);
  }
}

/**
 * Validates `xml` against the X1 XSDs in `schemas`; throws X1XsdValidationError (§6.7 code 1010) with
 * libxml2's messages in `details.errors` when it does not validate. DTDs are refused as in the decoder.
 */
export function validateX1AgainstXsd(xml: string | Uint8Array, schemas: X1SchemaSet): void {
  let validator: XsdValidator;
  try {
    validator = validatorFor(schemas);
  } catch (cause) {
    throw new X1XsdValidationError('the X1 schema set could not be loaded', {}, cause);
  }
  withParsedDocument(xml, (doc) => {
    try {
      validator.validate(doc);
    } catch (cause) {
      if (cause instanceof X1Error) throw cause;
      const errors = (cause as { details?: { message: string }[] }).details?.map((d) => d.message.trim()) ?? [];
      throw new X1XsdValidationError('X1 document does not validate against the XSD', { errors }, cause);
    }
  });
}

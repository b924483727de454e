/**
 * X1 codec: ETSI TS 103 221-1 (XML, namespace http://uri.etsi.org/03221/X1/2017/10, XSD v1.22.1).
 * Pure: strings/bytes in and out, no I/O. See docs/x1.md.
 */
export { encodeX1Request, encodeX1Response } from './encode.ts';
export { decodeX1Request, decodeX1Response } from './decode.ts';
export { validateX1AgainstXsd } from './xsd.ts';
export type { X1SchemaSet } from './xsd.ts';
export { x1Timestamp } from './values.ts';
export { TARGET_IDENTIFIER_ELEMENTS } from './targets.ts';
export {
  ETSI_103280_NS, WARRANT_BINDING_NS, WARRANT_BINDING_OWNER, X1_MAX_DOCUMENT_SIZE, X1_NS, X1_SCHEMA_VERSION,
  X1_SUPPORTED_VERSION,
} from './constants.ts';
export * from './errors.ts';
export type * from './types.ts';

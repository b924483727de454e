/** Namespaces and versions of the X1 codec (ETSI TS 103 221-1, XSD v1.22.1). */

/** TS 103 221-1 XSD targetNamespace. */
export const X1_NS = 'http://uri.etsi.org/03221/X1/2017/10';
/** TS 103 280 common types (IPAddressPort children live here). */
export const ETSI_103280_NS = 'http://uri.etsi.org/03280/common/2017/07';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
/** Namespace of the warranted warrant-binding TaskDetails extension (TS 103 221-1 Annex B). */
export const WARRANT_BINDING_NS = 'urn:warranted:x1:warrant-binding:1';
/** `Owner` written in the Extension that carries the warrant binding (Annex B Table B.1). */
export const WARRANT_BINDING_OWNER = 'warranted (urn:warranted:x1:warrant-binding:1)';

/** Version of the XSD this codec follows; a good default for the `version` field (§6.1, §4.5). */
export const X1_SCHEMA_VERSION = 'v1.22.1';
/** §4.5: major version 1 is the one supported; the XSD pattern is v1\.\d+\.\d+. */
export const X1_SUPPORTED_VERSION = /^v1\.\d+\.\d+$/;

/** Decoders refuse documents above this size (bytes, or UTF-16 code units for strings). */
export const X1_MAX_DOCUMENT_SIZE = 8 * 1024 * 1024;

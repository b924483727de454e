/**
 * HI2/HI3 codec: ETSI TS 102 232-1 PS-PDU in BER, with TS 102 232-3 (IP access), TS 102 232-5
 * (IP multimedia), TS 33.128 payloads carried opaque, HI1/HI4 notifications, Annex G encryption,
 * Annex J integrity checks, a stream reader and a hot-path template encoder.
 */
export * from './constants.ts';
export type * from './types.ts';
export { TRI_NULL_TAGS } from './types.ts';
export type * from './types-ipaccess.ts';
export type * from './types-ipmm.ts';
export type * from './types-hi1.ts';
export { encodePsPdu, decodePsPdu, encodePayload, type PsPduDecodeOptions } from './pdu.ts';
export { microSecondTimeStampOf } from './codec-common.ts';
export { PsPduStreamReader, type ReceivedPsPdu, type PsPduStreamReaderOptions } from './stream.ts';
export { PsPduTemplate, type PsHeaderConstants, type TimeInput, type FastCCOptions, type FastIPMMCCOptions } from './template.ts';
export * from './integrity.ts';
export { joinRuns } from './byte-runs.ts';
export * from './encryption.ts';
export { PsPduDecodeError, PsPduEncodeError, PsPduIntegrityError, PsPduEncryptionError, ERROR_CODES } from './errors.ts';

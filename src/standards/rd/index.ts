/** TS 102 657 retained data (RDHI) codec: module RDMessage version26, BER/DER. See docs/rd.md. */
export { ERROR_CODES, RdDecodeError, RdEncodeError, RdRequestError } from './errors.ts';
export { decodeRdMessage, encodeRdMessage, RD_DEFAULT_MAX_DEPTH, RD_DEFAULT_MAX_SIZE, type RdDecodeOptions, type RetainedDataMessageInput } from './message.ts';
export * from './types-message.ts';
export type { IPAddress, Location, TimeSpan, GenericSubscriberInfo } from './types-common.ts';
export type { TelephonySubscriber, TelephonyServiceUsage } from './types-telephony.ts';
export type { NAServiceUsage } from './types-messaging-na.ts';
export { buildExactRequest, parseExactRequest, RD_CATEGORIES, REQUESTED_DATA, type ExactRdRequest, type RdCategory, type RdIdentifier } from './request.ts';
export { RD_CATEGORISED_ERRORS, furtherInformation, type RdCategorisedError } from './categorised-errors.ts';
export { decodeTbcd, encodeTbcd } from './tbcd.ts';
export { rdSignedBytes } from './digest.ts';
export type { Infer } from './schema.ts';

/** HI-1 (ETSI TS 103 120) codec: typed messages <-> XML, received bytes kept for signature checks. */
export type * from './types.ts';
export { encodeHI1Message } from './encode.ts';
export { decodeHI1Message, type DecodeOptions } from './decode.ts';
export { ERROR_CODES, Hi1Error, HI1_ACTION_ERROR_CODES, isNationalHi1ErrorCode, type Hi1ActionErrorCode } from './errors.ts';
export { NS as HI1_NAMESPACES } from './namespaces.ts';
export { targetIdentifierFromHi1, targetIdentifierToHi1, kindForFormat } from './target-format.ts';
export { DEFAULT_SCAN_LIMITS, type ScanLimits } from './xml-scan.ts';
export { withoutReceivedBytes } from './received.ts';

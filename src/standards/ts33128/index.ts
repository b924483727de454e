/**
 * 3GPP TS 33.128 Release 16 payloads (TS33128Payloads version5): XIRIPayload (X2), IRIPayload (HI2),
 * CCPayload (HI3), LINotificationPayload (HI4), plus the MDF2 helpers xiriToIri / iriTypeOf.
 * See docs/ts33128.md for the supported events.
 */
export * from './payloads.ts';
export * from './events.ts';
export * from './iri.ts';
export * from './amf.ts';
export * from './smf.ts';
export * from './sms.ts';
export * from './reports.ts';
export * from './common.ts';
export * from './location.ts';
export * from './ran.ts';
export * from './geo.ts';
export * from './errors.ts';
export { ipv4ToBytes, bytesToIpv4, ipv6ToBytes, bytesToIpv6, macToBytes, bytesToMac } from './addresses.ts';
export type { RawValue, Bits } from './asn.ts';

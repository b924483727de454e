/**
 * Asynchronous messaging (TS 102 657 Annex C.3) and network access (Annex E.3) services of module
 * RDMessage version26: the subset the codec implements (data sessions, IP + time + port →
 * subscriber, devices; docs/rd.md). SMS records are telephony records (Annex B: TelephonyServiceUsage
 * with communicationType sMS and smsInformation), not MessageRecords.
 */
import { alt, choice, enumOf, INT, opt, seq, seqOf, TIME, UTF8, type Infer } from './schema.ts';
import { GenericSubscriberInfo, GPSI, IMEI, IMSI, IPAddress, IPAddressSetOrRangeOrMask, Location, PartyNumber, SUPI, TimeSpan } from './types-common.ts';

/**
 * MsgTransmission ::= SEQUENCE { dateTime [1] GeneralizedTime, subscriberID [2] MsgSubscriberID, senderAddress [3] MsgAddress,
 * recipients [4] SEQUENCE OF MsgAddress, msgStores [5] …, deliveryStatus [6] ENUMERATED { unknown(0), succeeded(1), failed(2),
 * retried(3), ... }, protocol [7] ENUMERATED { smtp(0), x400(1), ... }, clientID [8] IPAddress, serverID [9] IPAddress, ..., … } (subset)
 */
export const MsgTransmission = seq({
  dateTime: opt(1, TIME),
  senderAddress: opt(3, UTF8),
  recipients: opt(4, seqOf(UTF8)),
  deliveryStatus: opt(6, enumOf({ unknown: 0, succeeded: 1, failed: 2, retried: 3 })),
  protocol: opt(7, enumOf({ smtp: 0, x400: 1 })),
  clientID: opt(8, IPAddress),
  serverID: opt(9, IPAddress),
});
/** MsgServiceUsage ::= CHOICE { msgTransmission [1] MsgTransmission, msgStoreOperation [2] MsgStoreOperation, ... } (transmission only) */
export const MsgServiceUsage = choice({ msgTransmission: alt(1, MsgTransmission) });
/** MessageRecord ::= CHOICE { msgSubscriber [1] MsgSubscriber, msgServiceUsage [2] MsgServiceUsage, ..., msgBillingDetails [3] } (usage only) */
export const MessageRecord = choice({ msgServiceUsage: alt(2, MsgServiceUsage) });

/** NADeviceId ::= UTF8String */
export const NADeviceId = UTF8;

/** NADevice ::= SEQUENCE { naDeviceId [1], description [2], location [3] Location, macAddress [4] OCTET STRING (SIZE (6)), dslID [5], imei [6] IMEI, ..., subscriberID [7], … } (subset) */
export const NADevice = seq({
  naDeviceId: opt(1, NADeviceId),
  description: opt(2, UTF8),
  location: opt(3, Location),
  imei: opt(6, IMEI),
  subscriberID: opt(7, UTF8),
});

/** NAServiceSubscription ::= SEQUENCE { validity [1] TimeSpan, naServiceID [2], naProviderID [3], naAuthID [4], …, fixIpAddress [7] IPAddress, imsi [8] IMSI, …, mSISDNs [20] SEQUENCE OF PartyNumber, …, sUPI [23], gPSI [24], … } (subset) */
export const NAServiceSubscription = seq({
  validity: opt(1, TimeSpan),
  naServiceID: opt(2, UTF8),
  naProviderID: opt(3, UTF8),
  naAuthID: opt(4, UTF8),
  fixIpAddress: opt(7, IPAddress),
  imsi: opt(8, IMSI),
  mSISDNs: opt(20, seqOf(PartyNumber)),
  sUPI: opt(23, SUPI),
  gPSI: opt(24, GPSI),
});

/** NASubscriber ::= SEQUENCE { validity [1] TimeSpan, subscriberID [2] NaSubscriberID, naSubscriptions [3] SEQUENCE OF NAServiceSubscription, allocatedDeviceIDs [4], subscriber [5] GenericSubscriberInfo, ..., allocatedDevices [6] } (subset) */
export const NASubscriber = seq({
  validity: opt(1, TimeSpan),
  subscriberID: opt(2, UTF8),
  naSubscriptions: opt(3, seqOf(NAServiceSubscription)),
  allocatedDeviceIDs: opt(4, seqOf(NADeviceId)),
  subscriber: opt(5, GenericSubscriberInfo),
});

/** NwAccessType ::= ENUMERATED { undefined(0), dialUp(1), xDSL(2), cableModem(3), lAN(4), wirelessLAN(5), wimax(6), mobilePacketData(7), ..., gPON(8) } */
export const NwAccessType = enumOf({ undefined: 0, dialUp: 1, xDSL: 2, cableModem: 3, lAN: 4, wirelessLAN: 5, wimax: 6, mobilePacketData: 7, gPON: 8 });

/** NAAssignedAddress ::= SEQUENCE { addressSetOrRangeOrMask [1], portNumber [2] INTEGER -- outbound port, addressType [3] ENUMERATED { unknown(0), internal(1), external(2), ... }, assignedTime [4] TimeSpan, ..., destinationAddress [5], destinationPort [6] } */
export const NAAssignedAddress = seq({
  addressSetOrRangeOrMask: opt(1, IPAddressSetOrRangeOrMask),
  portNumber: opt(2, INT),
  addressType: opt(3, enumOf({ unknown: 0, internal: 1, external: 2 })),
  assignedTime: opt(4, TimeSpan),
  destinationAddress: opt(5, IPAddress),
  destinationPort: opt(6, INT),
});

/** PortRange ::= SEQUENCE { lowerBound [1] INTEGER OPTIONAL, upperBound [2] INTEGER OPTIONAL, ... } -- inclusive */
export const PortRange = seq({ lowerBound: opt(1, INT), upperBound: opt(2, INT) });
/** AddressTranslationPortAssignment ::= CHOICE { singlePort [1] INTEGER, portRange [2] SEQUENCE OF PortRange, ... } */
export const AddressTranslationPortAssignment = choice({ singlePort: alt(1, INT), portRange: alt(2, seqOf(PortRange)) });

/** AddressTranslationRecord ::= SEQUENCE { validity [1], privateIPAddress [2], privatePort [3], publicIPAddress [4], publicPort [5], destinationIPAddress [6], destinationPort [7], connectionType [8] ENUMERATED { udp(0), tcp(1), sctp(2), other(3), ... }, ... } */
export const AddressTranslationRecord = seq({
  validity: opt(1, TimeSpan),
  privateIPAddress: opt(2, IPAddress),
  privatePort: opt(3, INT),
  publicIPAddress: opt(4, IPAddress),
  publicPort: opt(5, AddressTranslationPortAssignment),
  destinationIPAddress: opt(6, IPAddress),
  destinationPort: opt(7, INT),
  connectionType: opt(8, enumOf({ udp: 0, tcp: 1, sctp: 2, other: 3 })),
});

/** GprsInformation ::= SEQUENCE { iMSI [1] IMSI, mSISDN [2] PartyNumber, sGSNAddress [3], ggsnAddress [4], … } (iMSI, mSISDN) */
export const GprsInformation = seq({ iMSI: opt(1, IMSI), mSISDN: opt(2, PartyNumber) });

/** NAEndReason ::= ENUMERATED { unknownReason(0), timeout(1), userDisconnect(2), networkDisconnect(3), networkError(4), ... } */
export const NAEndReason = enumOf({ unknownReason: 0, timeout: 1, userDisconnect: 2, networkDisconnect: 3, networkError: 4 });

/**
 * NAServiceUsage ::= SEQUENCE { naAccessTime [1] GeneralizedTime, naAuthID [2], nwAccessType [3], naStatus [4] ENUMERATED {…},
 * interval [5] TimeSpan, naDeviceId [6], naNwElementID [7], naAssignedAddress [8] SEQUENCE OF NAAssignedAddress, location [9]
 * Location, dialUpInformation [10], gprsInformation [11], ..., octetsDownloaded [12], octetsUploaded [13], endReason [14],
 * subscriberID [15], …, addressTranslationRecords [18] SEQUENCE OF AddressTranslationRecord, … } (subset)
 */
export const NAServiceUsage = seq({
  naAccessTime: opt(1, TIME),
  naAuthID: opt(2, UTF8),
  nwAccessType: opt(3, NwAccessType),
  naStatus: opt(4, enumOf({ unknown: 0, succeeded: 1, failed: 2, rejected: 3 })),
  interval: opt(5, TimeSpan),
  naDeviceId: opt(6, NADeviceId),
  naNwElementID: opt(7, UTF8),
  naAssignedAddress: opt(8, seqOf(NAAssignedAddress)),
  location: opt(9, Location),
  gprsInformation: opt(11, GprsInformation),
  octetsDownloaded: opt(12, INT),
  octetsUploaded: opt(13, INT),
  endReason: opt(14, NAEndReason),
  subscriberID: opt(15, UTF8),
  addressTranslationRecords: opt(18, seqOf(AddressTranslationRecord)),
});
export type NAServiceUsage = Infer<typeof NAServiceUsage>;

/** NetworkAccessRecord ::= CHOICE { naSubscriber [1], naServiceUsage [2], naDevice [3], naNetworkElement [4], naBillingDetails [5], ... } (1-3) */
export const NetworkAccessRecord = choice({
  naSubscriber: alt(1, NASubscriber),
  naServiceUsage: alt(2, NAServiceUsage),
  naDevice: alt(3, NADevice),
});

/**
 * Telephony service (TS 102 657 Annex B.3, in module RDMessage version26), the subset the codec
 * implements for subscriber, call/SMS traffic, location and equipment requests (docs/rd.md).
 */
import { alt, BOOL, choice, enumOf, INT, NULL, OCTETS, opt, seq, seqOf, TIME, UTF8, type Infer } from './schema.ts';
import { AddressInformation, GenericSubscriberInfo, IMEI, IMSI, Location, PartyNumber, TimeSpan } from './types-common.ts';

/** TelephonySubscriberId ::= UTF8String */
export const TelephonySubscriberId = UTF8;
/** TelephonyDeviceID ::= OCTET STRING  -- e.g. the IMEI of a mobile handset */
export const TelephonyDeviceID = OCTETS;
/** TelephonyNetworkID ::= OCTET STRING  -- e.g. a Cell ID */
export const TelephonyNetworkID = OCTETS;

/** SubscriptionType ::= ENUMERATED { unknown(0), postpay(1), prepay(2), other(3), ... } */
export const SubscriptionType = enumOf({ unknown: 0, postpay: 1, prepay: 2, other: 3 });

/** PartyNumberInfo ::= SEQUENCE { partyNumber [1] PartyNumber, timeSpan [2] TimeSpan, disableReason [3] UTF8String, ... } */
export const PartyNumberInfo = seq({ partyNumber: opt(1, PartyNumber), timeSpan: opt(2, TimeSpan), disableReason: opt(3, UTF8) });

/** ICCIDInfo ::= SEQUENCE { iCCID [1] UTF8String, timeSpan [2] TimeSpan, ..., pUK [3], pUK2 [4], iMSI [5] IMSI, … } (subset) */
export const ICCIDInfo = seq({ iCCID: opt(1, UTF8), timeSpan: opt(2, TimeSpan), iMSI: opt(5, IMSI) });

/**
 * SubscribedTelephonyServices ::= SEQUENCE { serviceID [1], providerID [2], timeSpan [3] TimeSpan,
 * registeredNumbers [4] SEQUENCE OF PartyNumber, registeredICCID [5], serviceType [6], installationAddress [7],
 * connectionDate [8], iMSI [9] IMSI, carrierPreselect [10] BOOLEAN, lineStatus [11], ..., allocatedDeviceIDs [12]
 * SEQUENCE OF TelephonyDeviceID, …, iMEI [15] SEQUENCE OF IMEI, …, subscriptionType [18], …,
 * registeredNumbersInfo [22] SEQUENCE OF PartyNumberInfo, registeredICCIDs [23] SEQUENCE OF ICCIDInfo, … } (subset)
 */
export const SubscribedTelephonyServices = seq({
  serviceID: opt(1, UTF8),
  providerID: opt(2, UTF8),
  timeSpan: opt(3, TimeSpan),
  registeredNumbers: opt(4, seqOf(PartyNumber)),
  registeredICCID: opt(5, UTF8),
  installationAddress: opt(7, AddressInformation),
  connectionDate: opt(8, TIME),
  iMSI: opt(9, IMSI),
  carrierPreselect: opt(10, BOOL),
  lineStatus: opt(11, UTF8),
  allocatedDeviceIDs: opt(12, seqOf(TelephonyDeviceID)),
  iMEI: opt(15, seqOf(IMEI)),
  subscriptionType: opt(18, SubscriptionType),
  registeredNumbersInfo: opt(22, seqOf(PartyNumberInfo)),
  registeredICCIDs: opt(23, seqOf(ICCIDInfo)),
});

/** TelephonySubscriber ::= SEQUENCE { subscriberID [1], genericSubscriberInfo [2], telephonySubscriberInfo [3] NULL, subscribedTelephonyServices [4] SEQUENCE OF …, ... } */
export const TelephonySubscriber = seq({
  subscriberID: opt(1, TelephonySubscriberId),
  genericSubscriberInfo: opt(2, GenericSubscriberInfo),
  telephonySubscriberInfo: opt(3, NULL),
  subscribedTelephonyServices: opt(4, seqOf(SubscribedTelephonyServices)),
});
export type TelephonySubscriber = Infer<typeof TelephonySubscriber>;

/** TransmitterTechnology ::= ENUMERATED { gen2G(0), gen3G(1), ..., eUTRAN(2), wLAN(3), hSPAEvolution(4), gAN(5), vIRTUAL(6), eUTRANNBIoT(7), lTEM(8), nR(9) } */
export const TransmitterTechnology = enumOf({ gen2G: 0, gen3G: 1, eUTRAN: 2, wLAN: 3, hSPAEvolution: 4, gAN: 5, vIRTUAL: 6, eUTRANNBIoT: 7, lTEM: 8, nR: 9 });

/** TransmitterDetails ::= SEQUENCE { alternativeID [1], beamWidth [2], radiatedPower [3], antennaHeight [4], range [5], frequency [6], technology [7], … } (subset) */
export const TransmitterDetails = seq({
  alternativeID: opt(1, UTF8),
  beamWidth: opt(2, INT),
  radiatedPower: opt(3, INT),
  antennaHeight: opt(4, INT),
  range: opt(5, INT),
  frequency: opt(6, INT),
  technology: opt(7, TransmitterTechnology),
});

/** TelephonyNetworkElement ::= SEQUENCE { telephonyNetworkID [1], cellInformation [2] Location, validity [3] TimeSpan, ..., …, transmitterDetails [5] } (subset) */
export const TelephonyNetworkElement = seq({
  telephonyNetworkID: opt(1, TelephonyNetworkID),
  cellInformation: opt(2, Location),
  validity: opt(3, TimeSpan),
  transmitterDetails: opt(5, TransmitterDetails),
});

/** TelephonyLocation ::= SEQUENCE { telephonyNetworkID [1], timeSpan [2] TimeSpan, ..., …, detailedLocation [4] TelephonyNetworkElement } (subset) */
export const TelephonyLocation = seq({ telephonyNetworkID: opt(1, TelephonyNetworkID), timeSpan: opt(2, TimeSpan), detailedLocation: opt(4, TelephonyNetworkElement) });

/** TelephonyPartyRole ::= ENUMERATED { originating-Party(0), terminating-Party(1), … smsOriginator(10), smsRecipient(11), … } */
export const TelephonyPartyRole = enumOf({
  'originating-Party': 0, 'terminating-Party': 1, 'forwarded-to-Party': 2, originalCalled: 3, redirecting: 4, connected: 5, userProvidedCalling: 6,
  roaming: 7, translated: 8, singlePersonalNumber: 9, smsOriginator: 10, smsRecipient: 11, smsOriginatorTrn: 12, smsRecipientTrn: 13,
  mmsOriginator: 14, mmsRecipient: 15, mmsOriginatorTrn: 16, mmsRecipientTrn: 17,
});

/**
 * TelephonyPartyInformation ::= SEQUENCE { partyRole [1], partyNumber [2] PartyNumber, subscriberID [3], deviceID [4]
 * TelephonyDeviceID, locations [5] SEQUENCE OF TelephonyLocation, communicationTime [6] TimeSpan, iMSI [8] IMSI, natureOfAddress [9],
 * …, ..., emailAddress [12], iMEI [13] IMEI, detailedLocation [14], … } (subset; the module has no [7])
 */
export const TelephonyPartyInformation = seq({
  partyRole: opt(1, TelephonyPartyRole),
  partyNumber: opt(2, PartyNumber),
  subscriberID: opt(3, TelephonySubscriberId),
  deviceID: opt(4, TelephonyDeviceID),
  locations: opt(5, seqOf(TelephonyLocation)),
  communicationTime: opt(6, TimeSpan),
  iMSI: opt(8, IMSI),
  natureOfAddress: opt(9, UTF8),
  iMEI: opt(13, IMEI),
});

/** TelephonyCommunicationType ::= ENUMERATED { telephonyFixedCS(0), telephonyWirelessCS(1), sMS(2), ..., mMS(3) } */
export const TelephonyCommunicationType = enumOf({ telephonyFixedCS: 0, telephonyWirelessCS: 1, sMS: 2, mMS: 3 });
/** TelephonyBearerService ::= ENUMERATED { speech(0), data(1), fax(2), ... } */
export const TelephonyBearerService = enumOf({ speech: 0, data: 1, fax: 2 });

/** SmsInformation ::= SEQUENCE { smsEvent [1] ENUMERATED {…}, smsType [2] ENUMERATED {…}, … } (subset) */
export const SmsInformation = seq({
  smsEvent: opt(1, enumOf({ shortMessage: 1, shortPartMessage: 2, compositeMessage: 3, notificationMessage: 4 })),
  smsType: opt(2, enumOf({ deliverSCtoMS: 1, deliverReportMStoSC: 2, statusReportSCtoMS: 3, commandMStoSC: 4, submitMStoSC: 5, submitReportSCtoMS: 6, reservedMTIValue: 7 })),
});

/**
 * TelephonyServiceUsage ::= SEQUENCE { partyInformation [1] SEQUENCE OF TelephonyPartyInformation, communicationTime [2] TimeSpan,
 * eventInformation [3] …, endReason [4] INTEGER -- Q.850 cause, communicationType [5], bearerService [6], smsInformation [7],
 * ringDuration [8] INTEGER, ..., … } (subset)
 */
export const TelephonyServiceUsage = seq({
  partyInformation: opt(1, seqOf(TelephonyPartyInformation)),
  communicationTime: opt(2, TimeSpan),
  endReason: opt(4, INT),
  communicationType: opt(5, TelephonyCommunicationType),
  bearerService: opt(6, TelephonyBearerService),
  smsInformation: opt(7, SmsInformation),
  ringDuration: opt(8, INT),
});
export type TelephonyServiceUsage = Infer<typeof TelephonyServiceUsage>;

/** TelephonyDevice ::= SEQUENCE { deviceIDType [1] ENUMERATED { unknown(0), imei(1), macAddress(2), ... }, telephonyDeviceID [2], ..., subscriberID [3], … } (subset) */
export const TelephonyDevice = seq({
  deviceIDType: opt(1, enumOf({ unknown: 0, imei: 1, macAddress: 2 })),
  telephonyDeviceID: opt(2, TelephonyDeviceID),
  subscriberID: opt(3, TelephonySubscriberId),
});

/** TelephonyRecord ::= CHOICE { telephonySubscriber [1], telephonyBillingDetails [2], telephonyServiceUsage [3], telephonyDevice [4], telephonyNetworkElement [5], ... } (billing not implemented) */
export const TelephonyRecord = choice({
  telephonySubscriber: alt(1, TelephonySubscriber),
  telephonyServiceUsage: alt(3, TelephonyServiceUsage),
  telephonyDevice: alt(4, TelephonyDevice),
  telephonyNetworkElement: alt(5, TelephonyNetworkElement),
});

/**
 * Common types of module RDMessage version26 (TS 102 657 Annex A.3.2 and the shared parts of
 * Annex E.3), the subset the codec implements (docs/rd.md lists it). ASN.1 as printed in V1.28.1.
 * Components this codec does not implement are left out; a peer that sends them gets RD_UNEXPECTED_TAG.
 */
import { alt, choice, enumOf, INT, intRange, OCTETS, opt, req, seq, seqOf, sized, TIME, UTF8, type Infer } from './schema.ts';

/** CountryCode ::= UTF8String (SIZE(2))  -- ISO 3166-1 */
export const CountryCode = sized('utf8', 2, 2);
/** PartyNumber ::= UTF8String  -- E.164 address of the party in international format */
export const PartyNumber = UTF8;
/** IMSI ::= OCTET STRING (SIZE(3..8))  -- format as per 3GPP TS 09.02 (TBCD) */
export const IMSI = sized('octets', 3, 8);
/** IMEI ::= OCTET STRING (SIZE(8))  -- format as per 3GPP TS 09.02 (TBCD) */
export const IMEI = sized('octets', 8, 8);
/** NAI ::= UTF8String */
export const NAI = UTF8;

/** TimeSpan ::= SEQUENCE { startTime [1] GeneralizedTime OPTIONAL, endTime [2] … OPTIONAL, ..., durationTime [3] INTEGER OPTIONAL } */
export const TimeSpan = seq({ startTime: opt(1, TIME), endTime: opt(2, TIME), durationTime: opt(3, INT) });
export type TimeSpan = Infer<typeof TimeSpan>;

/** IPAddress ::= CHOICE { iPv4BinaryAddress [1] OCTET STRING (SIZE(4)), iPv6BinaryAddress [2] … (SIZE(16)), iPTextAddress [3] IA5String (SIZE(7..45)), ... } */
export const IPAddress = choice({
  iPv4BinaryAddress: alt(1, sized('octets', 4, 4)),
  iPv6BinaryAddress: alt(2, sized('octets', 16, 16)),
  iPTextAddress: alt(3, sized('ia5', 7, 45)),
});
export type IPAddress = Infer<typeof IPAddress>;


/** PortNumber ::= CHOICE { tCPPort [0] TCPPort (INTEGER (1..65535)), uDPPort [1] UDPPort (INTEGER (0..65535)), ... } */
export const PortNumber = choice({ tCPPort: alt(0, intRange(1, 65535)), uDPPort: alt(1, intRange(0, 65535)) });

/** IPRange ::= SEQUENCE { prefix [0] IPAddress, subnetlength [1] INTEGER (1..128) } */
export const IPRange = seq({ prefix: req(0, IPAddress), subnetlength: req(1, intRange(1, 128)) });
/** IPMask ::= SEQUENCE { base [0] IPAddress, mask [1] IPAddress } */
export const IPMask = seq({ base: req(0, IPAddress), mask: req(1, IPAddress) });
/** IPAddressSetOrRangeOrMask ::= CHOICE { set [0] SEQUENCE OF IPAddress, range [1] IPRange, mask [2] IPMask } */
export const IPAddressSetOrRangeOrMask = choice({ set: alt(0, seqOf(IPAddress)), range: alt(1, IPRange), mask: alt(2, IPMask) });

/** SUPI ::= CHOICE { iMSI [1] IMSI, nAI [2] NAI, ... } */
export const SUPI = choice({ iMSI: alt(1, IMSI), nAI: alt(2, NAI) });
/** GPSI ::= CHOICE { mSISDN [1] PartyNumber, nAI [2] NAI, ... } */
export const GPSI = choice({ mSISDN: alt(1, PartyNumber), nAI: alt(2, NAI) });

/** MapDatum ::= ENUMERATED { wGS84(1), …, ..., cH1903(13), cH1903Plus(14) } */
export const MapDatum = enumOf({
  wGS84: 1, wGS72: 2, eD50: 3, rD: 4, potsdamDatum: 5, datumAustria: 6, eTRS89: 7, nAD27: 8, oSGB36: 9, oSNI52: 10, tM65: 11, iTM: 12, cH1903: 13, cH1903Plus: 14,
});

/**
 * GSMLocation ::= CHOICE { geoCoordinates [1] …, utmCoordinates [2] …, utmRefCoordinates [3] …,
 * wGS84Coordinates [4] OCTET STRING, ..., geoCoordinatesDec [5] SEQUENCE { latitudeDec [1]
 * UTF8String (SIZE(3..12)) OPTIONAL -- XDD.nnnnnnnn, longitudeDec [2] UTF8String (SIZE(4..13))
 * OPTIONAL -- XDDD.nnnnnnnn, mapDatum [3] MapDatum OPTIONAL, azimuth [4] INTEGER (0..359) OPTIONAL, ... } }
 * Implemented: geoCoordinates, wGS84Coordinates and geoCoordinatesDec.
 */
export const GSMLocation = choice({
  geoCoordinates: alt(1, seq({
    latitude: opt(1, sized('utf8', 7, 10)),
    longitude: opt(2, sized('utf8', 8, 11)),
    mapDatum: opt(3, MapDatum),
    azimuth: opt(4, intRange(0, 359)),
  })),
  wGS84Coordinates: alt(4, OCTETS),
  geoCoordinatesDec: alt(5, seq({
    latitudeDec: opt(1, sized('utf8', 3, 12)),
    longitudeDec: opt(2, sized('utf8', 4, 13)),
    mapDatum: opt(3, MapDatum),
    azimuth: opt(4, intRange(0, 359)),
  })),
});

/**
 * Location ::= SEQUENCE { e164-Number [1] …, globalCellID [2] OCTET STRING (SIZE (5..7)) OPTIONAL,
 * rAI [3] …, gsmLocation [4] GSMLocation OPTIONAL, …, tAI [11] OCTET STRING (SIZE (6)) OPTIONAL,
 * eCGI [12] OCTET STRING (SIZE (8)) OPTIONAL, …, locationInformationSource [19] UTF8String OPTIONAL, … }
 * Implemented: globalCellID, gsmLocation, tAI, eCGI, locationInformationSource.
 */
export const Location = seq({
  globalCellID: opt(2, sized('octets', 5, 7)),
  gsmLocation: opt(4, GSMLocation),
  tAI: opt(11, sized('octets', 6, 6)),
  eCGI: opt(12, sized('octets', 8, 8)),
  locationInformationSource: opt(19, UTF8),
});
export type Location = Infer<typeof Location>;

/** AddressInformation (Annex A.3.2): flatNumber [1] … city [10], country [11] CountryCode, validity [12] TimeSpan (subset). */
export const AddressInformation = seq({
  flatNumber: opt(1, UTF8),
  buildingName: opt(2, UTF8),
  buildingNumber: opt(3, UTF8),
  streetName: opt(4, UTF8),
  poBox: opt(5, UTF8),
  postalCode: opt(6, UTF8),
  region: opt(7, UTF8),
  province: opt(8, UTF8),
  language: opt(9, UTF8),
  city: opt(10, UTF8),
  country: opt(11, CountryCode),
  validity: opt(12, TimeSpan),
});

/** PersonName ::= SEQUENCE { salutation [1], surname [2], surnamePrefix [3], surnameSuffix [4], middleNames [5], firstname [6], ... } */
export const PersonName = seq({
  salutation: opt(1, UTF8),
  surname: opt(2, UTF8),
  surnamePrefix: opt(3, UTF8),
  surnameSuffix: opt(4, UTF8),
  middleNames: opt(5, UTF8),
  firstname: opt(6, UTF8),
});

/** ContactDetails ::= SEQUENCE { address [1] AddressInformation, emailAddress [2] UTF8String, contactNumber [3] SEQUENCE OF PartyNumber, ... } */
export const ContactDetails = seq({ address: opt(1, AddressInformation), emailAddress: opt(2, UTF8), contactNumber: opt(3, seqOf(PartyNumber)) });

/** IndividualInfo ::= SEQUENCE { name [1] PersonName, contactAddress [2] ContactDetails, dateOfBirth [3] GeneralizedTime, gender [4] ENUMERATED { male(0), female(1), ..., other(2) }, identificationNumber [5] UTF8String, … } (subset) */
export const IndividualInfo = seq({
  name: opt(1, PersonName),
  contactAddress: opt(2, ContactDetails),
  dateOfBirth: opt(3, TIME),
  gender: opt(4, enumOf({ male: 0, female: 1, other: 2 })),
  identificationNumber: opt(5, UTF8),
});

/** OrganizationInfo ::= SEQUENCE { name [1] UTF8String, contactDetails [2] ContactDetails, nationalRegistrationID [3] UTF8String, ... } (subset) */
export const OrganizationInfo = seq({ name: opt(1, UTF8), contactDetails: opt(2, ContactDetails), nationalRegistrationID: opt(3, UTF8) });

/** ContractInformation ::= SEQUENCE { contractDesignation [1], contractNumber [2], otherInformation [3], timeSpan [4] TimeSpan, … } (subset) */
export const ContractInformation = seq({ contractDesignation: opt(1, UTF8), contractNumber: opt(2, UTF8), otherInformation: opt(3, UTF8), timeSpan: opt(4, TimeSpan) });

/** GenericSubscriberInfo ::= SEQUENCE { organizationInfo [1], individualInfo [2], ..., contracts [3] SEQUENCE OF ContractInformation } */
export const GenericSubscriberInfo = seq({
  organizationInfo: opt(1, OrganizationInfo),
  individualInfo: opt(2, IndividualInfo),
  contracts: opt(3, seqOf(ContractInformation)),
});
export type GenericSubscriberInfo = Infer<typeof GenericSubscriberInfo>;



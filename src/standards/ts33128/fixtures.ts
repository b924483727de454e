/**
 * Sample records shaped like those of the system's synthetic 5G network (test PLMN 001/01), one per
 * modelled event, used by the tests of this folder and handy as examples of the model. Every value
 * respects the TS33128Payloads constraints, so the encodings pass the asn1c constraint check.
 */
import type { CCPayload, LINotificationPayload, XIRIPayload } from './payloads.ts';
import type { XIRIEvent } from './events.ts';
import type { FiveGGUTI, PLMNID, SUPI, GPSI, PEI } from './common.ts';
import type { Location } from './location.ts';
import type { MDFCellSiteReport } from './reports.ts';
import { XIRI_PAYLOAD_OID, CC_PAYLOAD_OID, LI_NOTIFICATION_PAYLOAD_OID } from './payloads.ts';

const plmn: PLMNID = { mCC: '001', mNC: '01' };
export const sampleSUPI: SUPI = { kind: 'iMSI', value: '001010123456789' };
export const sampleGPSI: GPSI = { kind: 'mSISDN', value: '447700900123' };
export const samplePEI: PEI = { kind: 'iMEI', value: '35209900176148' };
const guti: FiveGGUTI = { mCC: '001', mNC: '01', aMFRegionID: 1, aMFSetID: 4, aMFPointer: 0, fiveGTMSI: 3735928559 };
const t = (s: string) => new Date(s);

/** An NR cell with its site coordinates, as a 5G AMF reports it (TS 29.571 UserLocation.nrLocation). */
export const sampleNRLocation: Location = {
  locationInfo: {
    userLocation: {
      nRLocation: {
        tAI: { pLMNID: plmn, tAC: Uint8Array.of(0x00, 0x00, 0x01) },
        nCGI: { pLMNID: plmn, nRCellID: 0x123456789 },
        ageOfLocatonInfo: 0,
        uELocationTimestamp: t('2024-01-01T12:00:00Z'),
        globalGNbID: { pLMNID: plmn, aNNodeID: { kind: 'gNbID', value: { length: 24, value: 0x123456 } } },
        cellSiteInformation: {
          geographicalCoordinates: { latitude: '51.5074', longitude: '-0.1278', mapDatumInformation: 'urn:ogc:def:crs:EPSG::4326' },
          azimuth: 120,
          operatorSpecificInformation: 'site LON-0001 sector 2',
        },
      },
    },
    currentLoc: true,
    geoInfo: { kind: 'pointUncertaintyCircle', value: { geographicalCoordinates: { latitude: '51.5074', longitude: '-0.1278' }, uncertainty: 18 } },
    rATType: 'nR',
    timeZone: '+00:00',
    additionalCellIDs: [
      { rANCGI: { kind: 'eCGI', value: { pLMNID: plmn, eUTRACellID: 0x0abcdef } }, timeOfLocation: t('2024-01-01T11:59:00Z') },
    ],
  },
};

/** An LTE cell plus a positioning result (LocationData with an ellipsoid point, civic address). */
export const sampleEUTRALocation: Location = {
  locationInfo: {
    userLocation: {
      eUTRALocation: {
        tAI: { pLMNID: plmn, tAC: Uint8Array.of(0x00, 0x2a) },
        eCGI: { pLMNID: plmn, eUTRACellID: 0x0abcdef },
        globalENbID: { pLMNID: plmn, aNNodeID: { kind: 'eNbID', value: { kind: 'macroENbID', value: 0xabcde } } },
        cellSiteInformation: { geographicalCoordinates: { latitude: '48.8566', longitude: '2.3522' } },
      },
    },
    rATType: 'eUTRA',
  },
  positioningInfo: {
    positionInfo: {
      locationEstimate: {
        kind: 'pointUncertaintyEllipse',
        value: {
          geographicalCoordinates: { latitude: '48.8566', longitude: '2.3522' },
          uncertainty: { semiMajor: 20, semiMinor: 10, orientationMajor: 45 },
          confidence: 68,
        },
      },
      accuracyFulfilmentIndicator: 'requestedAccuracyFulfilled',
      ageOfLocationEstimate: 5,
      civicAddress: { country: 'FR', a1: 'Ile-de-France', a3: 'Paris', rd: 'Rue de Rivoli', hno: '1' },
      eCGI: { pLMNID: plmn, eUTRACellID: 0x0abcdef },
      altitude: '35',
    },
  },
  // LocationPresenceReport { type [1] locationReport(1), timestamp [2] "20240101120000Z" } kept raw
  locationPresenceReport: {
    constructed: true,
    contents: Uint8Array.of(0x81, 0x01, 0x01, 0x82, 0x0f, ...new TextEncoder().encode('20240101120000Z')),
  },
};

const geoShapes: Location['locationInfo'][] = [
  { geoInfo: { kind: 'point', value: { geographicalCoordinates: { latitude: '1', longitude: '2' } } } },
  {
    geoInfo: {
      kind: 'polygon',
      value: { pointList: [{ latitude: '1', longitude: '1' }, { latitude: '1', longitude: '2' }, { latitude: '2', longitude: '1' }] },
    },
  },
  { geoInfo: { kind: 'pointAltitude', value: { point: { latitude: '1', longitude: '2' }, altitude: '100.5' } } },
  {
    geoInfo: {
      kind: 'pointAltitudeUncertainty',
      value: {
        point: { latitude: '1', longitude: '2' },
        altitude: '100',
        uncertaintyEllipse: { semiMajor: 1, semiMinor: 1, orientationMajor: 0 },
        uncertaintyAltitude: 3,
        confidence: 90,
      },
    },
  },
  {
    geoInfo: {
      kind: 'ellipsoidArc',
      value: { point: { latitude: '1', longitude: '2' }, innerRadius: 500, uncertaintyRadius: 10, offsetAngle: 30, includedAngle: 60, confidence: 50 },
    },
  },
];

/** One XIRIEvent per modelled alternative (plus an unknown one kept raw). */
export const sampleXIRIEvents: XIRIEvent[] = [
  {
    kind: 'registration',
    value: {
      registrationType: 'initial',
      registrationResult: 'threeGPPAccess',
      slice: { allowedNSSAI: [{ sliceServiceType: 1 }, { sliceServiceType: 2, sliceDifferentiator: Uint8Array.of(0, 0, 1) }] },
      sUPI: sampleSUPI,
      sUCI: { mCC: '001', mNC: '01', routingIndicator: 0, protectionSchemeID: 0, homeNetworkPublicKeyID: Uint8Array.of(0), schemeOutput: Uint8Array.of(0x21, 0x43, 0x65, 0x87, 0x09) },
      pEI: samplePEI,
      gPSI: sampleGPSI,
      gUTI: guti,
      location: sampleNRLocation,
      fiveGSTAIList: [{ pLMNID: plmn, tAC: Uint8Array.of(0, 0, 1) }, { pLMNID: plmn, tAC: Uint8Array.of(0, 0, 2) }],
    },
  },
  { kind: 'deregistration', value: { deregistrationDirection: 'uEInitiated', accessType: 'threeGPPAccess', sUPI: sampleSUPI, gPSI: sampleGPSI, gUTI: guti, cause: 3 } },
  { kind: 'locationUpdate', value: { sUPI: sampleSUPI, pEI: { kind: 'iMEISV', value: '3520990017614801' }, gPSI: sampleGPSI, location: sampleEUTRALocation } },
  ...geoShapes.map((locationInfo): XIRIEvent => ({ kind: 'locationUpdate', value: { sUPI: { kind: 'nAI', value: 'user@nai.5gc.mnc001.mcc001.3gppnetwork.org' }, location: { locationInfo } } })),
  {
    kind: 'startOfInterceptionWithRegisteredUE',
    value: {
      registrationResult: 'threeGPPAccess',
      registrationType: 'mobility',
      sUPI: sampleSUPI,
      gUTI: guti,
      non3GPPAccessEndpoint: { kind: 'iPv6Address', value: '2001:db8::1' },
      timeOfRegistration: t('2024-01-01T08:00:00.5Z'),
    },
  },
  { kind: 'unsuccessfulAMProcedure', value: { failedProcedureType: 'registration', failureCause: { kind: 'fiveGMMCause', value: 7 }, requestedSlice: [{ sliceServiceType: 1 }], sUPI: sampleSUPI } },
  {
    kind: 'pDUSessionEstablishment',
    value: {
      sUPI: sampleSUPI,
      sUPIUnauthenticated: false,
      pEI: samplePEI,
      gPSI: sampleGPSI,
      pDUSessionID: 5,
      gTPTunnelID: { tEID: 0x80000001, iPv4Address: '10.0.0.1' },
      pDUSessionType: 'iPv4',
      sNSSAI: { sliceServiceType: 1, sliceDifferentiator: Uint8Array.of(0xff, 0xff, 0xff) },
      uEEndpoint: [{ kind: 'iPv4Address', value: '10.45.0.2' }],
      location: sampleNRLocation,
      dNN: 'internet',
      aMFID: { aMFRegionID: 1, aMFSetID: 4, aMFPointer: 0 },
      hSMFURI: 'https://smf.example.org/nsmf-pdusession/v1',
      requestType: 'initialRequest',
      accessType: 'threeGPPAccess',
      rATType: 'nR',
    },
  },
  { kind: 'pDUSessionModification', value: { sUPI: sampleSUPI, gPSI: sampleGPSI, location: sampleEUTRALocation, requestType: 'modificationRequest', rATType: 'eUTRA', pDUSessionID: 5 } },
  {
    kind: 'pDUSessionRelease',
    value: {
      sUPI: sampleSUPI,
      pDUSessionID: 5,
      timeOfFirstPacket: t('2024-01-01T12:00:01Z'),
      timeOfLastPacket: t('2024-01-01T12:30:00Z'),
      uplinkVolume: 123456,
      downlinkVolume: 9876543210,
      cause: 'REL_DUE_TO_UE_REQUEST',
    },
  },
  {
    kind: 'startOfInterceptionWithEstablishedPDUSession',
    value: {
      sUPI: sampleSUPI,
      pDUSessionID: 6,
      gTPTunnelID: { tEID: 7, iPv6Address: '2001:db8:1::7' },
      pDUSessionType: 'iPv4v6',
      uEEndpoint: [{ kind: 'iPv4Address', value: '10.45.0.3' }, { kind: 'iPv6Address', value: '2001:db8:45::3' }],
      dNN: 'ims',
      requestType: 'existingPDUSession',
      timeOfSessionEstablishment: t('2024-01-01T07:00:00Z'),
    },
  },
  { kind: 'unsuccessfulSMProcedure', value: { failedProcedureType: 'pDUSessionEstablishment', failureCause: 27, initiator: 'network', sUPI: sampleSUPI, dNN: 'unknown.apn' } },
  {
    kind: 'sMSMessage',
    value: {
      originatingSMSParty: { sUPI: sampleSUPI, gPSI: sampleGPSI },
      terminatingSMSParty: { gPSI: { kind: 'mSISDN', value: '447700900456' }, sMSAddress: Uint8Array.of(0x0c, 0x91, 0x44, 0x77, 0x00, 0x09, 0x40, 0x65) },
      direction: 'fromTarget',
      linkTransferStatus: 'transferSucceeded',
      location: sampleNRLocation,
      peerNFAddress: { kind: 'e164Number', value: '447700900000' },
      peerNFType: 'sMSRouter',
      // SMS-SUBMIT "hello" (TS 23.040 §9.2.2.2), GSM 7-bit
      sMSTPDUData: { kind: 'sMSTPDU', value: Uint8Array.of(0x01, 0x00, 0x0c, 0x91, 0x44, 0x77, 0x00, 0x09, 0x40, 0x65, 0x00, 0x00, 0x05, 0xe8, 0x32, 0x9b, 0xfd, 0x06) },
      messageType: 'submit',
      rPMessageReference: 17,
    },
  },
  { kind: 'lALSReport', value: { sUPI: sampleSUPI, location: sampleEUTRALocation } },
  {
    kind: 'pDHeaderReport',
    value: {
      pDUSessionID: 5,
      sourceIPAddress: { kind: 'iPv4Address', value: '10.45.0.2' },
      sourcePort: 51514,
      destinationIPAddress: { kind: 'iPv4Address', value: '93.184.216.34' },
      destinationPort: 443,
      nextLayerProtocol: 6,
      direction: 'fromTarget',
      packetSize: 1400,
    },
  },
  {
    kind: 'pDSummaryReport',
    value: {
      pDUSessionID: 5,
      sourceIPAddress: { kind: 'iPv6Address', value: '2001:db8:45::3' },
      destinationIPAddress: { kind: 'iPv6Address', value: '2001:4860:4860::8888' },
      destinationPort: 53,
      nextLayerProtocol: 17,
      iPv6flowLabel: 12345,
      direction: 'toTarget',
      pDSRSummaryTrigger: 'endOfFlow',
      firstPacketTimestamp: t('2024-01-01T12:00:00Z'),
      lastPacketTimestamp: t('2024-01-01T12:00:02.25Z'),
      packetCount: 4,
      byteCount: 512,
    },
  },
  { kind: 'sMSReport', value: { sMSTPDUData: { kind: 'truncatedSMSTPDU', value: Uint8Array.of(0x04, 0x0c) }, messageType: 'deliver', rPMessageReference: 0 } },
  { kind: 'aMFIdentifierAssocation', value: { sUPI: sampleSUPI, gUTI: guti, location: sampleNRLocation } },
  // servingSystemMessage [11] UDMServingSystemMessage { sUPI [1] { iMSI }, servingSystemMethod [7] amf3GPPAccessRegistration(0) }
  {
    kind: 'unknown',
    tag: 11,
    name: 'servingSystemMessage',
    raw: { constructed: true, contents: Uint8Array.of(0xa1, 0x11, 0x81, 0x0f, ...new TextEncoder().encode('001010123456789'), 0x87, 0x01, 0x00) },
  },
];

export const sampleXIRIPayloads: XIRIPayload[] = sampleXIRIEvents.map((event) => ({ xIRIPayloadOID: XIRI_PAYLOAD_OID, event }));

export const sampleMDFCellSiteReport: MDFCellSiteReport = [
  {
    rANCGI: { kind: 'nCGI', value: { pLMNID: plmn, nRCellID: 0x123456789 } },
    cellSiteinformation: { geographicalCoordinates: { latitude: '51.5074', longitude: '-0.1278' }, azimuth: 0 },
  },
];

/** A minimal IPv4/UDP packet (20 + 8 octets) as the UPF would copy it. */
const ipPacket = Uint8Array.from([
  0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0, 10, 45, 0, 2, 8, 8, 8, 8, 0xc3, 0x50, 0, 53, 0, 8, 0, 0,
]);
export const sampleCCPayloads: CCPayload[] = [
  { cCPayloadOID: CC_PAYLOAD_OID, pDU: { kind: 'uPFCCPDU', value: ipPacket } },
  { cCPayloadOID: CC_PAYLOAD_OID, pDU: { kind: 'extendedUPFCCPDU', value: { payload: { kind: 'uPFIPCC', value: ipPacket }, qFI: 9 } } },
  { cCPayloadOID: CC_PAYLOAD_OID, pDU: { kind: 'extendedUPFCCPDU', value: { payload: { kind: 'uPFEthernetCC', value: Uint8Array.of(1, 2, 3) } } } },
];

export const sampleLINotificationPayloads: LINotificationPayload[] = [
  {
    lINotificationPayloadOID: LI_NOTIFICATION_PAYLOAD_OID,
    notification: {
      notificationType: 'activation',
      appliedTargetID: { kind: 'sUPI', value: sampleSUPI },
      appliedDeliveryInformation: [{ hI2DeliveryIPAddress: { kind: 'iPv4Address', value: '192.0.2.10' }, hI2DeliveryPortNumber: 6000 }],
      appliedStartTime: t('2024-01-01T00:00:00Z'),
      appliedEndTime: t('2024-02-01T00:00:00Z'),
    },
  },
  { lINotificationPayloadOID: LI_NOTIFICATION_PAYLOAD_OID, notification: { notificationType: 'deactivation', appliedTargetID: { kind: 'mSISDN', value: '447700900123' } } },
];

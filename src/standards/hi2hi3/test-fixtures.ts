/**
 * Sample PS-PDUs covering every alternative the codec models (shared by the tests and the bench).
 * Identities are synthetic (documentation ranges, example LIIDs).
 */
import { ctxUtf8, encodeBer, integer, sequence } from '../ber/index.ts';
import {
  AccessEventType,
  CheckType,
  DataType,
  EncryptedPayloadType,
  EncryptionType,
  FrameType,
  HashAlgorithm,
  InternetAccessType,
  IPAssignment,
  IPType,
  IPVersion,
  IRIType,
  IP_CC_OBJ_ID,
  IP_IRI_OBJ_ID,
  IPMM_CC_OBJ_ID,
  IPMM_IRI_OBJ_ID,
  LI_PS_DOMAIN_ID,
  MMCCprotocol,
  PayloadDirection,
  SignatureAlgorithm,
  TimeStampQualifier,
  EndReason,
  AuthenticationType,
  OperatorLeaMessagePriority,
  InterceptType,
  HI1_OPERATION_ID,
} from './constants.ts';
import type { IPAddress, Payload, PSHeader, PsPdu } from './types.ts';
import type { IPIRIContents } from './types-ipaccess.ts';

export const T0 = new Date('2024-01-01T12:00:00.250Z');

export const minimalHeader: PSHeader = {
  liPsDomainId: LI_PS_DOMAIN_ID,
  lawfulInterceptionIdentifier: 'LIID-EX-1',
  communicationIdentifier: { networkIdentifier: { operatorIdentifier: 'OP1' } },
  sequenceNumber: 0,
};

export const fullHeader: PSHeader = {
  liPsDomainId: LI_PS_DOMAIN_ID,
  lawfulInterceptionIdentifier: 'LIID-EX-0001',
  authorizationCountryCode: 'GB',
  communicationIdentifier: {
    networkIdentifier: { operatorIdentifier: 'OPERATOR-A', networkElementIdentifier: 'PGW-7' },
    communicationIdentityNumber: 4_000_000_000,
    deliveryCountryCode: 'GB',
  },
  sequenceNumber: 0xffffffff,
  timeStamp: T0,
  interceptionPointID: 'IP-01',
  microSecondTimeStamp: { seconds: 1704110400n, microSeconds: 250123 },
  timeStampQualifier: TimeStampQualifier.timeOfInterception,
  extendedInterceptionPointID: Uint8Array.of(1, 2, 3),
  networkFunctionIdentifier: new TextEncoder().encode('upf-1.example'),
};

/** A header typical of one task: every constant field, a CIN, a timestamp. */
export const taskHeader: PSHeader = {
  liPsDomainId: LI_PS_DOMAIN_ID,
  lawfulInterceptionIdentifier: 'LIID-EX-0042',
  authorizationCountryCode: 'DE',
  communicationIdentifier: {
    networkIdentifier: { operatorIdentifier: 'OP-DE-1', networkElementIdentifier: 'MDF-1' },
    communicationIdentityNumber: 77,
    deliveryCountryCode: 'DE',
  },
  sequenceNumber: 1234,
  timeStamp: T0,
};

const ipv4: IPAddress = {
  iPType: IPType.iPV4,
  iPValue: { kind: 'iPBinaryAddress', value: Uint8Array.of(192, 0, 2, 1) },
  iPAssignment: IPAssignment.dynamic,
  iPv4SubnetMask: Uint8Array.of(255, 255, 255, 248),
  iPNATTranslated: false,
};
const ipv6: IPAddress = {
  iPType: IPType.iPV6,
  iPValue: { kind: 'iPTextAddress', value: '2001:db8::1' },
  iPv6PrefixLength: 64,
};

export const ipiriContents: IPIRIContents = {
  accessEventType: AccessEventType.accessAccept,
  targetUsername: 'user@isp.example',
  internetAccessType: InternetAccessType.xDSL,
  iPVersion: IPVersion.iPV4andV6,
  targetIPAddress: ipv4,
  targetNetworkID: '00:11:22:33:44:55',
  targetCPEID: 'cpe-1',
  targetLocation: 'AP-17',
  pOPPortNumber: 4000,
  callBackNumber: '+4420',
  startTime: T0,
  endTime: new Date('2024-01-01T13:00:00Z'),
  endReason: EndReason.regularLogoff,
  octetsReceived: 2n ** 40n,
  octetsTransmitted: 12345n,
  rawAAAData: Uint8Array.of(1, 2),
  expectedEndTime: new Date('2024-01-02T12:00:00Z'),
  pOPPhoneNumber: '+44208',
  pOPIPAddress: ipv6,
  additionalIPAddress: ipv6,
  authenticationType: AuthenticationType.radiusAAA,
  pOPPortID: Uint8Array.of(9),
};

/** Stand-in for a TS 33.128 IRIPayload / CCPayload: carried opaque, so any BER will do here. */
export const fake33128Iri = encodeBer(sequence([ctxUtf8(1, 'xIRI'), integer(5)]));
export const fake33128Cc = encodeBer(sequence([ctxUtf8(1, 'xCC'), integer(6)]));

export const ipPacket200 = Uint8Array.from({ length: 200 }, (_, i) => (i * 7) & 0xff);

const iri = (iRIType: IRIType, withIpiri: boolean): Payload => ({
  kind: 'iRIPayloadSequence',
  value: [
    withIpiri
      ? { iRIType, timeStamp: T0, iRIContents: { kind: 'iPIRI', value: { iPIRIObjId: IP_IRI_OBJ_ID, iPIRIContents: { ...ipiriContents } } } }
      : { iRIType, iRIContents: { kind: 'threeGPP33128DefinedIRI', value: fake33128Iri } },
  ],
});

export interface Sample {
  name: string;
  pdu: PsPdu;
  /** false where the validator's asn1c codec prunes the alternative (validators README). */
  validatable: boolean;
}

const withPayload = (name: string, payload: Payload, validatable = true, header: PSHeader = taskHeader): Sample => ({
  name,
  pdu: { pSHeader: header, payload },
  validatable,
});

export const samples: Sample[] = [
  withPayload('header-minimal-keepalive', { kind: 'tRIPayload', value: { kind: 'keepAlive' } }, true, minimalHeader),
  withPayload('header-full-keepalive-response', { kind: 'tRIPayload', value: { kind: 'keepAliveResponse' } }, true, fullHeader),
  withPayload('iri-begin-ipiri', iri(IRIType.iRIBegin, true)),
  withPayload('iri-continue-ipiri', iri(IRIType.iRIContinue, true)),
  withPayload('iri-end-ipiri', iri(IRIType.iRIEnd, true)),
  withPayload('iri-report-ipiri', iri(IRIType.iRIReport, true)),
  withPayload('iri-begin-33128', iri(IRIType.iRIBegin, false)),
  withPayload('iri-continue-33128', iri(IRIType.iRIContinue, false)),
  withPayload('iri-end-33128', iri(IRIType.iRIEnd, false)),
  withPayload('iri-report-33128', iri(IRIType.iRIReport, false)),
  withPayload('iri-extensions', {
    kind: 'iRIPayloadSequence',
    value: [
      {
        iRIType: IRIType.iRIReport,
        iRIContents: { kind: 'threeGPP33128DefinedIRI', value: fake33128Iri },
        microSecondTimeStamp: { seconds: 1n, microSeconds: 2 },
        timeStampQualifier: TimeStampQualifier.timeOfMediation,
        sessionDirection: PayloadDirection.fromTarget,
        payloadDirection: PayloadDirection.combined,
      },
    ],
  }),
  withPayload('ipcc', {
    kind: 'cCPayloadSequence',
    value: [{ payloadDirection: PayloadDirection.fromTarget, cCContents: { kind: 'iPCC', value: { iPCCObjId: IP_CC_OBJ_ID, iPCCContents: { kind: 'iPPackets', value: ipPacket200 } } } }],
  }),
  withPayload('ipcc-truncated-aggregated', {
    kind: 'cCPayloadSequence',
    value: [
      {
        payloadDirection: PayloadDirection.toTarget,
        timeStamp: T0,
        cCContents: { kind: 'iPCC', value: { iPCCObjId: IP_CC_OBJ_ID, iPCCContents: { kind: 'iPTruncatedPacket', value: { truncatedPacket: ipPacket200.subarray(0, 64), originalLength: 1500 } } } },
        microSecondTimeStamp: { seconds: 1704110400n, microSeconds: 1 },
        timeStampQualifier: TimeStampQualifier.timeOfAggregation,
      },
      { payloadDirection: PayloadDirection.fromTarget, timeStamp: T0, cCContents: { kind: 'iPCC', value: { iPCCObjId: IP_CC_OBJ_ID, iPCCContents: { kind: 'iPPackets', value: Uint8Array.of(0x45) } } } },
    ],
  }),
  withPayload('cc-33128', { kind: 'cCPayloadSequence', value: [{ payloadDirection: PayloadDirection.toTarget, cCContents: { kind: 'threeGPP33128DefinedCC', value: fake33128Cc } }] }),
  withPayload('cc-umts-eps', {
    kind: 'cCPayloadSequence',
    value: [{ cCContents: { kind: 'uMTSCC', value: Uint8Array.of(1) } }, { cCContents: { kind: 'ePSCC', value: Uint8Array.of(2) } }],
  }),
  withPayload('tri-integrity-hash', {
    kind: 'tRIPayload',
    value: {
      kind: 'integrityCheck',
      value: { includedSequenceNumbers: [1, 2, 0xffffffff], checkType: CheckType.hash, dataType: DataType.cC, checkValue: new Uint8Array(32).fill(0xab), hashAlgorithm: HashAlgorithm.sHA256 },
    },
  }),
  withPayload('tri-integrity-signature', {
    kind: 'tRIPayload',
    value: {
      kind: 'integrityCheck',
      value: { includedSequenceNumbers: [7], checkType: CheckType.signature, dataType: DataType.iRI, checkValue: new Uint8Array(64).fill(1), signatureAlgorithm: SignatureAlgorithm.edDSA },
    },
  }),
  ...(['testPDU', 'firstSegmentFlag', 'lastSegmentFlag', 'cINReset', 'optionComplete', 'pDUAcknowledgementRequest', 'pDUAcknowledgementResponse'] as const).map((kind) =>
    withPayload(`tri-${kind}`, { kind: 'tRIPayload', value: { kind } }),
  ),
  withPayload('tri-padding', { kind: 'tRIPayload', value: { kind: 'paddingPDU', value: new Uint8Array(10) } }),
  withPayload('tri-operator-lea-message', {
    kind: 'tRIPayload',
    value: { kind: 'operatorLeaMessage', value: { messagePriority: OperatorLeaMessagePriority.error, message: new TextEncoder().encode('buffer 80% full') } },
  }),
  withPayload('tri-option-request', { kind: 'tRIPayload', value: { kind: 'optionRequest', value: { requestedOptions: [{ kind: 'pDUAcknowledgement' }] } } }),
  withPayload('tri-option-response', { kind: 'tRIPayload', value: { kind: 'optionResponse', value: { acceptedOptions: [{ kind: 'pDUAcknowledgement' }], declinedOptions: [] } } }),
  withPayload('encryption-container', {
    kind: 'encryptionContainer',
    value: { encryptionType: EncryptionType.aES256CBC, encryptedPayload: new Uint8Array(48).fill(7), encryptedPayloadType: EncryptedPayloadType.part3 },
  }),
  withPayload('hi4-li-activated', {
    kind: 'hI4Payload',
    value: [
      {
        kind: 'hi4Notification',
        value: {
          kind: 'liActivated',
          value: {
            activationTime: T0,
            targetIdentifiers: [{ formatOwner: 'ETSI', formatName: 'InternationalE164', targetValue: '447700900123' }],
            serviceType: { owner: 'ETSI', name: 'ServiceType', value: 'Telephony' },
            interceptType: InterceptType.iriAndCc,
            ownerIdentifier: 'CSP-1',
            authorizationReference: 'W-2024-001',
          },
        },
      },
    ],
  }),
  // ---- alternatives pruned from the validator's codec: checked by our own round trip only ----
  withPayload('ipmmcc-rtp', {
    kind: 'cCPayloadSequence',
    value: [
      {
        payloadDirection: PayloadDirection.fromTarget,
        cCContents: {
          kind: 'iPMMCC',
          value: { iPMMCCObjId: IPMM_CC_OBJ_ID, mMCCContents: ipPacket200.subarray(0, 172), frameType: FrameType.rtpFrame, streamIdentifier: Uint8Array.of(1), mMCCprotocol: MMCCprotocol.rTP },
        },
      },
    ],
  }, false),
  withPayload('ipmmiri-sip', {
    kind: 'iRIPayloadSequence',
    value: [
      {
        iRIType: IRIType.iRIBegin,
        timeStamp: T0,
        iRIContents: {
          kind: 'iPMMIRI',
          value: {
            iPMMIRIObjId: IPMM_IRI_OBJ_ID,
            iPMMIRIContents: { kind: 'sIPMessage', value: { iPSourceAddress: ipv4, iPDestinationAddress: ipv6, sIPContent: new TextEncoder().encode('INVITE sip:bob@example.com SIP/2.0\r\n\r\n') } },
            additionalSignalling: [new TextEncoder().encode('Contact: tel:+441632960000')],
          },
        },
      },
    ],
  }, false),
  withPayload('ipmmiri-original', {
    kind: 'iRIPayloadSequence',
    value: [{ iRIType: IRIType.iRIReport, iRIContents: { kind: 'iPMMIRI', value: { iPMMIRIObjId: IPMM_IRI_OBJ_ID, iPMMIRIContents: { kind: 'originalIPMMMessage', value: ipPacket200 } } } }],
  }, false),
  withPayload('hi1-li-activated', {
    kind: 'hI1Operation',
    value: {
      kind: 'liActivated',
      value: {
        domainID: HI1_OPERATION_ID,
        lawfulInterceptionIdentifier: 'LIID-EX-0042',
        communicationIdentifier: { communicationIdentityNumber: '12345678', networkIdentifier: { operatorIdentifier: 'OP1', networkElementIdentifier: { kind: 'iPFormat', value: Uint8Array.of(192, 0, 2, 9) } } },
        timeStamp: { kind: 'localTime', value: { generalizedTime: T0, winterSummerIndication: 0 } },
        targetInformation: new TextEncoder().encode('+447700900123'),
      },
    },
  }, false),
  withPayload('hi1-li-deactivated-utc', {
    kind: 'hI1Operation',
    value: { kind: 'liDeactivated', value: { lawfulInterceptionIdentifier: 'LIID-EX-0042', timeStamp: { kind: 'utcTime', value: new Date('2024-01-01T12:00:00Z') } } },
  }, false),
  withPayload('hi1-alarm', {
    kind: 'hI1Operation',
    value: { kind: 'alarmsIndicator', value: { timeStamp: { kind: 'utcTime', value: new Date('2024-01-01T12:00:00Z') }, alarmInformation: Uint8Array.of(0x41), lawfulInterceptionIdentifier: 'L1' } },
  }, false),
];

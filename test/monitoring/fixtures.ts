/**
 * MDF-side PS-PDUs for the LEMF tests, built only with the project's codecs (no hand-written BER):
 * a SIP call (iPMMIRI + iPMMCC RTP/G.711), TS 33.128 SMS, location and PDU session IRIs, IPCC
 * packets (DNS, TLS ClientHello, HTTP) and Annex J integrity checks. Identities are synthetic.
 */
import {
  CheckType,
  DataType,
  encodePsPdu,
  FrameType,
  IPType,
  IRIType,
  LI_PS_DOMAIN_ID,
  makeHashCheck,
  MMCCprotocol,
  PayloadDirection,
  type IntegrityCheck,
  type Payload,
  type PSHeader,
} from '../../src/standards/hi2hi3/index.ts';
import {
  buildClientHello,
  buildDns,
  buildHttpRequest,
  buildRtp,
  buildSip,
  buildSmsTpdu,
  buildTcpPacket,
  buildUdpPacket,
  encodeMulaw,
  DNS_TYPE_A,
  RTP_PT_PCMU,
  TCP_ACK,
  TCP_PSH,
} from '../../src/standards/payloads/index.ts';
import { encodeIRIPayload, IRI_PAYLOAD_OID, type IRIEvent, type IRITargetIdentifier } from '../../src/standards/ts33128/index.ts';

export const LIID = 'LIID-T-1';
export const TARGET_MSISDN = '447700900123';
export const TARGET_IMSI = '234150000000123';
export const PEER_MSISDN = '447700900456';
export const T0 = Date.parse('2026-11-25T08:00:00.000Z');
export const CALL_CIN = 1001;
export const SMS_CIN = 0x8000_0001;
export const LOCATION_CIN = 0x8000_0002;
export const DATA_CIN = 2001;
export const TAMPER_CIN = 3001;

export function header(cin: number, sequenceNumber: number, atMs: number, ne = 'opA-ims', liid = LIID): PSHeader {
  return {
    liPsDomainId: LI_PS_DOMAIN_ID,
    lawfulInterceptionIdentifier: liid,
    authorizationCountryCode: 'GB',
    communicationIdentifier: { networkIdentifier: { operatorIdentifier: 'opA', networkElementIdentifier: ne }, communicationIdentityNumber: cin, deliveryCountryCode: 'GB' },
    sequenceNumber,
    timeStamp: new Date(atMs),
  };
}

export const pdu = (h: PSHeader, payload: Payload): Uint8Array => encodePsPdu({ pSHeader: h, payload });

const ip = (a: string) => ({ iPType: IPType.iPV4, iPValue: { kind: 'iPTextAddress' as const, value: a } });

export function sipIri(seq: number, atMs: number, sip: Uint8Array, iRIType: IRIType): Uint8Array {
  return pdu(header(CALL_CIN, seq, atMs), {
    kind: 'iRIPayloadSequence',
    value: [{ iRIType, timeStamp: new Date(atMs), iRIContents: { kind: 'iPMMIRI', value: { iPMMIRIContents: { kind: 'sIPMessage', value: { iPSourceAddress: ip('100.64.0.7'), iPDestinationAddress: ip('100.67.255.254'), sIPContent: sip } } } } }],
  });
}

const CALL_ID = 'a84b4c76e66710@pc33.opA.example';
const FROM = `<sip:+${TARGET_MSISDN}@ims.mnc015.mcc234.3gppnetwork.org>;tag=1928301774`;
const TO = `<tel:+${PEER_MSISDN}>`;
const sipHeaders = (cseq: string): [string, string][] => [
  ['Via', 'SIP/2.0/UDP 100.64.0.7:5060;branch=z9hG4bK776asdhds'],
  ['From', FROM],
  ['To', TO],
  ['Call-ID', CALL_ID],
  ['CSeq', cseq],
];
export const INVITE = buildSip({ kind: 'request', method: 'INVITE', uri: `tel:+${PEER_MSISDN}`, headers: sipHeaders('1 INVITE'), body: new Uint8Array(0) });
export const OK_200 = buildSip({ kind: 'response', status: 200, reason: 'OK', headers: sipHeaders('1 INVITE'), body: new Uint8Array(0) });
export const BYE = buildSip({ kind: 'request', method: 'BYE', uri: `tel:+${PEER_MSISDN}`, headers: sipHeaders('2 BYE'), body: new Uint8Array(0) });

/** 20 ms of a tone as G.711 µ-law (160 samples), different per packet and direction. */
export function toneFrame(i: number, freq: number): Uint8Array {
  return encodeMulaw(Array.from({ length: 160 }, (_, n) => Math.round(8000 * Math.sin((2 * Math.PI * freq * (i * 160 + n)) / 8000))));
}

export function rtpCc(seq: number, atMs: number, direction: number, ssrc: number, rtpSeq: number, media: Uint8Array): Uint8Array {
  const packet = buildRtp({ payloadType: RTP_PT_PCMU, sequenceNumber: rtpSeq, timestamp: (5000 + rtpSeq * 160) >>> 0, ssrc, payload: media });
  return pdu(header(CALL_CIN, seq, atMs), {
    kind: 'cCPayloadSequence',
    value: [{ payloadDirection: direction, cCContents: { kind: 'iPMMCC', value: { mMCCContents: packet, frameType: FrameType.rtpFrame, mMCCprotocol: MMCCprotocol.rTP } } }],
  });
}

const targetIds: IRITargetIdentifier[] = [{ identifier: { kind: 'gPSI', value: { kind: 'mSISDN', value: TARGET_MSISDN } }, provenance: 'matchedOn' }];

export function iri33128(cin: number, seq: number, atMs: number, event: IRIEvent, iRIType: IRIType = IRIType.iRIReport, ne = 'opA-5gc'): Uint8Array {
  const iri = encodeIRIPayload({ iRIPayloadOID: IRI_PAYLOAD_OID, event, targetIdentifiers: targetIds });
  return pdu(header(cin, seq, atMs, ne), { kind: 'iRIPayloadSequence', value: [{ iRIType, timeStamp: new Date(atMs), iRIContents: { kind: 'threeGPP33128DefinedIRI', value: iri } }] });
}

export const SMS_TEXT = 'Meet at the usual place at 10';
export const smsEvent: IRIEvent = {
  kind: 'sMSMessage',
  value: {
    originatingSMSParty: { sUPI: { kind: 'iMSI', value: TARGET_IMSI }, gPSI: { kind: 'mSISDN', value: TARGET_MSISDN } },
    terminatingSMSParty: { gPSI: { kind: 'mSISDN', value: PEER_MSISDN } },
    direction: 'fromTarget',
    linkTransferStatus: 'transferSucceeded',
    sMSTPDUData: { kind: 'sMSTPDU', value: buildSmsTpdu({ type: 'SMS-SUBMIT', messageReference: 7, destination: PEER_MSISDN, text: SMS_TEXT }) },
    messageType: 'submit',
  },
};

const plmn = { mCC: '234', mNC: '15' };
export const locationEvent: IRIEvent = {
  kind: 'locationUpdate',
  value: {
    sUPI: { kind: 'iMSI', value: TARGET_IMSI },
    gPSI: { kind: 'mSISDN', value: TARGET_MSISDN },
    location: {
      locationInfo: {
        userLocation: {
          nRLocation: {
            tAI: { pLMNID: plmn, tAC: Uint8Array.of(0, 0, 3) },
            nCGI: { pLMNID: plmn, nRCellID: 0x3e8002 },
            cellSiteInformation: { geographicalCoordinates: { latitude: '51.5101', longitude: '-0.1340' }, azimuth: 120 },
          },
        },
        rATType: 'nR',
      },
    },
  },
};

export const sessionEvent: IRIEvent = {
  kind: 'pDUSessionEstablishment',
  value: {
    sUPI: { kind: 'iMSI', value: TARGET_IMSI },
    gPSI: { kind: 'mSISDN', value: TARGET_MSISDN },
    pDUSessionID: 5,
    gTPTunnelID: { tEID: 0x80000001, iPv4Address: '10.0.0.1' },
    pDUSessionType: 'iPv4',
    uEEndpoint: [{ kind: 'iPv4Address', value: '100.64.0.7' }],
    dNN: 'internet',
    requestType: 'initialRequest',
  },
};

export const UE_IP = '100.64.0.7';
export const DNS_NAME = 'news.example.org';
export const SNI = 'chat.example.net';
export const HTTP_HOST = 'shop.example.com';

export function dnsPacket(name = DNS_NAME): Uint8Array {
  return buildUdpPacket({ src: UE_IP, dst: '100.67.255.253' }, { srcPort: 40000, dstPort: 53, payload: buildDns({ id: 0x1234, response: false, questions: [{ name, type: DNS_TYPE_A }] }) });
}
export function tlsPacket(): Uint8Array {
  const hello = buildClientHello({ serverName: SNI, random: new Uint8Array(32).fill(7), tls13: false });
  return buildTcpPacket({ src: UE_IP, dst: '198.51.100.20' }, { srcPort: 40001, dstPort: 443, seq: 1, ack: 1, flags: TCP_ACK | TCP_PSH, payload: hello });
}
export function httpPacket(): Uint8Array {
  const req = buildHttpRequest({ method: 'GET', target: '/basket?item=42', headers: [['Host', HTTP_HOST], ['User-Agent', 'test']] });
  return buildTcpPacket({ src: UE_IP, dst: '198.51.100.30' }, { srcPort: 40002, dstPort: 80, seq: 1, ack: 1, flags: TCP_ACK | TCP_PSH, payload: req });
}

export function ipcc(cin: number, seq: number, atMs: number, packet: Uint8Array): Uint8Array {
  return pdu(header(cin, seq, atMs, 'opA-upf'), {
    kind: 'cCPayloadSequence',
    value: [{ payloadDirection: PayloadDirection.fromTarget, cCContents: { kind: 'iPCC', value: { iPCCContents: { kind: 'iPPackets', value: packet } } } }],
  });
}

/** An Annex J IntegrityCheck PS-PDU of the chain (LIID, CIN, NE, dataType), with the chain's own sequence number. */
export function integrityPdu(cin: number, seq: number, atMs: number, check: IntegrityCheck, ne = 'opA-upf'): Uint8Array {
  return pdu(header(cin, seq, atMs, ne), { kind: 'tRIPayload', value: { kind: 'integrityCheck', value: check } });
}

export function hashOver(dataType: number, pdus: { sequenceNumber: number; bytes: Uint8Array }[]): IntegrityCheck {
  const c = makeHashCheck(dataType, pdus);
  if (c.checkType !== CheckType.hash) throw new Error('not a hash');
  return c;
}

export { DataType, IRIType, PayloadDirection };

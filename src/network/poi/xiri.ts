/**
 * The xIRI a 5GC IRI-POI sends over LI_X2 (TS 33.128 r16 XIRIPayload, TS 103 221-2 payload format 2):
 * AMF registration / deregistration / location update (TS 33.128 clause 6.2.2.2), SMF PDU session
 * establishment / release (clause 6.2.3.2), SMSF SMS message (clause 6.2.5.3), built from the
 * synthetic network's events for one matched subscriber.
 */
import {
  encodeXIRIPayload, XIRI_PAYLOAD_OID,
  type FiveGGUTI, type GPSI, type Location, type PEI, type PLMNID, type SMSParty, type SUPI, type XIRIEvent,
} from '../../standards/ts33128/index.ts';
import type { Cell } from '../cells.ts';
import type { LocationUpdateEvent, Party, PduSessionEvent, RegistrationEvent, ServedSubscriber, SmsEvent } from '../events.ts';

const supi = (imsi: string): SUPI => ({ kind: 'iMSI', value: imsi });
/** TS 33.128 PEI iMEI is TAC + SNR (14 digits, TS 23.003 §6.2.1): the check digit is not carried. */
const pei = (imei: string): PEI => ({ kind: 'iMEI', value: imei.slice(0, 14) });
const gpsi = (msisdn: string): GPSI => ({ kind: 'mSISDN', value: msisdn });

function fnv32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A stable 5G-GUTI for the subscriber (TS 23.003 §2.10: AMF region 8 bits, set 10 bits, pointer 6 bits, 5G-TMSI 32 bits). */
function guti(s: ServedSubscriber): FiveGGUTI {
  return { mCC: s.cell.mcc, mNC: s.cell.mnc, aMFRegionID: 1, aMFSetID: 1, aMFPointer: 0, fiveGTMSI: fnv32(`tmsi/${s.imsi}`) };
}

const tacOctets = (tac: number, octets: number) => Uint8Array.from({ length: octets }, (_, i) => (tac >>> (8 * (octets - 1 - i))) & 0xff);

/** The serving cell as TS 29.571 UserLocation (NR: TAI + NCGI, E-UTRA: TAI + ECGI) with the site position. */
export function cellLocation(cell: Cell, at: Date): Location {
  const pLMNID: PLMNID = { mCC: cell.mcc, mNC: cell.mnc };
  const cellSiteInformation = {
    geographicalCoordinates: { latitude: cell.latitude.toFixed(6), longitude: cell.longitude.toFixed(6) },
    azimuth: Math.round(cell.azimuthDeg) % 360,
  };
  const userLocation =
    cell.rat === 'NR'
      ? { nRLocation: { tAI: { pLMNID, tAC: tacOctets(cell.tac, 3) }, nCGI: { pLMNID, nRCellID: cell.cellIdentity }, uELocationTimestamp: at, cellSiteInformation } }
      : { eUTRALocation: { tAI: { pLMNID, tAC: tacOctets(cell.tac, 2) }, eCGI: { pLMNID, eUTRACellID: cell.cellIdentity }, uELocationTimestamp: at, cellSiteInformation } };
  return { locationInfo: { userLocation, currentLoc: true, rATType: cell.rat === 'NR' ? 'nR' : 'eUTRA' } };
}

function amfEvent(e: RegistrationEvent | LocationUpdateEvent, s: ServedSubscriber): XIRIEvent {
  const at = new Date(e.timeMs);
  const location = cellLocation(e.cell, at);
  const ids = { sUPI: supi(s.imsi), pEI: pei(s.imei), gPSI: gpsi(s.msisdn) };
  switch (e.kind) {
    case 'registration':
      return { kind: 'registration', value: { registrationType: 'initial', registrationResult: 'threeGPPAccess', ...ids, gUTI: guti(s), location } };
    case 'deregistration':
      return { kind: 'deregistration', value: { deregistrationDirection: 'uEInitiated', accessType: 'threeGPPAccess', ...ids, gUTI: guti(s), location } };
    case 'location-update':
      return { kind: 'locationUpdate', value: { ...ids, gUTI: guti(s), location } };
  }
}

function smfEvent(e: PduSessionEvent, s: ServedSubscriber): XIRIEvent {
  const ids = { sUPI: supi(s.imsi), pEI: pei(s.imei), gPSI: gpsi(s.msisdn) };
  const location = cellLocation(e.cell, new Date(e.timeMs));
  if (e.kind === 'pdu-session-release') {
    return { kind: 'pDUSessionRelease', value: { ...ids, pDUSessionID: e.pduSessionId, location } };
  }
  return {
    kind: 'pDUSessionEstablishment',
    value: {
      ...ids,
      pDUSessionID: e.pduSessionId,
      // N3 tunnel of the session at the UPF: a stable TEID per session (the synthetic core has no real GTP-U).
      gTPTunnelID: { tEID: fnv32(`teid/${e.correlationId}`) },
      pDUSessionType: 'iPv4',
      sNSSAI: { sliceServiceType: e.sst },
      uEEndpoint: [{ kind: 'iPv4Address', value: e.ueIpv4 }],
      location,
      dNN: e.dnn,
      requestType: 'initialRequest',
      accessType: 'threeGPPAccess',
      rATType: e.cell.rat === 'NR' ? 'nR' : 'eUTRA',
    },
  };
}

/** SMSParty of a party: subscribers carry SUPI/PEI/GPSI; outside numbers a GPSI; alphanumeric senders nothing. */
function smsParty(p: Party): SMSParty {
  const party: SMSParty = {};
  if (p.imsi) party.sUPI = supi(p.imsi);
  if (p.imei) party.pEI = pei(p.imei);
  if (/^\d{1,15}$/.test(p.msisdn)) party.gPSI = gpsi(p.msisdn);
  return party;
}

function smsEvent(e: SmsEvent, s: ServedSubscriber): XIRIEvent {
  const fromTarget = e.originatorParty.imsi === s.imsi;
  const tpdu = e.payload.bytes;
  return {
    kind: 'sMSMessage',
    value: {
      originatingSMSParty: smsParty(e.originatorParty),
      terminatingSMSParty: smsParty(e.recipientParty),
      direction: fromTarget ? 'fromTarget' : 'toTarget',
      linkTransferStatus: 'transferSucceeded',
      location: cellLocation(s.cell, new Date(e.timeMs)),
      // SMSTPDU is SIZE(1..270); longer TPDUs go as the first 130 octets (TruncatedSMSTPDU).
      sMSTPDUData: tpdu.length <= 270 ? { kind: 'sMSTPDU', value: tpdu } : { kind: 'truncatedSMSTPDU', value: tpdu.subarray(0, 130) },
      messageType: e.sms.direction === 'MO' ? 'submit' : 'deliver',
      rPMessageReference: e.sms.messageReference & 0xff,
    },
  };
}

export type XiriSourceEvent = RegistrationEvent | LocationUpdateEvent | PduSessionEvent | SmsEvent;

/** The encoded XIRIPayload (DER) for one event and the matched served subscriber. */
export function xiriPayloadFor(e: XiriSourceEvent, s: ServedSubscriber): Uint8Array {
  let event: XIRIEvent;
  if (e.kind === 'sms') event = smsEvent(e, s);
  else if (e.element === 'smf') event = smfEvent(e, s);
  else event = amfEvent(e, s);
  return encodeXIRIPayload({ xIRIPayloadOID: XIRI_PAYLOAD_OID, event });
}

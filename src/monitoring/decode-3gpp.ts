/**
 * TS 33.128 IRIPayload (HI2 threeGPP33128DefinedIRI [19], TS 102 232-7) → record kind and summary.
 * AMF events (clause 6.2.2) are registrations or locations, SMSF events (6.2.5) SMS, SMF events
 * (6.2.3) data sessions. SMS text is decoded from the TS 23.040 TPDU where the IRI carries it.
 */
import { parseSmsTpdu, type SmsTpdu } from '../standards/payloads/index.ts';
import { decodeIRIPayload, type GPSI, type IRIEvent, type Location, type PEI, type SMSMessage, type SMSParty, type SUPI } from '../standards/ts33128/index.ts';
import { summariseCell, summariseLocation } from './decode-location.ts';
import { addUnique, gpsiLabel, peiLabel, smsAddressLabel, supiLabel, targetIdentifierLabel } from './identities.ts';
import type { RecordKind, RecordSummary } from './types.ts';

export interface DecodedIri {
  kind: RecordKind;
  summary: RecordSummary;
  identities: string[];
  declaredTargets?: string[];
}

const REGISTRATION = new Set(['registration', 'deregistration', 'startOfInterceptionWithRegisteredUE', 'unsuccessfulRegistrationProcedure', 'aMFIdentifierAssocation']);
const LOCATION = new Set(['locationUpdate', 'lALSReport', 'mDFCellSiteReport']);
const SESSION = new Set(['pDUSessionEstablishment', 'pDUSessionModification', 'pDUSessionRelease', 'startOfInterceptionWithEstablishedPDUSession', 'unsuccessfulSessionProcedure']);

interface Subscriber {
  sUPI?: SUPI;
  gPSI?: GPSI;
  pEI?: PEI;
  location?: Location;
}

function subscriberIdentities(s: Subscriber, into: string[]): void {
  if (s.gPSI) addUnique(into, gpsiLabel(s.gPSI));
  if (s.sUPI) addUnique(into, supiLabel(s.sUPI));
  if (s.pEI) addUnique(into, peiLabel(s.pEI));
}

/** TS 23.040 §9.1.2.5 address (as in SMSParty.sMSAddress): length in semi-octets, TOA, BCD digits. */
export function decodeSmsAddress(bytes: Uint8Array): string | undefined {
  if (bytes.length < 2) return undefined;
  const semi = bytes[0] ?? 0;
  const toa = bytes[1] ?? 0;
  if (((toa >> 4) & 7) === 5) return undefined; // alphanumeric: the TPDU carries it decoded
  let digits = '';
  for (let i = 0; i < semi && 2 + (i >> 1) < bytes.length; i++) {
    const b = bytes[2 + (i >> 1)] ?? 0xff;
    const d = i % 2 === 0 ? b & 0x0f : b >> 4;
    if (d < 10) digits += String(d);
  }
  return digits.length > 0 ? digits : undefined;
}

function partyAddress(p: SMSParty): string | undefined {
  if (p.gPSI?.kind === 'mSISDN') return p.gPSI.value;
  const a = p.sMSAddress && decodeSmsAddress(p.sMSAddress);
  if (a) return a;
  if (p.gPSI) return p.gPSI.value;
  return p.sUPI?.value;
}

function partyLabels(p: SMSParty, into: string[]): void {
  subscriberIdentities(p, into);
  const a = p.sMSAddress && decodeSmsAddress(p.sMSAddress);
  if (a) addUnique(into, smsAddressLabel(a));
}

/** TP-MTI means SUBMIT or DELIVER by direction (TS 23.040 §9.2.3.1): try the likely one first. */
function tpduOf(m: { sMSTPDUData?: { value: Uint8Array }; messageType?: string; direction?: string }): SmsTpdu | string | undefined {
  const bytes = m.sMSTPDUData?.value;
  if (!bytes) return undefined;
  const mo = m.messageType === 'submit' || (m.messageType !== 'deliver' && m.direction === 'fromTarget');
  const order: ('MO' | 'MT')[] = mo ? ['MO', 'MT'] : ['MT', 'MO'];
  let last = 'no TPDU';
  for (const d of order) {
    try {
      return parseSmsTpdu(bytes, d);
    } catch (e) {
      last = (e as { code?: string }).code ?? 'SMS_BAD_TPDU';
    }
  }
  return last;
}

function smsSummary(event: string, m: Partial<SMSMessage> & { sMSTPDUData?: { value: Uint8Array }; messageType?: string }, identities: string[]): RecordSummary {
  const s: Extract<RecordSummary, { kind: 'sms' }> = { kind: 'sms', event };
  if (m.originatingSMSParty) {
    partyLabels(m.originatingSMSParty, identities);
    const a = partyAddress(m.originatingSMSParty);
    if (a !== undefined) s.originator = a;
  }
  if (m.terminatingSMSParty) {
    partyLabels(m.terminatingSMSParty, identities);
    const a = partyAddress(m.terminatingSMSParty);
    if (a !== undefined) s.recipient = a;
  }
  if (m.direction) s.smsDirection = m.direction;
  if (m.messageType) s.messageType = m.messageType;
  const loc = summariseLocation(m.location);
  if (loc) s.location = loc;
  const tpdu = tpduOf(m);
  if (typeof tpdu === 'string') s.error = tpdu;
  else if (tpdu) {
    s.tpduType = tpdu.type;
    s.text = tpdu.text;
    if (tpdu.type === 'SMS-SUBMIT') {
      s.recipient ??= tpdu.destination;
      addUnique(identities, smsAddressLabel(tpdu.destination));
    } else {
      s.originator ??= tpdu.originator;
      addUnique(identities, smsAddressLabel(tpdu.originator));
    }
  }
  return s;
}

function eventName(ev: IRIEvent): string {
  return ev.kind === 'unknown' ? (ev.name ?? `event-${ev.tag}`) : ev.kind;
}

function summarise(ev: IRIEvent, identities: string[]): { kind: RecordKind; summary: RecordSummary } {
  const name = eventName(ev);
  if (ev.kind === 'unknown') return { kind: 'other', summary: { kind: 'other', payload: 'threeGPP33128DefinedIRI', detail: name } };
  if (ev.kind === 'sMSMessage') return { kind: 'sms', summary: smsSummary(name, ev.value, identities) };
  if (ev.kind === 'sMSReport') return { kind: 'sms', summary: smsSummary(name, { ...ev.value, messageType: ev.value.messageType }, identities) };
  if (ev.kind === 'mDFCellSiteReport') {
    const loc = ev.value[0] && summariseCell(ev.value[0]);
    return { kind: 'location', summary: { kind: 'location', event: name, ...(loc ? { location: loc } : {}) } };
  }
  const v = ev.value as Subscriber & { registrationType?: string; uEEndpoint?: { kind: string; value: string }[]; dNN?: string; pDUSessionID?: number };
  subscriberIdentities(v, identities);
  const location = summariseLocation(v.location);
  if (REGISTRATION.has(name)) {
    const s: RecordSummary = { kind: 'registration', event: name, ...(location ? { location } : {}) };
    if (v.registrationType) s.registrationType = v.registrationType;
    return { kind: 'registration', summary: s };
  }
  if (LOCATION.has(name)) return { kind: 'location', summary: { kind: 'location', event: name, ...(location ? { location } : {}) } };
  if (SESSION.has(name)) {
    const s: Extract<RecordSummary, { kind: 'data-session' }> = { kind: 'data-session', event: name };
    const ips = (v.uEEndpoint ?? []).filter((e) => e.kind !== 'ethernetAddress').map((e) => e.value);
    if (ips.length > 0) s.ueIp = ips;
    if (v.dNN !== undefined) s.dnn = v.dNN;
    if (v.pDUSessionID !== undefined) s.pduSessionId = v.pDUSessionID;
    if (location) s.location = location;
    return { kind: 'data-session', summary: s };
  }
  return { kind: 'other', summary: { kind: 'other', payload: 'threeGPP33128DefinedIRI', detail: name } };
}

/** Decodes the IRIPayload BER; throws Ts33128DecodeError on bad input. */
export function decode33128Iri(bytes: Uint8Array): DecodedIri {
  const iri = decodeIRIPayload(bytes);
  const identities: string[] = [];
  const { kind, summary } = summarise(iri.event, identities);
  const out: DecodedIri = { kind, summary, identities };
  if (iri.targetIdentifiers && iri.targetIdentifiers.length > 0) {
    out.declaredTargets = iri.targetIdentifiers.map((t) => targetIdentifierLabel(t.identifier));
    for (const t of out.declaredTargets) addUnique(identities, t);
  }
  return out;
}

/**
 * Mediation helpers (MDF2, TS 33.127 §6.2.2, TS 33.128 clause 5 and 6.x.3 "Generation of IRI over
 * LI_HI2"): the IRI record type each event is delivered as, the conversion of an X2 XIRIPayload
 * into the HI2 IRIPayload, and the mapping of the system's target identities to TargetIdentifier.
 * All pure functions.
 */
import type { TargetIdentifier as SystemTargetIdentifier } from '../identifiers/types.ts';
import type { TargetIdentifier } from './common.ts';
import type { IRIEvent, XIRIEvent } from './events.ts';
import { IRI_PAYLOAD_OID, type IRIPayload, type IRITargetIdentifier, type XIRIPayload } from './payloads.ts';

/** The IRI record types of TS 33.128 clause 6.x.3 (the IRIType of TS 102 232-1 §5.2.10). */
export type IRIType = 'BEGIN' | 'CONTINUE' | 'END' | 'REPORT';
/** IRIType ::= ENUMERATED { iRI-Begin(1), iRI-End(2), iRI-Continue(3), iRI-Report(4) }  (TS 102 232-1 Annex A) */
export const IRI_TYPE_CODES: Readonly<Record<IRIType, number>> = { BEGIN: 1, END: 2, CONTINUE: 3, REPORT: 4 };

/**
 * Record type per event alternative name. Conventions of TS 33.128 r16:
 *  - AMF (clause 6.2.2.3), UDM (7.2.2.4), SMS (6.2.5.4), LALS (7.3.3), MDF cell site (7.3.4), MMS
 *    (7.4.3), identifier association, PDHR/PDSR (6.2.3.4): stand-alone events → IRI-REPORT;
 *  - SMF PDU sessions and MA PDU sessions (6.2.3.3): establishment and start-of-interception with an
 *    established session open the session's IRI sequence → IRI-BEGIN; modification (also PDU→MA PDU)
 *    → IRI-CONTINUE; release → IRI-END; unsuccessful procedures → IRI-REPORT;
 *  - PTC (7.5.3): session initiation / start of interception → BEGIN, session start, party and
 *    media changes, floor control → CONTINUE, session end / abandon → END, the rest → REPORT.
 * Anything not listed is REPORT.
 */
const RECORD_TYPES: Readonly<Record<string, IRIType>> = {
  pDUSessionEstablishment: 'BEGIN',
  startOfInterceptionWithEstablishedPDUSession: 'BEGIN',
  pDUSessionModification: 'CONTINUE',
  pDUSessionRelease: 'END',
  sMFMAPDUSessionEstablishment: 'BEGIN',
  startOfInterceptionWithEstablishedMAPDUSession: 'BEGIN',
  sMFMAPDUSessionModification: 'CONTINUE',
  sMFPDUtoMAPDUSessionModification: 'CONTINUE',
  sMFMAPDUSessionRelease: 'END',
  pTCSessionInitiation: 'BEGIN',
  pTCStartOfInterception: 'BEGIN',
  pTCSessionStart: 'CONTINUE',
  pTCPartyJoin: 'CONTINUE',
  pTCPartyDrop: 'CONTINUE',
  pTCPartyHold: 'CONTINUE',
  pTCMediaModification: 'CONTINUE',
  pTCFloorControl: 'CONTINUE',
  pTCSessionEnd: 'END',
  pTCSessionAbandon: 'END',
};

/** The IRI record type an event is delivered as over LI_HI2. */
export function iriTypeOf(event: XIRIEvent | IRIEvent): IRIType {
  const name = event.kind === 'unknown' ? event.name : event.kind;
  return (name !== undefined ? RECORD_TYPES[name] : undefined) ?? 'REPORT';
}

/**
 * XIRIPayload (X2) → IRIPayload (HI2), as the MDF2 does (TS 33.128 clause 5.x: the IRI carries the
 * xIRI's record unchanged, with the iRIPayloadOID and, where known, the target identifiers the
 * record matched on). Renames the two alternatives whose identifiers differ between XIRIEvent and
 * IRIEvent; unknown alternatives pass through byte for byte. `targets` empty or absent: the optional
 * targetIdentifiers component is left out.
 */
export function xiriToIri(x: XIRIPayload, targets?: readonly IRITargetIdentifier[]): IRIPayload {
  const ev = x.event;
  let event: IRIEvent;
  switch (ev.kind) {
    case 'unsuccessfulAMProcedure':
      event = { kind: 'unsuccessfulRegistrationProcedure', value: ev.value };
      break;
    case 'unsuccessfulSMProcedure':
      event = { kind: 'unsuccessfulSessionProcedure', value: ev.value };
      break;
    case 'unknown':
      event = ev.tag === 5 || ev.tag === 10 ? { ...ev, name: ev.tag === 5 ? 'unsuccessfulRegistrationProcedure' : 'unsuccessfulSessionProcedure' } : ev;
      break;
    default:
      event = ev;
  }
  const out: IRIPayload = { iRIPayloadOID: IRI_PAYLOAD_OID, event };
  if (targets && targets.length > 0) out.targetIdentifiers = targets.map((t) => ({ ...t }));
  return out;
}

/**
 * The system's target identity (TS 103 280 form, src/standards/identifiers) as a TS 33.128
 * TargetIdentifier, or undefined where TargetIdentifier has no alternative for it (SIP/TEL URIs,
 * e-mail, CIDR ranges). IMEI: TargetIdentifier.iMEI is SIZE(14), so a 15-digit IMEI loses its check digit.
 */
export function targetIdentifierFromIdentity(id: SystemTargetIdentifier): TargetIdentifier | undefined {
  switch (id.kind) {
    case 'imsi':
      return { kind: 'iMSI', value: id.value };
    case 'e164Number':
      return { kind: 'mSISDN', value: id.value };
    case 'imei':
      return { kind: 'iMEI', value: id.value.slice(0, 14) };
    case 'imeisv':
      return { kind: 'pEI', value: { kind: 'iMEISV', value: id.value } };
    case 'nai':
    case 'supiNai':
      return { kind: 'sUPI', value: { kind: 'nAI', value: id.value } };
    case 'gpsiNai':
      return { kind: 'gPSI', value: { kind: 'nAI', value: id.value } };
    case 'ipv4Address':
      return { kind: 'iPv4Address', value: id.value };
    case 'ipv6Address':
      return { kind: 'iPv6Address', value: id.value };
    default:
      return undefined;
  }
}

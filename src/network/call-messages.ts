/**
 * The SIP messages of one IMS call (RFC 3261 §13 INVITE transaction, §15 BYE; TS 24.229 headers:
 * P-Asserted-Identity, tel: To URI) with SDP offers/answers (RFC 3264) for PCMU audio and
 * optionally H.264 video (RFC 6184 §8.2.1 packetization-mode=1, profile-level-id 42C01F).
 */
import { buildSip } from '../standards/payloads/sip/sip.ts';
import type { SipHeaders } from '../standards/payloads/sip/sip.ts';
import { buildSdp } from '../standards/payloads/sip/sdp.ts';
import type { SdpMedia } from '../standards/payloads/sip/sdp.ts';
import type { CallMedia, Party } from './events.ts';
import type { Random } from './random.ts';

export interface CallLeg {
  party: Party;
  /** UE address (SDP c= and SIP Contact). */
  ip: string;
  audioPort: number;
  videoPort: number;
  tag: string;
  sessionId: string;
}

export interface CallDialog {
  callId: string;
  media: CallMedia;
  caller: CallLeg;
  callee: CallLeg;
  /** Domain part of the callee's IMS URI. */
  calleeDomain: string;
  userAgent: string;
}

export function newTag(random: Random): string {
  return random.nextUint32().toString(16).padStart(8, '0') + random.nextUint32().toString(16).slice(0, 4);
}
export function newBranch(random: Random): string {
  return `z9hG4bK${random.nextUint32().toString(36)}${random.nextUint32().toString(36)}`; // RFC 3261 §8.1.1.7 magic cookie
}

function sdpFor(leg: CallLeg, media: CallMedia, version: number): Uint8Array {
  const m: SdpMedia[] = [{ type: 'audio', port: leg.audioPort, formats: [0, 101], rtpmap: { 0: 'PCMU/8000', 101: 'telephone-event/8000' }, fmtp: { 101: '0-15' }, attributes: ['ptime:20', 'sendrecv'] }];
  if (media === 'video') {
    m.push({ type: 'video', port: leg.videoPort, formats: [96], rtpmap: { 96: 'H264/90000' }, fmtp: { 96: 'profile-level-id=42C01F;packetization-mode=1' }, attributes: ['sendrecv'] });
  }
  return new TextEncoder().encode(buildSdp({ username: '-', sessionId: leg.sessionId, sessionVersion: String(version), address: leg.ip, media: m }));
}

function fromHeader(d: CallDialog): string {
  return `<${d.caller.party.sipUri ?? `tel:+${d.caller.party.msisdn}`}>;tag=${d.caller.tag}`;
}
function toHeader(d: CallDialog, withTag: boolean): string {
  return `<tel:+${d.callee.party.msisdn}>${withTag ? `;tag=${d.callee.tag}` : ''}`;
}

export interface SipBuildState {
  inviteBranch: string;
}

export function buildInvite(d: CallDialog, state: SipBuildState): Uint8Array {
  const headers: SipHeaders = [
    ['Via', `SIP/2.0/UDP ${d.caller.ip}:5060;branch=${state.inviteBranch}`],
    ['Max-Forwards', '70'],
    ['From', fromHeader(d)],
    ['To', toHeader(d, false)],
    ['Call-ID', d.callId],
    ['CSeq', '1 INVITE'],
    ['Contact', `<sip:+${d.caller.party.msisdn}@${d.caller.ip}:5060>;+g.3gpp.icsi-ref="urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel"${d.media === 'video' ? ';video' : ''}`],
    ['P-Asserted-Identity', `<${d.caller.party.sipUri ?? `tel:+${d.caller.party.msisdn}`}>`],
    ['Allow', 'INVITE, ACK, CANCEL, BYE, UPDATE, PRACK, OPTIONS'],
    ['User-Agent', d.userAgent],
    ['Content-Type', 'application/sdp'],
  ];
  return buildSip({ kind: 'request', method: 'INVITE', uri: `sip:+${d.callee.party.msisdn}@${d.calleeDomain};user=phone`, headers, body: sdpFor(d.caller, d.media, 1) });
}

export function buildInviteResponse(d: CallDialog, state: SipBuildState, status: number, reason: string): Uint8Array {
  const headers: SipHeaders = [
    ['Via', `SIP/2.0/UDP ${d.caller.ip}:5060;branch=${state.inviteBranch}`],
    ['From', fromHeader(d)],
    ['To', toHeader(d, status > 100)],
    ['Call-ID', d.callId],
    ['CSeq', '1 INVITE'],
  ];
  let body: Uint8Array = new Uint8Array(0);
  if (status === 200) {
    headers.push(['Contact', `<sip:+${d.callee.party.msisdn}@${d.callee.ip}:5060>`], ['Content-Type', 'application/sdp']);
    body = sdpFor(d.callee, d.media, 1);
  } else if (status === 180) headers.push(['Contact', `<sip:+${d.callee.party.msisdn}@${d.callee.ip}:5060>`]);
  return buildSip({ kind: 'response', status, reason, headers, body });
}

export function buildAck(d: CallDialog, branch: string, answered: boolean): Uint8Array {
  const headers: SipHeaders = [
    ['Via', `SIP/2.0/UDP ${d.caller.ip}:5060;branch=${branch}`],
    ['Max-Forwards', '70'],
    ['From', fromHeader(d)],
    ['To', toHeader(d, true)],
    ['Call-ID', d.callId],
    ['CSeq', '1 ACK'],
  ];
  const uri = answered ? `sip:+${d.callee.party.msisdn}@${d.callee.ip}:5060` : `sip:+${d.callee.party.msisdn}@${d.calleeDomain};user=phone`;
  return buildSip({ kind: 'request', method: 'ACK', uri, headers, body: new Uint8Array(0) });
}

/** BYE from either side (RFC 3261 §15.1.1: the caller's CSeq space continues at 2, the callee's starts at 1). */
export function buildBye(d: CallDialog, branch: string, byCaller: boolean): Uint8Array {
  const sender = byCaller ? d.caller : d.callee;
  const peer = byCaller ? d.callee : d.caller;
  const headers: SipHeaders = [
    ['Via', `SIP/2.0/UDP ${sender.ip}:5060;branch=${branch}`],
    ['Max-Forwards', '70'],
    ['From', byCaller ? fromHeader(d) : toHeader(d, true)],
    ['To', byCaller ? toHeader(d, true) : fromHeader(d)],
    ['Call-ID', d.callId],
    ['CSeq', byCaller ? '2 BYE' : '1 BYE'],
  ];
  return buildSip({ kind: 'request', method: 'BYE', uri: `sip:+${peer.party.msisdn}@${peer.ip}:5060`, headers, body: new Uint8Array(0) });
}

export function buildByeResponse(d: CallDialog, branch: string, byCaller: boolean): Uint8Array {
  const sender = byCaller ? d.caller : d.callee;
  const headers: SipHeaders = [
    ['Via', `SIP/2.0/UDP ${sender.ip}:5060;branch=${branch}`],
    ['From', byCaller ? fromHeader(d) : toHeader(d, true)],
    ['To', byCaller ? toHeader(d, true) : fromHeader(d)],
    ['Call-ID', d.callId],
    ['CSeq', byCaller ? '2 BYE' : '1 BYE'],
  ];
  return buildSip({ kind: 'response', status: 200, reason: 'OK', headers, body: new Uint8Array(0) });
}

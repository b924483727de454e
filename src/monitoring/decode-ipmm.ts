/**
 * IP multimedia (TS 102 232-5): iPMMIRI carrying SIP (RFC 3261) → call IRI with method or status,
 * Call-ID, From and To; iPMMCC carrying RTP (RFC 3550) → call content with the RTP header and the
 * payload kept (G.711 codes) so that the call audio can be rebuilt.
 */
import { getHeader, parseNameAddr, parseRtp, parseSip } from '../standards/payloads/index.ts';
import type { IPAddress, IPMMCC, IPMMIRI } from '../standards/hi2hi3/index.ts';
import { addUnique, sipUriLabel } from './identities.ts';
import type { RecordSummary, SipSummary } from './types.ts';

const errorCode = (e: unknown): string => (e as { code?: string }).code ?? 'PAYLOAD_ERROR';

function ipText(a: IPAddress): string | undefined {
  if (a.iPValue.kind === 'iPTextAddress') return a.iPValue.value;
  const b = a.iPValue.value;
  if (b.length === 4) return Array.from(b).join('.');
  if (b.length === 16) return Array.from({ length: 8 }, (_, i) => (((b[2 * i] ?? 0) << 8) | (b[2 * i + 1] ?? 0)).toString(16)).join(':');
  return undefined;
}

function uriOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return parseNameAddr(value).uri;
  } catch {
    return undefined;
  }
}

export function summariseSip(bytes: Uint8Array, identities: string[]): { sip?: SipSummary; error?: string } {
  try {
    const m = parseSip(bytes);
    const sip: SipSummary = m.kind === 'request' ? { method: m.method } : { status: m.status, reason: m.reason };
    const callId = getHeader(m, 'call-id');
    if (callId !== undefined) sip.callId = callId;
    const cseq = getHeader(m, 'cseq');
    if (cseq !== undefined) sip.cseq = cseq;
    const from = uriOf(getHeader(m, 'from'));
    const to = uriOf(getHeader(m, 'to'));
    if (from !== undefined) {
      sip.from = from;
      addUnique(identities, sipUriLabel(from));
    }
    if (to !== undefined) {
      sip.to = to;
      addUnique(identities, sipUriLabel(to));
    }
    return { sip };
  } catch (e) {
    return { error: errorCode(e) };
  }
}

export function summariseIpmmIri(v: IPMMIRI, identities: string[]): Extract<RecordSummary, { kind: 'call-iri' }> {
  const c = v.iPMMIRIContents;
  const out: Extract<RecordSummary, { kind: 'call-iri' }> = { kind: 'call-iri' };
  let sipBytes: Uint8Array | undefined;
  if (c.kind === 'sIPMessage' || c.kind === 'iRIOnlySIPMessage') {
    sipBytes = c.value.sIPContent;
    const src = ipText(c.value.iPSourceAddress);
    const dst = ipText(c.value.iPDestinationAddress);
    if (src !== undefined) out.sourceIp = src;
    if (dst !== undefined) out.destinationIp = dst;
  } else if (c.kind === 'originalIPMMMessage' || c.kind === 'iRIOnlyOriginalIPMMMessage') sipBytes = c.value;
  if (!sipBytes) {
    out.error = `IPMMIRIContents ${c.kind} is not SIP`;
    return out;
  }
  const { sip, error } = summariseSip(sipBytes, identities);
  if (sip) out.sip = sip;
  if (error !== undefined) out.error = error;
  return out;
}

export function summariseIpmmCc(v: IPMMCC): Extract<RecordSummary, { kind: 'call-content' }> {
  const out: Extract<RecordSummary, { kind: 'call-content' }> = { kind: 'call-content' };
  try {
    const rtp = parseRtp(v.mMCCContents);
    out.ssrc = rtp.ssrc;
    out.rtpSequence = rtp.sequenceNumber;
    out.rtpTimestamp = rtp.timestamp;
    out.payloadType = rtp.payloadType;
    out.marker = rtp.marker;
    out.media = Buffer.from(rtp.payload).toString('base64');
  } catch (e) {
    out.error = errorCode(e);
  }
  return out;
}

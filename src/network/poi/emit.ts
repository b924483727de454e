/**
 * What a POI emits for one event of a matched subscriber, exactly as docs/profile.md "X2/X3"
 * fixes it (TS 103 221-2 §5): SIP → X2 payload format 9, RTP → X3 format 8 (content tasks only),
 * AMF/SMF/SMSF events → X2 format 2 (TS 33.128 xIRI), user-plane IPv4 → X3 format 5 (content
 * tasks only). Attributes: Sequence Number (per XID and PDU type), Timestamp, Network Function ID,
 * Matched Target Identifier, and for SIP/RTP/IP the addresses, ports and protocol.
 */
import { createHash } from 'node:crypto';
import { PayloadDirection, PayloadFormat, PduType, X2X3_VERSION, timestampFromMillis } from '../../standards/x2x3/index.ts';
import type { X2X3Attribute, X2X3Pdu } from '../../standards/x2x3/index.ts';
import type { DeliveryType, ServiceType } from '../../standards/x1/index.ts';
import type { EventCategory, IpPacketEvent, NetworkEvent, RtpEvent, ServedSubscriber, SipEvent } from '../events.ts';
import { matchedTargetIdentifierText, type TaskMatch } from './matching.ts';
import { xiriPayloadFor } from './xiri.ts';

/** The parts of a PDU that depend on the event only (the same for every task it matches). */
export interface PduDraft {
  pduType: typeof PduType.X2 | typeof PduType.X3;
  payloadFormat: number;
  payloadDirection: PayloadDirection;
  correlationId: bigint;
  /** Address/port/protocol attributes (types 10-16). */
  addressing: X2X3Attribute[];
  payload: Uint8Array;
}

const correlationCache = new Map<string, bigint>();
/** Profile: a stable 64-bit Correlation ID per call (from the Call-ID) or per PDU session; never 0. */
export function correlationIdOf(key: string): bigint {
  let v = correlationCache.get(key);
  if (v === undefined) {
    v = createHash('sha256').update(key).digest().readBigUInt64BE(0) || 1n;
    if (correlationCache.size > 50_000) correlationCache.clear();
    correlationCache.set(key, v);
  }
  return v;
}

/**
 * The X1 ServiceType (TS 103 221-1 Table C.2) an event category belongs to, as the ADMF maps a warrant's
 * services (docs/profile.md): calls → voice, SMS → messaging, sessions and packets → data, location and
 * registration → LALS.
 */
const SERVICE_OF_CATEGORY: Readonly<Record<EventCategory, ServiceType>> = {
  callIri: 'voice', callContent: 'voice', sms: 'messaging', dataIri: 'data', dataContent: 'data', location: 'LALS', registration: 'LALS',
};

/** §6.2.1.2: "If the ServiceType is not included, then interception applies to all services supported by the NE." */
export function serviceCovered(types: readonly ServiceType[] | undefined, category: EventCategory): boolean {
  return types === undefined || types.includes(SERVICE_OF_CATEGORY[category]);
}

const carriesX3 = (t: DeliveryType) => t === 'X2andX3' || t === 'X3Only';
const carriesX2 = (t: DeliveryType) => t === 'X2andX3' || t === 'X2Only';

function udpAddressing(t: SipEvent['transport']): X2X3Attribute[] {
  return [
    { kind: 'sourceIpv4Address', value: t.src },
    { kind: 'destinationIpv4Address', value: t.dst },
    { kind: 'sourcePort', value: t.srcPort },
    { kind: 'destinationPort', value: t.dstPort },
    { kind: 'ipProtocol', value: 17 },
  ];
}

/** Types 10, 11, 14-16 read from the IPv4 header (RFC 791) and the TCP/UDP ports (RFC 9293, RFC 768). */
export function ipv4Addressing(packet: Uint8Array): X2X3Attribute[] {
  if (packet.length < 20 || packet[0]! >> 4 !== 4) return [];
  const ip = (o: number) => `${packet[o]}.${packet[o + 1]}.${packet[o + 2]}.${packet[o + 3]}`;
  const protocol = packet[9]!;
  const out: X2X3Attribute[] = [
    { kind: 'sourceIpv4Address', value: ip(12) },
    { kind: 'destinationIpv4Address', value: ip(16) },
  ];
  const ihl = (packet[0]! & 0x0f) * 4;
  if ((protocol === 6 || protocol === 17) && packet.length >= ihl + 4) {
    out.push({ kind: 'sourcePort', value: (packet[ihl]! << 8) | packet[ihl + 1]! });
    out.push({ kind: 'destinationPort', value: (packet[ihl + 2]! << 8) | packet[ihl + 3]! });
  }
  out.push({ kind: 'ipProtocol', value: protocol });
  return out;
}

/** Whether the matched subscriber is the caller side of a call event. */
const isCaller = (e: SipEvent | RtpEvent, s: ServedSubscriber) => e.caller.imsi === s.imsi && e.caller.operatorId === s.operatorId;

/**
 * The PDU draft for `event` seen for served subscriber `s` under a task of `deliveryType`, or
 * undefined when the task does not take this kind of data (e.g. RTP under an IRI-only task).
 */
export function draftFor(event: NetworkEvent, s: ServedSubscriber, deliveryType: DeliveryType): PduDraft | undefined {
  switch (event.kind) {
    case 'sip': {
      if (!carriesX2(deliveryType)) return undefined;
      const fromTarget = (event.sentBy === 'caller') === isCaller(event, s);
      return {
        pduType: PduType.X2,
        payloadFormat: PayloadFormat.SipMessage,
        payloadDirection: fromTarget ? PayloadDirection.FromTarget : PayloadDirection.ToTarget,
        correlationId: correlationIdOf(`call/${event.callId}`),
        addressing: udpAddressing(event.transport),
        payload: event.payload.bytes,
      };
    }
    case 'rtp': {
      if (!carriesX3(deliveryType)) return undefined;
      const fromTarget = (event.direction === 'caller-to-callee') === isCaller(event, s);
      return {
        pduType: PduType.X3,
        payloadFormat: PayloadFormat.RtpPacket,
        payloadDirection: fromTarget ? PayloadDirection.FromTarget : PayloadDirection.ToTarget,
        correlationId: correlationIdOf(`call/${event.callId}`),
        addressing: udpAddressing(event.transport),
        payload: event.payload.bytes,
      };
    }
    case 'ip-packet':
      return ipDraft(event, deliveryType);
    case 'sms':
    case 'registration':
    case 'deregistration':
    case 'location-update':
    case 'pdu-session-establishment':
    case 'pdu-session-release': {
      if (!carriesX2(deliveryType)) return undefined;
      const session = event.kind === 'pdu-session-establishment' || event.kind === 'pdu-session-release';
      const direction =
        event.kind === 'sms' ? (event.originatorParty.imsi === s.imsi ? PayloadDirection.FromTarget : PayloadDirection.ToTarget) : PayloadDirection.Unknown;
      return {
        pduType: PduType.X2,
        payloadFormat: PayloadFormat.Ts33128DefinedPayload,
        payloadDirection: direction,
        // Profile: per PDU session; 0 for stand-alone events (registration, location, SMS).
        correlationId: session ? correlationIdOf(`session/${event.operatorId}/${event.correlationId}`) : 0n,
        addressing: [],
        payload: xiriPayloadFor(event, s),
      };
    }
  }
}

function ipDraft(event: IpPacketEvent, deliveryType: DeliveryType): PduDraft | undefined {
  if (!carriesX3(deliveryType)) return undefined;
  return {
    pduType: PduType.X3,
    payloadFormat: PayloadFormat.Ipv4Packet,
    payloadDirection: event.direction === 'uplink' ? PayloadDirection.FromTarget : PayloadDirection.ToTarget,
    correlationId: correlationIdOf(`session/${event.operatorId}/${event.correlationId}`),
    addressing: ipv4Addressing(event.payload.bytes),
    payload: event.payload.bytes,
  };
}

/** The full PDU for one task: common attributes first (§5.3), then the addressing. */
export function pduFor(draft: PduDraft, m: TaskMatch, o: { sequenceNumber: number; timeMs: number; networkFunctionId: Uint8Array }): X2X3Pdu {
  return {
    version: X2X3_VERSION,
    pduType: draft.pduType,
    payloadFormat: draft.payloadFormat,
    payloadDirection: draft.payloadDirection,
    xid: m.task.xId,
    correlationId: draft.correlationId,
    attributes: [
      { kind: 'sequenceNumber', value: o.sequenceNumber },
      { kind: 'timestamp', value: timestampFromMillis(o.timeMs) },
      { kind: 'networkFunctionId', value: o.networkFunctionId },
      { kind: 'matchedTargetIdentifier', value: matchedTargetIdentifierText(m.target) },
      ...draft.addressing,
    ],
    payload: draft.payload,
  };
}

/**
 * One voice or video call as a flow: INVITE (SDP offer, PCMU [+ H.264]) → 100 Trying → 180 Ringing
 * → 200 OK (SDP answer) → ACK → RTP both ways every 20 ms (G.711 µ-law speech-like audio; H.264
 * dummy NAL units at 25 fps for video) → BYE → 200 OK. Unanswered calls end 180 → 486/480 → ACK.
 * Each SIP message and RTP packet is emitted once per operator involved (TS 33.127 §7.5: the IMS
 * POIs of both the originating and the terminating network see an inter-operator call).
 */
import { encodeMulaw } from '../standards/payloads/g711/g711.ts';
import { buildRtp, RTP_PT_H264_DYNAMIC, RTP_PT_PCMU } from '../standards/payloads/rtp/rtp.ts';
import { h264DummySlice, h264ParameterSets } from '../standards/payloads/rtp/h264.ts';
import { planConversation, SpeechSynth } from './audio.ts';
import { buildAck, buildBye, buildByeResponse, buildInvite, buildInviteResponse, newBranch, newTag } from './call-messages.ts';
import type { CallDialog, SipBuildState } from './call-messages.ts';
import type { CallMedia, RtpEvent, SipEvent, UdpTransport } from './events.ts';
import type { Flow, FlowContext, SubscriberHandle } from './flow-context.ts';
import type { Random } from './random.ts';

export interface CallPlan {
  caller: SubscriberHandle;
  callee: SubscriberHandle;
  media: CallMedia;
  answered: boolean;
  /** Talk time after the answer, ms. */
  durationMs: number;
  /** Time from 180 Ringing to the answer (or the rejection), ms. */
  ringMs: number;
}

const PACKET_MS = 20;
const SAMPLES_PER_PACKET = 160; // 8 kHz × 20 ms
const VIDEO_FRAME_MS = 40;
const USER_AGENTS = ['IMS-Client/5.2 (VoLTE)', 'Handset-IMS/3.1', 'MMTel-UA/12.4'] as const;

export function* callFlow(ctx: FlowContext, random: Random, correlationId: string, plan: CallPlan): Flow {
  const { caller, callee } = plan;
  const callerIds = ctx.served(caller);
  const calleeIds = ctx.served(callee);
  const callId = `${correlationId}-${random.nextUint32().toString(16)}@${callerIds.ipv4}`;
  const leg = (h: SubscriberHandle, ip: string): CallDialog['caller'] => ({
    party: ctx.party(h),
    ip,
    audioPort: 2 * random.int(5000, 15000),
    videoPort: 2 * random.int(15001, 25000),
    tag: newTag(random),
    sessionId: String(random.int(1_000_000, 999_999_999)),
  });
  const dialog: CallDialog = {
    callId,
    media: plan.media,
    caller: leg(caller, callerIds.ipv4),
    callee: leg(callee, calleeIds.ipv4),
    calleeDomain: callee.operator.imsDomain,
    userAgent: random.pick(USER_AGENTS),
  };
  const operators = caller.operator === callee.operator ? [caller.operator] : [caller.operator, callee.operator];
  ctx.setBusy(caller, true);
  ctx.setBusy(callee, true);

  const emitSip = (bytes: Uint8Array, sentBy: 'caller' | 'callee', sipMethod: string, sipStatus?: number): void => {
    for (const op of operators) {
      const servedHandles = [caller, callee].filter((h) => h.operator === op);
      // The hop seen at this operator: its own subscriber's UE ↔ its P-CSCF.
      const own = op === caller.operator ? dialog.caller : dialog.callee;
      const ownSends = (op === caller.operator) === (sentBy === 'caller');
      const transport: UdpTransport = ownSends ? { src: own.ip, srcPort: 5060, dst: op.pcscfAddress, dstPort: 5060 } : { src: op.pcscfAddress, srcPort: 5060, dst: own.ip, dstPort: 5060 };
      const draft: Omit<SipEvent, 'seq' | 'timeMs'> = {
        kind: 'sip', element: 'ims', category: 'callIri', operatorId: op.id, correlationId, served: servedHandles.map((h) => ctx.served(h)),
        callId, media: plan.media, caller: dialog.caller.party, callee: dialog.callee.party, sipMethod, sentBy, transport, payload: { format: 'sip', bytes },
      };
      if (sipStatus !== undefined) draft.sipStatus = sipStatus;
      ctx.emit(draft);
    }
  };

  const state: SipBuildState = { inviteBranch: newBranch(random) };
  emitSip(buildInvite(dialog, state), 'caller', 'INVITE');
  yield random.int(20, 80);
  emitSip(buildInviteResponse(dialog, state, 100, 'Trying'), 'callee', 'INVITE', 100);
  yield random.int(300, 1500);
  emitSip(buildInviteResponse(dialog, state, 180, 'Ringing'), 'callee', 'INVITE', 180);
  yield plan.ringMs;
  if (!plan.answered) {
    const [status, reason] = random.chance(0.5) ? [486, 'Busy Here'] : [480, 'Temporarily Unavailable'];
    emitSip(buildInviteResponse(dialog, state, status, reason), 'callee', 'INVITE', status);
    yield random.int(20, 60);
    emitSip(buildAck(dialog, state.inviteBranch, false), 'caller', 'ACK'); // RFC 3261 §17.1.1.3: same branch for non-2xx ACK
    ctx.setBusy(caller, false);
    ctx.setBusy(callee, false);
    return;
  }
  emitSip(buildInviteResponse(dialog, state, 200, 'OK'), 'callee', 'INVITE', 200);
  yield random.int(20, 60);
  emitSip(buildAck(dialog, newBranch(random), true), 'caller', 'ACK');
  yield random.int(10, 40);

  if (ctx.rtp) yield* mediaFlow(ctx, random, correlationId, plan, dialog, operators);
  else yield plan.durationMs;

  const byCaller = random.chance(0.55);
  const byeBranch = newBranch(random);
  emitSip(buildBye(dialog, byeBranch, byCaller), byCaller ? 'caller' : 'callee', 'BYE');
  yield random.int(30, 90);
  emitSip(buildByeResponse(dialog, byeBranch, byCaller), byCaller ? 'callee' : 'caller', 'BYE', 200);
  ctx.setBusy(caller, false);
  ctx.setBusy(callee, false);
}

interface RtpStream {
  ssrc: number;
  seq: number;
  timestamp: number;
  first: boolean;
}

function newStream(random: Random): RtpStream {
  return { ssrc: random.nextUint32(), seq: random.int(0, 0xffff), timestamp: random.nextUint32(), first: true };
}

function* mediaFlow(ctx: FlowContext, random: Random, correlationId: string, plan: CallPlan, dialog: CallDialog, operators: readonly SubscriberHandle['operator'][]): Flow {
  const turns = planConversation(random.fork('turns'), plan.durationMs);
  const voices = [new SpeechSynth(random.fork('voice0'), 0, turns, random.range(95, 140)), new SpeechSynth(random.fork('voice1'), 1, turns, random.range(175, 235))] as const;
  const audio = [newStream(random), newStream(random)] as const;
  const video = [newStream(random), newStream(random)] as const;
  const fill = random.fork('video');
  const servedFor = (op: SubscriberHandle['operator']): ReturnType<FlowContext['served']>[] => [plan.caller, plan.callee].filter((h) => h.operator === op).map((h) => ctx.served(h));
  const emitRtp = (fromCaller: boolean, media: 'audio' | 'video', stream: RtpStream, payloadType: number, payload: Uint8Array, marker: boolean): void => {
    const bytes = buildRtp({ payloadType, sequenceNumber: stream.seq, timestamp: stream.timestamp >>> 0, ssrc: stream.ssrc, marker, payload });
    const from = fromCaller ? dialog.caller : dialog.callee;
    const to = fromCaller ? dialog.callee : dialog.caller;
    const port = (leg: typeof from): number => (media === 'audio' ? leg.audioPort : leg.videoPort);
    for (const op of operators) {
      const draft: Omit<RtpEvent, 'seq' | 'timeMs'> = {
        kind: 'rtp', element: 'ims', category: 'callContent', operatorId: op.id, correlationId, served: servedFor(op),
        callId: dialog.callId, media, codec: media === 'audio' ? 'PCMU' : 'H264', caller: dialog.caller.party, callee: dialog.callee.party,
        direction: fromCaller ? 'caller-to-callee' : 'callee-to-caller', ssrc: stream.ssrc, rtpSequence: stream.seq,
        transport: { src: from.ip, srcPort: port(from), dst: to.ip, dstPort: port(to) }, payload: { format: 'rtp', bytes },
      };
      ctx.emit(draft);
    }
    stream.seq = (stream.seq + 1) & 0xffff;
  };

  for (let t = 0; t < plan.durationMs; t += PACKET_MS) {
    for (const side of [0, 1] as const) {
      const stream = audio[side];
      const payload = encodeMulaw(voices[side].render(SAMPLES_PER_PACKET));
      emitRtp(side === 0, 'audio', stream, RTP_PT_PCMU, payload, stream.first); // RFC 3551 §4.1: marker on the first packet of a talkspurt
      stream.first = false;
      stream.timestamp = (stream.timestamp + SAMPLES_PER_PACKET) >>> 0;
    }
    if (plan.media === 'video' && t % VIDEO_FRAME_MS === 0) {
      for (const side of [0, 1] as const) {
        const stream = video[side];
        const idr = t % 2000 === 0; // an IDR frame every 2 s, preceded by SPS/PPS
        const nals = idr ? [...h264ParameterSets(), h264DummySlice(true, fill.int(900, 1100), () => fill.nextUint32())] : [h264DummySlice(false, fill.int(150, 450), () => fill.nextUint32())];
        nals.forEach((nal, i) => emitRtp(side === 0, 'video', stream, RTP_PT_H264_DYNAMIC, nal, i === nals.length - 1)); // RFC 6184 §5.1: M on the last packet of an access unit
        stream.timestamp = (stream.timestamp + (VIDEO_FRAME_MS * 90)) >>> 0; // 90 kHz clock
      }
    }
    yield PACKET_MS;
  }
}

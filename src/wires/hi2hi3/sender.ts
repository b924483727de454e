/**
 * HI2/HI3 sender (MDF side), TS 102 232-1 §6: one mutual-TLS connection to one LEMF port, carrying
 * PS-PDUs taken from a DeliveryQueue. With PDU acknowledgement (§6.3.6) a record is confirmed only
 * when the LEMF answers a pDUAcknowledgementRequest sent after it (the LEMF answers once it holds
 * the records durably); with no response in TIME5 the connection is dropped and everything
 * unconfirmed is sent again, in order (§6.3.3). Without it (a LEMF that declines or ignores the
 * option, or mode 'off') a record is confirmed once written to a live connection (§6.4.3 option 3).
 * Keep-alives (TRIPayload [3]) go out when the line has been idle (TIME1); no response in TIME3
 * resets the connection.
 */
import { joinRuns, PsPduStreamReader, type PsPdu, type TRIPayload } from '../../standards/hi2hi3/index.ts';
import { ReconnectingStream } from '../reconnecting-stream.ts';
import type { Connector, Endpoint } from '../transport.ts';
import type { DeliveryQueue } from './queue.ts';
import { AckTracker, DfNegotiation, triOf, type AcknowledgementMode, type NegotiationOutcome } from './session.ts';

export type { DeliveryQueue } from './queue.ts';
export { MemoryDeliveryQueue } from './queue.ts';

export interface AcknowledgementOptions {
  mode: AcknowledgementMode;
  /** A request after this many PDUs (default 2000) … */
  everyPdus?: number;
  /** … or this long after the first PDU not yet covered by one (TIME6, default 500 ms). */
  intervalMs?: number;
  /** TIME5: no response this long after a request → reconnect and resend (default 60 s). */
  timeoutMs?: number;
  /** Unconfirmed PDUs on the wire at most (default 4 × everyPdus): bounds what a reconnect resends. */
  maxInFlight?: number;
}

export type SenderAlarmCode = 'HI_KEEPALIVE_TIMEOUT' | 'HI_BAD_RESPONSE' | 'HI_ACK_TIMEOUT' | 'HI_NEGOTIATION_FAILED' | 'HI_ACK_UNAVAILABLE' | 'HI_QUEUE_FAILED';

export interface Hi2Hi3SenderOptions {
  endpoint: Endpoint;
  connector: Connector;
  queue: DeliveryQueue;
  /** Builds a TRI PS-PDU (keep-alive, option negotiation, acknowledgement request); the header names a LIID of this destination. */
  makeTri: (payload: TRIPayload, sequenceNumber: number) => Uint8Array;
  acknowledgement?: AcknowledgementOptions;
  /** TIME1 (default 30 s). */
  keepaliveIdleMs?: number;
  /** TIME3 (default 90 s); also bounds option negotiation. */
  keepaliveTimeoutMs?: number;
  onAlarm?: (code: SenderAlarmCode, detail: string) => void;
}

type Phase = 'negotiating' | 'open';

/** Records taken from the queue at once, and octets per stream write (a TLS record holds 16 KiB). */
const BATCH_RECORDS = 1024;
const WRITE_BYTES = 256 * 1024;

export class Hi2Hi3Sender {
  private readonly stream: ReconnectingStream;
  private readonly ack: Required<AcknowledgementOptions>;
  private running = false;
  private lastWriteAt = Date.now();
  private awaitingResponseSince: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reader = new PsPduStreamReader({ maxPduSize: 64 * 1024 });
  private wake: (() => void) | undefined;
  private phase: Phase = 'open';
  private negotiation: DfNegotiation | undefined;
  private negotiationStartedAt = 0;
  /** This connection confirms by acknowledgement (else: by writing). */
  private acknowledged = false;
  private readonly tracker = new AckTracker();
  /** Position after the last PDU written on this connection, and how many since the last request. */
  private written = 0;
  private unrequested = 0;
  private firstUnrequestedAt = 0;
  private keepaliveSeq = 0;
  /** Records confirmed (acknowledged, or written when not acknowledging). */
  delivered = 0;
  keepalivesAnswered = 0;
  acksAnswered = 0;
  ackTimeouts = 0;
  /** Records sent again after a reconnect (§6.3.3). */
  resent = 0;
  private outcome: NegotiationOutcome | undefined;

  constructor(private readonly o: Hi2Hi3SenderOptions) {
    const every = o.acknowledgement?.everyPdus ?? 2000;
    this.ack = { mode: o.acknowledgement?.mode ?? 'off', everyPdus: every, intervalMs: o.acknowledgement?.intervalMs ?? 500, timeoutMs: o.acknowledgement?.timeoutMs ?? 60_000, maxInFlight: o.acknowledgement?.maxInFlight ?? 4 * every };
    this.stream = new ReconnectingStream({
      endpoint: o.endpoint,
      connector: o.connector,
      onConnect: () => this.connected_(),
      onData: (c) => this.onData(c),
      onDisconnect: () => this.disconnected(),
    });
  }

  get connected(): boolean {
    return this.stream.connected;
  }

  /** How the current (or last) connection confirms records: 'acknowledged' means received and durable at the LEMF. */
  get guarantee(): 'acknowledged' | 'written' {
    return this.acknowledged ? 'acknowledged' : 'written';
  }

  get negotiationOutcome(): NegotiationOutcome | undefined {
    return this.outcome;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stream.start();
    const period = Math.min((this.o.keepaliveIdleMs ?? 30_000) / 3, this.ack.intervalMs / 2, 1000);
    this.timer = setInterval(() => this.tick(), Math.max(20, Math.floor(period)));
    this.timer.unref();
    void this.pump();
  }

  private send(payload: TRIPayload, seq: number): boolean {
    return this.stream.write(this.o.makeTri(payload, seq)) !== 'disconnected';
  }

  private sendKeepalive(): void {
    if (this.send({ kind: 'keepAlive' }, this.keepaliveSeq++ >>> 0)) this.awaitingResponseSince = this.lastWriteAt = Date.now();
  }

  private connected_(): void {
    this.reader = new PsPduStreamReader({ maxPduSize: 64 * 1024 });
    this.awaitingResponseSince = undefined;
    this.written = this.o.queue.confirmed;
    this.unrequested = 0;
    if (this.ack.mode === 'negotiate') {
      this.phase = 'negotiating';
      this.negotiationStartedAt = Date.now();
      this.negotiation = new DfNegotiation((p, s) => void this.send(p, s));
      this.negotiation.start(() => this.sendKeepalive());
    } else {
      this.phase = 'open';
      this.acknowledged = this.ack.mode === 'required';
      this.outcome = 'not-negotiated';
    }
    this.wake?.();
  }

  private disconnected(): void {
    // §6.3.6: "assume that all unacknowledged data needs to be retransmitted".
    const unconfirmed = this.written - this.o.queue.confirmed;
    if (unconfirmed > 0) this.resent += unconfirmed;
    this.tracker.clear();
    this.o.queue.rewind();
    this.phase = 'open';
    this.negotiation = undefined;
    this.wake?.();
  }

  private idle(ms: number, also?: Promise<void>): Promise<void> {
    const waits = [new Promise<void>((r) => { this.wake = r; setTimeout(r, ms).unref(); })];
    if (also) waits.push(also);
    return Promise.race(waits);
  }

  private async pump(): Promise<void> {
    while (this.running) {
      if (!this.stream.connected || this.phase !== 'open') {
        await this.idle(200);
        continue;
      }
      if (this.acknowledged && this.written - this.o.queue.confirmed >= this.ack.maxInFlight) {
        this.requestAck();
        await this.idle(50);
        continue;
      }
      // Acknowledged: never more on the wire than maxInFlight, and a request exactly every `everyPdus`.
      const room = this.acknowledged ? Math.min(this.ack.maxInFlight - (this.written - this.o.queue.confirmed), this.ack.everyPdus - this.unrequested) : BATCH_RECORDS;
      let taken: { records: Uint8Array[]; next: number };
      try {
        taken = this.o.queue.take(Math.min(BATCH_RECORDS, room));
      } catch (e) {
        // The queue cannot be read (a damaged outbox chunk: it raised its own alarm and refuses
        // records). Nothing more leaves this destination; the connection stays for keep-alives.
        this.o.onAlarm?.('HI_QUEUE_FAILED', `delivery stopped: ${(e as Error).message}`);
        this.running = false;
        break;
      }
      const { records, next } = taken;
      if (records.length === 0) {
        await this.idle(500, this.o.queue.whenReady());
        continue;
      }
      // Few writes per batch: TLS then seals full records for the lot instead of one TLS record per
      // PS-PDU, and the stream's per-write cost is paid once per ~256 KiB (the LEMF's reader is a
      // stream parser anyway).
      const r = this.writeBatch(records);
      if (r !== 'disconnected') {
        this.wrote(next, records.length);
        if (r === 'full') await this.stream.drained();
      }
      if (!this.stream.connected) await this.idle(20); // the socket closed under us: let it reconnect
      this.lastWriteAt = Date.now();
    }
  }

  /**
   * Writes `records` in order, joined into writes of about WRITE_BYTES (records that lie back to back
   * in one slab go as one view, byte-runs.ts); the stream's verdict on the last.
   */
  private writeBatch(records: Uint8Array[]): ReturnType<ReconnectingStream['write']> {
    if (records.length === 1) return this.stream.write(records[0]!);
    let r: ReturnType<ReconnectingStream['write']> = 'sent';
    let from = 0;
    let bytes = 0;
    for (let i = 0; i < records.length; i++) {
      bytes += records[i]!.length;
      if (bytes < WRITE_BYTES && i < records.length - 1) continue;
      const w = this.stream.write(joinRuns(records, from, i + 1, bytes));
      if (w === 'disconnected') return w;
      if (w === 'full') r = 'full';
      from = i + 1;
      bytes = 0;
    }
    return r;
  }

  /** `n` records up to `position` were written to the live connection. */
  private wrote(position: number, n: number): void {
    this.written = position;
    if (!this.acknowledged) {
      this.confirm(position);
      return;
    }
    if (this.unrequested === 0) this.firstUnrequestedAt = Date.now();
    this.unrequested += n;
    if (this.unrequested >= this.ack.everyPdus) this.requestAck();
  }

  private requestAck(): void {
    if (!this.acknowledged || this.unrequested === 0) return;
    const seq = this.tracker.request(this.written, Date.now());
    if (this.send({ kind: 'pDUAcknowledgementRequest' }, seq)) this.unrequested = 0;
  }

  private confirm(position: number): void {
    const before = this.o.queue.confirmed;
    if (position <= before) return;
    this.o.queue.confirm(position);
    this.delivered += this.o.queue.confirmed - before;
  }

  private tick(): void {
    if (!this.stream.connected) return;
    const now = Date.now();
    if (this.phase === 'negotiating' && now - this.negotiationStartedAt > (this.o.keepaliveTimeoutMs ?? 90_000)) {
      this.fail('HI_NEGOTIATION_FAILED', 'option negotiation did not complete; reconnecting');
      return;
    }
    const oldest = this.tracker.oldestAt;
    if (oldest !== undefined && now - oldest > this.ack.timeoutMs) {
      this.ackTimeouts++;
      this.fail('HI_ACK_TIMEOUT', `no pDUAcknowledgementResponse within TIME5 (${this.ack.timeoutMs} ms); reconnecting to resend ${this.written - this.o.queue.confirmed} unacknowledged PDUs`);
      return;
    }
    if (this.acknowledged && this.unrequested > 0 && now - this.firstUnrequestedAt >= this.ack.intervalMs) this.requestAck();
    if (this.awaitingResponseSince !== undefined && now - this.awaitingResponseSince > (this.o.keepaliveTimeoutMs ?? 90_000)) {
      this.fail('HI_KEEPALIVE_TIMEOUT', 'no keep-aliveResponse from the LEMF; reconnecting');
      return;
    }
    if (this.awaitingResponseSince === undefined && now - this.lastWriteAt >= (this.o.keepaliveIdleMs ?? 30_000)) this.sendKeepalive();
  }

  private fail(code: SenderAlarmCode, detail: string): void {
    this.o.onAlarm?.(code, detail);
    this.awaitingResponseSince = undefined;
    this.stream.reset();
  }

  private onData(chunk: Uint8Array): void {
    let pdus: PsPdu[];
    try {
      pdus = this.reader.push(chunk).flatMap((r) => (r.pdu ? [r.pdu] : []));
    } catch (e) {
      this.fail('HI_BAD_RESPONSE', (e as Error).message);
      return;
    }
    for (const pdu of pdus) {
      const t = triOf(pdu);
      if (t?.kind === 'keepAliveResponse') {
        this.awaitingResponseSince = undefined;
        this.keepalivesAnswered++;
      }
      if (this.phase === 'negotiating' && this.negotiation) {
        const step = this.negotiation.receive(t, pdu);
        if (step === 'violation') return this.fail('HI_NEGOTIATION_FAILED', `unexpected ${t?.kind ?? pdu.payload.kind} during option negotiation (§6.3.5.2)`);
        if (step === 'done') this.negotiated(this.negotiation.outcome ?? 'unsupported');
        continue;
      }
      if (t?.kind === 'pDUAcknowledgementResponse') {
        const position = this.tracker.response(pdu.pSHeader.sequenceNumber);
        if (position === undefined) return this.fail('HI_BAD_RESPONSE', `pDUAcknowledgementResponse ${pdu.pSHeader.sequenceNumber} answers no request`);
        this.acksAnswered++;
        this.confirm(position);
        // A pump waiting for room in the window (maxInFlight) goes on now, not at its next poll.
        this.wake?.();
      }
    }
  }

  private negotiated(outcome: NegotiationOutcome): void {
    this.outcome = outcome;
    this.acknowledged = outcome === 'acknowledged';
    this.phase = 'open';
    if (!this.acknowledged) this.o.onAlarm?.('HI_ACK_UNAVAILABLE', `the LEMF ${outcome === 'declined' ? 'declined' : 'does not negotiate'} PDU acknowledgement: records count as delivered once written, not once received (§6.4.3 option 3)`);
    this.wake?.();
  }

  /** Waits until the queue is empty (everything confirmed) or the timeout passes. */
  async flush(timeoutMs = 5000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (this.o.queue.length > 0 && Date.now() < until) {
      this.requestAck();
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.o.queue.length === 0;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    if (this.timer) clearInterval(this.timer);
    await this.stream.stop();
  }
}

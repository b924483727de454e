/**
 * X2/X3 sender (POI side), TS 103 221-2 §6.2: one mutual-TLS connection to the MDF carrying a
 * stream of PDUs, with the §6.2.4 keepalive (send every TIME_P1, expect the acknowledgement with
 * the same sequence number within TIME_P2, else disconnect, reconnect and report).
 *
 * While the MDF is unreachable, encoded PDUs wait in a bounded queue. When the queue is full the
 * newest PDU is refused (counted and alarmed, never silently dropped): the POI reports the issue
 * over X1 (ReportTaskIssue / ReportNEIssue) as §6.2.4 asks.
 */
import { encodeX2X3Pdu, keepalivePdu, PduType, X2X3Framer, type X2X3Pdu } from '../../standards/x2x3/index.ts';
import { ReconnectingStream } from '../reconnecting-stream.ts';
import type { Connector, Endpoint } from '../transport.ts';

export interface X2X3SenderOptions {
  endpoint: Endpoint;
  connector: Connector;
  /** TIME_P1, default 60 s (§6.2.4). */
  keepaliveIntervalMs?: number;
  /** TIME_P2, default 180 s (§6.2.4). */
  keepaliveTimeoutMs?: number;
  /** Queue limit while disconnected or congested, in bytes. Default 64 MiB. */
  maxQueueBytes?: number;
  onAlarm?: (code: 'X2X3_KEEPALIVE_TIMEOUT' | 'X2X3_QUEUE_FULL' | 'X2X3_BAD_RESPONSE', detail: string) => void;
}

export interface X2X3SenderStats {
  sent: number;
  queued: number;
  refused: number;
  keepalivesSent: number;
  keepalivesAcknowledged: number;
  reconnects: number;
}

export class X2X3Sender {
  private readonly stream: ReconnectingStream;
  /** Encoded PDUs waiting; `head` is the next to send (no Array.shift on a long backlog). */
  private queue: Uint8Array[] = [];
  private head = 0;
  private queueBytes = 0;
  private flushing = false;
  private keepaliveSeq = 0;
  private lastAckAt = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private framer = new X2X3Framer({ maxPduSize: 4096 });
  readonly stats: X2X3SenderStats = { sent: 0, queued: 0, refused: 0, keepalivesSent: 0, keepalivesAcknowledged: 0, reconnects: 0 };

  constructor(private readonly o: X2X3SenderOptions) {
    this.stream = new ReconnectingStream({
      endpoint: o.endpoint,
      connector: o.connector,
      onConnect: () => {
        this.framer = new X2X3Framer({ maxPduSize: 4096 });
        this.lastAckAt = Date.now();
        if (this.stream.connections > 1) this.stats.reconnects++;
        void this.flush();
      },
      onData: (c) => this.onData(c),
    });
  }

  start(): void {
    this.stream.start();
    const interval = this.o.keepaliveIntervalMs ?? 60_000;
    this.timer = setInterval(() => this.keepalive(), interval);
    this.timer.unref();
  }

  get connected(): boolean {
    return this.stream.connected;
  }

  /** Queues one PDU for delivery. Returns false when it was refused (queue full). */
  send(pdu: X2X3Pdu): boolean {
    return this.sendEncoded(encodeX2X3Pdu(pdu));
  }

  sendEncoded(bytes: Uint8Array): boolean {
    if (this.queueBytes + bytes.length > (this.o.maxQueueBytes ?? 64 * 1024 * 1024)) {
      this.stats.refused++;
      this.o.onAlarm?.('X2X3_QUEUE_FULL', `X2/X3 queue full (${this.queueBytes} bytes); PDU refused`);
      return false;
    }
    this.queue.push(bytes);
    this.queueBytes += bytes.length;
    this.stats.queued = this.queue.length - this.head;
    void this.flush();
    return true;
  }

  /** Resolves once every queued PDU has been written to the socket (or the timeout passes). */
  async drain(timeoutMs = 5000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (this.queue.length > this.head && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    return this.queue.length === this.head;
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > this.head) {
        const next = this.queue[this.head]!;
        const r = this.stream.write(next);
        if (r === 'disconnected') return;
        this.head++;
        this.queueBytes -= next.length;
        this.stats.sent++;
        if (this.head >= 4096 && this.head * 2 >= this.queue.length) {
          this.queue = this.queue.slice(this.head);
          this.head = 0;
        }
        if (r === 'full') await this.stream.drained();
      }
    } finally {
      this.stats.queued = this.queue.length - this.head;
      this.flushing = false;
    }
  }

  private keepalive(): void {
    if (!this.stream.connected) return;
    if (Date.now() - this.lastAckAt > (this.o.keepaliveTimeoutMs ?? 180_000)) {
      this.o.onAlarm?.('X2X3_KEEPALIVE_TIMEOUT', 'no Keepalive Acknowledgement within TIME_P2; reconnecting');
      this.stream.reset();
      return;
    }
    this.keepaliveSeq = (this.keepaliveSeq + 1) >>> 0;
    // Keepalives go straight to the socket, ahead of queued data, so congestion cannot starve them.
    if (this.stream.write(encodeX2X3Pdu(keepalivePdu(this.keepaliveSeq))) !== 'disconnected') this.stats.keepalivesSent++;
  }

  private onData(chunk: Uint8Array): void {
    try {
      for (const pdu of this.framer.push(chunk)) {
        if (pdu.pduType === PduType.KeepaliveAcknowledgement) {
          this.lastAckAt = Date.now();
          this.stats.keepalivesAcknowledged++;
        } else throw new Error(`unexpected PDU type ${pdu.pduType} from the MDF`);
      }
    } catch (e) {
      this.o.onAlarm?.('X2X3_BAD_RESPONSE', `MDF sent bytes that are not keepalive acknowledgements: ${(e as Error).message}`);
      this.stream.reset();
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.stream.stop();
  }
}

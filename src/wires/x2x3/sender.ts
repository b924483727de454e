/**
 * X2/X3 sender (POI side), TS 103 221-2 §6.2: one mutual-TLS connection to the MDF carrying a
 * stream of PDUs, with the §6.2.4 keepalive (send every TIME_P1, expect the acknowledgement with
 * the same sequence number within TIME_P2, else disconnect, reconnect and report).
 *
 * While the MDF is unreachable, encoded PDUs wait in a bounded queue. When the queue is full the
 * newest PDU is refused (counted and alarmed, never silently dropped): the POI reports the issue
 * over X1 (ReportTaskIssue / ReportNEIssue) as §6.2.4 asks.
 *
 * Queued PDUs leave in coalesced writes: one flush per turn (a microtask after the caller's
 * synchronous sends, or the socket's 'drain') concatenates whole PDUs up to COALESCE_BYTES into one
 * socket write, so a burst costs one TLS write of a few records instead of a record per PDU. §6.2.1
 * makes X2/X3 a byte stream of back-to-back PDUs (the receiver frames by the header's lengths), so the
 * bytes on the wire are the same; only their packaging in TLS records changes. A write either takes
 * the whole chunk or nothing (ReconnectingStream.write 'disconnected'), so a reconnect resumes at the
 * first PDU not yet written, never inside one.
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
  /** Reconnect backoff, doubling from min to max (defaults 100 ms and 5 s, ReconnectingStream's). */
  reconnectBackoffMs?: { min?: number; max?: number };
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

/** Largest coalesced write: whole PDUs up to this many octets (a single larger PDU goes alone). */
const COALESCE_BYTES = 64 * 1024;

interface RoomWaiter {
  below: number;
  resolve: () => void;
}

export class X2X3Sender {
  private readonly stream: ReconnectingStream;
  /** Encoded PDUs waiting; `head` is the next to send (no Array.shift on a long backlog). */
  private queue: Uint8Array[] = [];
  private head = 0;
  private queueBytes = 0;
  /** A flush is queued as a microtask: further sends in this turn only append. */
  private scheduled = false;
  /** Waiting for the socket's 'drain': the drain callback flushes; `drainTurn` tells stale callbacks apart. */
  private awaitingDrain = false;
  private drainTurn = 0;
  private readonly waiters = new Set<RoomWaiter>();
  private keepaliveSeq = 0;
  private lastAckAt = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private framer = new X2X3Framer({ maxPduSize: 4096 });
  readonly stats: X2X3SenderStats = { sent: 0, queued: 0, refused: 0, keepalivesSent: 0, keepalivesAcknowledged: 0, reconnects: 0 };

  constructor(private readonly o: X2X3SenderOptions) {
    this.stream = new ReconnectingStream({
      endpoint: o.endpoint,
      connector: o.connector,
      minBackoffMs: o.reconnectBackoffMs?.min,
      maxBackoffMs: o.reconnectBackoffMs?.max,
      onConnect: () => {
        this.framer = new X2X3Framer({ maxPduSize: 4096 });
        this.lastAckAt = Date.now();
        if (this.stream.connections > 1) this.stats.reconnects++;
        // A new socket: a 'drain' awaited on the old one no longer matters.
        this.awaitingDrain = false;
        this.drainTurn++;
        this.flush();
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
    if (!this.scheduled && !this.awaitingDrain) {
      this.scheduled = true;
      queueMicrotask(this.flushTurn);
    }
    return true;
  }

  /**
   * Resolves once fewer than `n` PDUs wait in the queue, not yet written to the socket (the
   * `queued` stat). A producer that keeps at most a window of PDUs queued awaits this instead of
   * polling. While disconnected it waits for the reconnect; after stop() it never resolves.
   */
  whenQueuedBelow(n: number): Promise<void> {
    if (this.queue.length - this.head < n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add({ below: n, resolve }));
  }

  /** Resolves once every queued PDU has been written to the socket (or the timeout passes). */
  async drain(timeoutMs = 5000): Promise<boolean> {
    if (this.queue.length === this.head) return true;
    let timer: NodeJS.Timeout | undefined;
    const w: RoomWaiter = { below: 1, resolve: () => undefined };
    await new Promise<void>((resolve) => {
      w.resolve = resolve;
      this.waiters.add(w);
      timer = setTimeout(resolve, timeoutMs);
    });
    clearTimeout(timer);
    this.waiters.delete(w);
    return this.queue.length === this.head;
  }

  private readonly flushTurn = (): void => {
    this.scheduled = false;
    this.flush();
  };

  /** Writes queued PDUs, coalesced, until the queue is empty, the socket is full or gone. */
  private flush(): void {
    if (this.awaitingDrain || !this.stream.connected) return;
    try {
      while (this.queue.length > this.head) {
        const first = this.head;
        let end = first + 1;
        let bytes = this.queue[first]!.length;
        while (end < this.queue.length && bytes + this.queue[end]!.length <= COALESCE_BYTES) bytes += this.queue[end++]!.length;
        const chunk = end - first === 1 ? this.queue[first]! : this.concat(first, end, bytes);
        const r = this.stream.write(chunk);
        // Nothing of the chunk was written: the queue stays as it is, whole PDUs, for the next connection.
        if (r === 'disconnected') return;
        this.head = end;
        this.queueBytes -= bytes;
        this.stats.sent += end - first;
        if (this.head >= 4096 && this.head * 2 >= this.queue.length) {
          this.queue = this.queue.slice(this.head);
          this.head = 0;
        }
        if (r === 'full') {
          this.awaitingDrain = true;
          const turn = ++this.drainTurn;
          void this.stream.drained().then(() => {
            if (turn !== this.drainTurn) return;
            this.awaitingDrain = false;
            this.flush();
          });
          return;
        }
      }
    } finally {
      this.stats.queued = this.queue.length - this.head;
      if (this.waiters.size > 0) this.wakeWaiters();
    }
  }

  private concat(first: number, end: number, bytes: number): Uint8Array {
    const out = Buffer.allocUnsafe(bytes);
    let at = 0;
    for (let i = first; i < end; i++) {
      const b = this.queue[i]!;
      out.set(b, at);
      at += b.length;
    }
    return out;
  }

  private wakeWaiters(): void {
    const queued = this.queue.length - this.head;
    for (const w of this.waiters) {
      if (queued < w.below) {
        this.waiters.delete(w);
        w.resolve();
      }
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
    // Keepalives go straight to the socket, ahead of queued data, so congestion cannot starve them;
    // queued data leaves in chunks of whole PDUs, so a keepalive always falls between two PDUs.
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

/**
 * HI2/HI3 sender (MDF side), TS 102 232-1 §6: one mutual-TLS connection to one LEMF port,
 * carrying PS-PDUs taken from an outbox. Records leave the outbox only once written to a live
 * connection, so nothing is dropped while the LEMF is unreachable; the keep-alive (TRIPayload [3])
 * goes out when the line has been idle, and a missing keep-aliveResponse resets the connection.
 */
import { PsPduStreamReader } from '../../standards/hi2hi3/index.ts';
import { ReconnectingStream } from '../reconnecting-stream.ts';
import type { Connector, Endpoint } from '../transport.ts';
import { isKeepaliveResponse } from './receiver.ts';

/** Where records wait for delivery (in memory or durable: see src/mediation/outbox.ts). */
export interface DeliveryQueue {
  /** Up to `max` oldest records, not removed. */
  peek(max: number): Uint8Array[];
  /** Removes the `n` oldest records (they were written to the connection). */
  ack(n: number): void | Promise<void>;
  readonly length: number;
  /** Resolves when a record is added (or immediately if some are waiting). */
  whenNotEmpty(): Promise<void>;
}

export interface Hi2Hi3SenderOptions {
  endpoint: Endpoint;
  connector: Connector;
  queue: DeliveryQueue;
  /** Builds a keep-alive PS-PDU (the header names a LIID of this destination). */
  makeKeepalive: () => Uint8Array;
  keepaliveIdleMs?: number;
  keepaliveTimeoutMs?: number;
  onAlarm?: (code: 'HI_KEEPALIVE_TIMEOUT' | 'HI_BAD_RESPONSE', detail: string) => void;
}

export class Hi2Hi3Sender {
  private readonly stream: ReconnectingStream;
  private running = false;
  private lastWriteAt = Date.now();
  private awaitingResponseSince: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reader = new PsPduStreamReader({ maxPduSize: 64 * 1024 });
  private wake: (() => void) | undefined;
  delivered = 0;
  keepalivesAnswered = 0;

  constructor(private readonly o: Hi2Hi3SenderOptions) {
    this.stream = new ReconnectingStream({
      endpoint: o.endpoint,
      connector: o.connector,
      onConnect: () => {
        this.reader = new PsPduStreamReader({ maxPduSize: 64 * 1024 });
        this.awaitingResponseSince = undefined;
        this.wake?.();
      },
      onData: (c) => this.onData(c),
      onDisconnect: () => this.wake?.(),
    });
  }

  get connected(): boolean {
    return this.stream.connected;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stream.start();
    this.timer = setInterval(() => this.tick(), Math.max(50, Math.floor((this.o.keepaliveIdleMs ?? 30_000) / 3)));
    this.timer.unref();
    void this.pump();
  }

  private async pump(): Promise<void> {
    while (this.running) {
      if (!this.stream.connected) {
        await new Promise<void>((r) => {
          this.wake = r;
          setTimeout(r, 200).unref();
        });
        continue;
      }
      if (this.o.queue.length === 0) {
        await Promise.race([this.o.queue.whenNotEmpty(), new Promise<void>((r) => { this.wake = r; setTimeout(r, 500).unref(); })]);
        continue;
      }
      const batch = this.o.queue.peek(256);
      let written = 0;
      for (const rec of batch) {
        const r = this.stream.write(rec);
        if (r === 'disconnected') break;
        written++;
        if (r === 'full') {
          await this.o.queue.ack(written);
          this.delivered += written;
          written = 0;
          await this.stream.drained();
        }
      }
      if (written > 0) {
        await this.o.queue.ack(written);
        this.delivered += written;
      } else await new Promise((r) => setTimeout(r, 20)); // the socket closed under us: let it reconnect
      this.lastWriteAt = Date.now();
    }
  }

  private tick(): void {
    if (!this.stream.connected) return;
    const now = Date.now();
    if (this.awaitingResponseSince !== undefined && now - this.awaitingResponseSince > (this.o.keepaliveTimeoutMs ?? 90_000)) {
      this.o.onAlarm?.('HI_KEEPALIVE_TIMEOUT', 'no keep-aliveResponse from the LEMF; reconnecting');
      this.awaitingResponseSince = undefined;
      this.stream.reset();
      return;
    }
    if (this.awaitingResponseSince === undefined && now - this.lastWriteAt >= (this.o.keepaliveIdleMs ?? 30_000)) {
      if (this.stream.write(this.o.makeKeepalive()) !== 'disconnected') {
        this.awaitingResponseSince = now;
        this.lastWriteAt = now;
      }
    }
  }

  private onData(chunk: Uint8Array): void {
    try {
      for (const r of this.reader.push(chunk)) {
        if (r.pdu && isKeepaliveResponse(r.pdu)) {
          this.awaitingResponseSince = undefined;
          this.keepalivesAnswered++;
        }
      }
    } catch (e) {
      this.o.onAlarm?.('HI_BAD_RESPONSE', (e as Error).message);
      this.stream.reset();
    }
  }

  /** Waits until the queue is empty (everything written) or the timeout passes. */
  async flush(timeoutMs = 5000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (this.o.queue.length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    return this.o.queue.length === 0;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    if (this.timer) clearInterval(this.timer);
    await this.stream.stop();
  }
}

/** A simple in-memory DeliveryQueue (tests; the MDF uses its durable outbox). */
export class MemoryDeliveryQueue implements DeliveryQueue {
  private items: Uint8Array[] = [];
  private waiters: (() => void)[] = [];
  get length(): number {
    return this.items.length;
  }
  push(rec: Uint8Array): void {
    this.items.push(rec);
    for (const w of this.waiters.splice(0)) w();
  }
  peek(max: number): Uint8Array[] {
    return this.items.slice(0, max);
  }
  ack(n: number): void {
    this.items.splice(0, n);
  }
  whenNotEmpty(): Promise<void> {
    if (this.items.length > 0) return Promise.resolve();
    return new Promise((r) => this.waiters.push(r));
  }
}

/**
 * A client stream that stays connected: reconnects with exponential backoff after any failure.
 * Used by the X2/X3 sender (POI → MDF) and the HI2/HI3 sender (MDF → LEMF). What happens to data
 * while disconnected is the caller's policy (bounded queue, durable outbox), not this class's.
 */
import type { Duplex } from 'node:stream';
import type { Connector, Endpoint } from './transport.ts';

export interface ReconnectingStreamOptions {
  endpoint: Endpoint;
  connector: Connector;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  onConnect?: (stream: Duplex) => void;
  onData?: (chunk: Uint8Array) => void;
  onDisconnect?: (error: Error | undefined) => void;
}

export class ReconnectingStream {
  private stream: Duplex | undefined;
  private stopped = true;
  private backoff: number;
  private timer: NodeJS.Timeout | undefined;
  private connecting = false;
  /** Number of successful connections so far (1 = first connect). */
  connections = 0;
  lastError: Error | undefined;

  constructor(private readonly o: ReconnectingStreamOptions) {
    this.backoff = o.minBackoffMs ?? 100;
  }

  get connected(): boolean {
    return this.stream !== undefined && !this.stream.destroyed;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  private connect(): void {
    if (this.stopped || this.connecting) return;
    this.connecting = true;
    this.o.connector(this.o.endpoint).then(
      (s) => {
        this.connecting = false;
        if (this.stopped) {
          s.destroy();
          return;
        }
        this.stream = s;
        this.connections++;
        this.backoff = this.o.minBackoffMs ?? 100;
        s.on('data', (c: Buffer) => this.o.onData?.(c));
        s.on('error', (e: Error) => (this.lastError = e));
        s.on('close', () => {
          if (this.stream === s) this.stream = undefined;
          this.o.onDisconnect?.(this.lastError);
          this.schedule();
        });
        this.o.onConnect?.(s);
      },
      (e: unknown) => {
        this.connecting = false;
        this.lastError = e instanceof Error ? e : new Error(String(e));
        this.schedule();
      },
    );
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.connect();
    }, this.backoff);
    this.timer.unref();
    this.backoff = Math.min(this.backoff * 2, this.o.maxBackoffMs ?? 5000);
  }

  /**
   * Writes bytes if connected. Returns 'sent', 'full' (written, but wait for `drained()` before
   * more) or 'disconnected' (nothing written).
   */
  write(bytes: Uint8Array): 'sent' | 'full' | 'disconnected' {
    const s = this.stream;
    if (!s || s.destroyed || !s.writable) return 'disconnected';
    return s.write(bytes) ? 'sent' : 'full';
  }

  /** Resolves when the socket can take more data (or it closed). */
  drained(): Promise<void> {
    const s = this.stream;
    if (!s || !s.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        s.off('drain', done);
        s.off('close', done);
        resolve();
      };
      s.on('drain', done);
      s.on('close', done);
    });
  }

  /** Drops the current connection (it will reconnect): used when the peer sent bytes we reject. */
  reset(): void {
    this.stream?.destroy();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const s = this.stream;
    this.stream = undefined;
    if (s && !s.destroyed) {
      await new Promise<void>((resolve) => {
        s.once('close', () => resolve());
        s.end();
        setTimeout(() => s.destroy(), 1000).unref();
      });
    }
  }
}

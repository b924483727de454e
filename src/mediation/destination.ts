/**
 * One LEMF destination of the MDF (an X1 DID, TS 103 221-1 §6.3): its durable, encrypted outbox in
 * `<dataDir>/outbox/<did>/` (outbox/, docs/mediation.md "Outbox") and the HI2/HI3 sender that drains
 * it (TS 102 232-1 §6), acknowledged by the LEMF where it agrees to (§6.3.6).
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { encodePsPdu, LI_PS_DOMAIN_ID } from '../standards/hi2hi3/index.ts';
import { Hi2Hi3Sender, type AcknowledgementOptions } from '../wires/hi2hi3/sender.ts';
import type { Connector, Endpoint } from '../wires/transport.ts';
import { BatchWindow } from './delivery-batches.ts';
import { DurableOutbox } from './outbox/index.ts';

export const OUTBOX_DIR = 'outbox';

/** The outbox directory of a destination. */
export const outboxPath = (dataDir: string, did: string): string => join(dataDir, OUTBOX_DIR, did);

/** DIDs that have an outbox in `dataDir` (whatever state the MDF has for them). */
export function outboxDids(dataDir: string): string[] {
  const dir = join(dataDir, OUTBOX_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((f) => f.isDirectory())
    .map((f) => f.name)
    .sort();
}

export interface DestinationOptions {
  dataDir: string;
  connector: Connector;
  /** AES-256-GCM key of the outboxes at rest. */
  outboxKey: Uint8Array;
  quotaBytes: number;
  acknowledgement: AcknowledgementOptions;
  keepaliveIdleMs?: number;
  onAlarm: (code: string, detail: string) => void;
}

export class Destination {
  readonly outbox: DurableOutbox;
  readonly sender: Hi2Hi3Sender;
  readonly window: BatchWindow;
  /** The end position of the last window cut (delivery.ts cycle); its records are committed and audited, or on their way. */
  cutAt: number;
  lastLiid = 'KEEPALIVE';
  constructor(
    readonly did: string,
    readonly endpoint: Endpoint,
    o: DestinationOptions,
  ) {
    mkdirSync(join(o.dataDir, OUTBOX_DIR), { recursive: true, mode: 0o700 });
    this.outbox = DurableOutbox.open({
      dir: outboxPath(o.dataDir, did),
      key: o.outboxKey,
      quotaBytes: o.quotaBytes,
      onFailure: (cause) => o.onAlarm('MDF_OUTBOX_FAILED', `${did}: outbox write failed (${String(cause)}); records for this destination are refused`),
    });
    this.window = new BatchWindow(did);
    this.cutAt = this.outbox.released;
    // Durable records a previous run never audited (it died between fsync and the audit append):
    // they join the first window, are audited, then released.
    this.window.addRecovered(this.outbox.read(this.outbox.released, this.outbox.durable));
    this.sender = new Hi2Hi3Sender({
      endpoint,
      connector: o.connector,
      queue: this.outbox,
      acknowledgement: o.acknowledgement,
      keepaliveIdleMs: o.keepaliveIdleMs ?? 30_000,
      // §6.3.4/§6.3.6: the header of a session-layer TRI names a LIID of this destination; its number is the message's own.
      makeTri: (payload, sequenceNumber) =>
        encodePsPdu({
          pSHeader: { liPsDomainId: LI_PS_DOMAIN_ID, lawfulInterceptionIdentifier: this.lastLiid, communicationIdentifier: { networkIdentifier: { operatorIdentifier: 'mdf' } }, sequenceNumber, timeStamp: new Date() },
          payload: { kind: 'tRIPayload', value: payload },
        }),
      onAlarm: (c, d) => o.onAlarm(c, `${did}: ${d}`),
    });
    this.sender.start();
  }

  /** The release position a cut window covers: everything appended so far. */
  get end(): number {
    return this.outbox.end;
  }

  async close(): Promise<void> {
    await this.sender.stop();
    await this.outbox.close();
  }
}

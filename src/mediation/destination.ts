/**
 * One LEMF destination of the MDF (an X1 DID, TS 103 221-1 §6.3): its durable outbox in
 * `<dataDir>/outbox/<did>.log|.ack` and the HI2/HI3 sender that drains it (TS 102 232-1 §6).
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { encodePsPdu, LI_PS_DOMAIN_ID } from '../standards/hi2hi3/index.ts';
import { Hi2Hi3Sender } from '../wires/hi2hi3/sender.ts';
import type { Connector, Endpoint } from '../wires/transport.ts';
import { FileOutbox } from './outbox.ts';

export const OUTBOX_DIR = 'outbox';

/** The outbox file path (without .log/.ack) of a destination. */
export const outboxPath = (dataDir: string, did: string): string => join(dataDir, OUTBOX_DIR, did);

/** DIDs that have an outbox log in `dataDir` (whatever state the MDF has for them). */
export function outboxDids(dataDir: string): string[] {
  const dir = join(dataDir, OUTBOX_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => f.slice(0, -'.log'.length))
    .sort();
}

export interface DestinationOptions {
  dataDir: string;
  connector: Connector;
  keepaliveIdleMs?: number;
  onAlarm: (code: string, detail: string) => void;
}

export class Destination {
  readonly outbox: FileOutbox;
  readonly sender: Hi2Hi3Sender;
  lastLiid = 'KEEPALIVE';
  constructor(
    readonly did: string,
    readonly endpoint: Endpoint,
    o: DestinationOptions,
  ) {
    mkdirSync(join(o.dataDir, OUTBOX_DIR), { recursive: true });
    this.outbox = new FileOutbox(outboxPath(o.dataDir, did));
    this.outbox.onFailure = (cause) => o.onAlarm('MDF_OUTBOX_FAILED', `${did}: outbox write failed (${String(cause)}); records for this destination are refused`);
    this.sender = new Hi2Hi3Sender({
      endpoint,
      connector: o.connector,
      queue: this.outbox,
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
}

/**
 * The reference monitoring centre (LEMF): an HI2 port for IRI and an HI3 port for CC (TS 102 232-1
 * §6, docs/profile.md "HI2/HI3"), both mutual TLS, feeding one evidence store. It stands outside the
 * system like a real agency: it knows the MDF only through the wire and the deployment CA.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Credentials } from '../platform/pki.ts';
import { tlsListener, type Endpoint, type ListenerFactory, type StreamListener } from '../wires/transport.ts';
import { MonitoringError } from './errors.ts';
import { PduIngest, type IngestCounters } from './ingest.ts';
import { listenChannel } from './receiver.ts';
import type { SequenceContextMode } from './sequence.ts';
import { MonitoringStore } from './store.ts';
import type { AccessEvent, Alarm, Channel, DestructionEvent } from './types.ts';

export interface MonitoringCentreOptions {
  /** The LEMF's identifier (`lemf-<agency>`), also the default accessor in access events. */
  id: string;
  creds: Credentials;
  /** Address to bind both ports to (tests: 127.0.0.1). */
  host: string;
  /** 0 or absent: an ephemeral port. */
  hi2Port?: number;
  hi3Port?: number;
  dataDir: string;
  /** Public key (KeyObject or PEM) that verifies Annex J Signature checks. */
  integrityPublicKey?: KeyObject | string;
  /** Certificate identities allowed to deliver (e.g. ['mdf']); absent: any peer certified by the CA. */
  acceptPeers?: readonly string[];
  /** Transport (default: mutual TLS with `creds`). */
  listener?: ListenerFactory;
  maxPduSize?: number;
  maxHeldIntegrityPdus?: number;
  /** Sequence-number contexts: `liid-cin` (default, docs/profile.md) or `ts102232` (§5.2.5 Table 1A). */
  sequenceContext?: SequenceContextMode;
  onAccess?: (event: AccessEvent) => void;
  onDestruction?: (event: DestructionEvent) => void;
  onAlarm?: (alarm: Alarm) => void;
  now?: () => Date;
}

export interface MonitoringStats extends IngestCounters {
  connections: Record<Channel, number>;
  records: number;
  duplicates: number;
  missing: number;
  integrity: { ok: number; failed: number };
}

export interface MonitoringCentre {
  readonly id: string;
  readonly hi2Endpoint: Endpoint;
  readonly hi3Endpoint: Endpoint;
  readonly store: MonitoringStore;
  stats(): MonitoringStats;
  stop(): Promise<void>;
}

function publicKeyOf(k: KeyObject | string | undefined): KeyObject | undefined {
  if (k === undefined) return undefined;
  if (typeof k !== 'string') return k;
  try {
    return createPublicKey(k);
  } catch (cause) {
    throw new MonitoringError('MONITORING_BAD_OPTION', 'integrityPublicKey is not a public key', { cause });
  }
}

export async function startMonitoringCentre(o: MonitoringCentreOptions): Promise<MonitoringCentre> {
  const now = o.now ?? (() => new Date());
  const alarm = (a: Omit<Alarm, 'at'>): void => o.onAlarm?.({ ...a, at: now().toISOString() });
  const store = new MonitoringStore({
    dataDir: o.dataDir,
    defaultAccessor: o.id,
    now,
    ...(o.onAccess ? { onAccess: o.onAccess } : {}),
    ...(o.onDestruction ? { onDestruction: o.onDestruction } : {}),
    ...(o.onAlarm ? { onAlarm: o.onAlarm } : {}),
  });
  const publicKey = publicKeyOf(o.integrityPublicKey);
  const ingest = new PduIngest({
    store,
    alarm,
    now,
    ...(publicKey ? { integrityPublicKey: publicKey } : {}),
    ...(o.maxHeldIntegrityPdus !== undefined ? { maxHeldIntegrityPdus: o.maxHeldIntegrityPdus } : {}),
    ...(o.sequenceContext ? { sequenceContext: o.sequenceContext } : {}),
  });
  const connections: Record<Channel, number> = { HI2: 0, HI3: 0 };
  const listener = o.listener ?? tlsListener(o.creds);
  const open = (channel: Channel, port: number | undefined): Promise<StreamListener> =>
    listenChannel({
      bind: { host: o.host, port: port ?? 0 },
      listener,
      ...(o.maxPduSize !== undefined ? { maxPduSize: o.maxPduSize } : {}),
      ...(o.acceptPeers ? { acceptPeers: o.acceptPeers } : {}),
      onPdu: (bytes, pdu, peer) => ingest.pdu(channel, bytes, pdu, peer),
      onUndecodable: (bytes, error, peer) => ingest.undecodable(channel, bytes, error, peer),
      onBroken: (kind, bytes, detail, peer) => ingest.broken(channel, kind, bytes, detail, peer),
      onRefused: (peer) => ingest.refused(channel, peer),
      onKeepalive: () => ingest.keepalive(),
      onConnection: (isOpen) => (connections[channel] += isOpen ? 1 : -1),
    });
  const hi2 = await open('HI2', o.hi2Port);
  let hi3: StreamListener;
  try {
    hi3 = await open('HI3', o.hi3Port);
  } catch (e) {
    await hi2.close();
    store.close();
    throw e;
  }
  return {
    id: o.id,
    hi2Endpoint: hi2.endpoint,
    hi3Endpoint: hi3.endpoint,
    store,
    stats: () => {
      const c = store.counts;
      return {
        ...structuredClone(ingest.counters),
        connections: { ...connections },
        records: c.records,
        duplicates: c.duplicates,
        missing: c.missing,
        integrity: { ok: c.integrityOk, failed: c.integrityFailed },
      };
    },
    stop: async () => {
      await Promise.all([hi2.close(), hi3.close()]);
      store.close();
    },
  };
}

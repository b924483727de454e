/**
 * The reference monitoring centre (LEMF): an HI2 port for IRI and an HI3 port for CC (TS 102 232-1
 * §6, docs/profile.md "HI2/HI3"), both mutual TLS, feeding one evidence store. It stands outside the
 * system like a real agency: it knows the MDF only through the wire and the deployment CA.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Credentials } from '../platform/pki.ts';
import { tlsListener, type Endpoint, type ListenerFactory, type StreamListener } from '../wires/transport.ts';
import { MonitoringError } from './errors.ts';
import { DEFAULT_MAX_HELD_INTEGRITY_PDUS, PduIngest, type IngestCounters } from './ingest.ts';
import { IntegrityWatermark } from './integrity-watermark.ts';
import { recoverIntegrityChains, type IntegrityRecoveryReport } from './integrity-recovery.ts';
import { listenChannel } from './receiver.ts';
import type { SequenceContextMode } from './sequence.ts';
import { MonitoringStore } from './store.ts';
import type { AccessEvent, Alarm, Channel, DestructionEvent, MonitoringRecord } from './types.ts';

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
  /** The LEMF's master key (32 octets, `agencies[].lemf.evidenceKey`): evidence and index are sealed at rest under it (store.ts). */
  evidenceKey: Uint8Array;
  /** Public key (KeyObject or PEM) that verifies Annex J Signature checks. */
  integrityPublicKey?: KeyObject | string;
  /** Certificate identities allowed to deliver (e.g. ['mdf']); absent: any peer certified by the CA. */
  acceptPeers?: readonly string[];
  /** Transport (default: mutual TLS with `creds`). */
  listener?: ListenerFactory;
  maxPduSize?: number;
  /**
   * Accept TS 102 232-1 §6.3.6 PDU acknowledgement (default true): a pDUAcknowledgementRequest is
   * answered only after everything received before it is fsync'd, so the MDF discards only what this
   * LEMF holds durably.
   */
  acknowledge?: boolean;
  maxHeldIntegrityPdus?: number;
  /** Sequence-number contexts: `liid-cin` (default, docs/profile.md) or `ts102232` (§5.2.5 Table 1A). */
  sequenceContext?: SequenceContextMode;
  onAccess?: (event: AccessEvent) => void;
  onDestruction?: (event: DestructionEvent) => void;
  onAlarm?: (alarm: Alarm) => void;
  /** The records of each PDU as they are stored (MonitoringStoreOptions.onRecords). */
  onRecords?: (records: readonly MonitoringRecord[]) => void;
  now?: () => Date;
}

export interface MonitoringStats extends IngestCounters {
  connections: Record<Channel, number>;
  records: number;
  duplicates: number;
  missing: number;
  /** Annex J checks: verified, failed (alteration), missing (named a PDU never received: loss). */
  integrity: { ok: number; failed: number; missing: number };
}

export interface MonitoringCentre {
  readonly id: string;
  readonly hi2Endpoint: Endpoint;
  readonly hi3Endpoint: Endpoint;
  readonly store: MonitoringStore;
  /** What start rebuilt of the Annex J chains from the evidence (integrity-recovery.ts). */
  readonly integrityRecovery: IntegrityRecoveryReport;
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
  // Positions are an optimisation only: a failed write means a longer replay next time, never a wrong verdict.
  const saveWatermark = (force: boolean) => {
    try {
      watermark.save(force);
    } catch (e) {
      alarm({ code: 'MONITORING_EVIDENCE_WRITE_FAILED', detail: `integrity replay positions: ${(e as Error).message}` });
    }
  };
  const maxHeld = o.maxHeldIntegrityPdus ?? DEFAULT_MAX_HELD_INTEGRITY_PDUS;
  const watermark = new IntegrityWatermark(o.dataDir, maxHeld);
  const store = new MonitoringStore({
    dataDir: o.dataDir,
    evidenceKey: o.evidenceKey,
    defaultAccessor: o.id,
    now,
    ...(o.onAccess ? { onAccess: o.onAccess } : {}),
    // A destroyed LIID's files start again from 0: its replay positions go at once.
    onDestruction: (e) => {
      watermark.forget(e.liid);
      saveWatermark(true);
      o.onDestruction?.(e);
    },
    ...(o.onAlarm ? { onAlarm: o.onAlarm } : {}),
    ...(o.onRecords ? { onRecords: o.onRecords } : {}),
  });
  const publicKey = publicKeyOf(o.integrityPublicKey);
  const ingest = new PduIngest({
    store,
    alarm,
    now,
    ...(publicKey ? { integrityPublicKey: publicKey } : {}),
    maxHeldIntegrityPdus: maxHeld,
    ...(o.sequenceContext ? { sequenceContext: o.sequenceContext } : {}),
    watermark,
  });
  // Before any port opens: the chains stand as they stood when the previous process stopped.
  let integrityRecovery: IntegrityRecoveryReport;
  try {
    integrityRecovery = recoverIntegrityChains({
      store,
      watermark,
      replay: (bytes, pdu, at) => ingest.replay(bytes, pdu, at),
      held: () => ingest.heldIntegrityPdus,
      alarm,
      ...(o.maxPduSize !== undefined ? { maxPduSize: o.maxPduSize } : {}),
    });
  } catch (e) {
    store.close();
    throw e;
  }
  const connections: Record<Channel, number> = { HI2: 0, HI3: 0 };
  const listener = o.listener ?? tlsListener(o.creds);
  const open = (channel: Channel, port: number | undefined): Promise<StreamListener> =>
    listenChannel({
      bind: { host: o.host, port: port ?? 0 },
      listener,
      ...(o.maxPduSize !== undefined ? { maxPduSize: o.maxPduSize } : {}),
      ...(o.acceptPeers ? { acceptPeers: o.acceptPeers } : {}),
      onPdu: (bytes, pdu, peer, connection) => ingest.pdu(channel, bytes, pdu, peer, connection),
      onUndecodable: (bytes, error, peer) => ingest.undecodable(channel, bytes, error, peer),
      onBroken: (kind, bytes, detail, peer) => ingest.broken(channel, kind, bytes, detail, peer),
      onRefused: (peer) => ingest.refused(channel, peer),
      onKeepalive: () => ingest.keepalive(),
      onConnection: (isOpen) => (connections[channel] += isOpen ? 1 : -1),
      acknowledge: o.acknowledge ?? true,
      makeDurable: () => store.sync(),
      onDurabilityFailed: (e) => alarm({ code: 'MONITORING_EVIDENCE_WRITE_FAILED', detail: `evidence not made durable, acknowledgement withheld (the MDF resends): ${e.message}`, channel }),
    });
  // About once a second: a kill loses at most that much progress, i.e. replays a little more.
  const checkpoint = setInterval(() => saveWatermark(false), 1000);
  checkpoint.unref();
  let hi2: StreamListener;
  let hi3: StreamListener;
  try {
    hi2 = await open('HI2', o.hi2Port);
    try {
      hi3 = await open('HI3', o.hi3Port);
    } catch (e) {
      await hi2.close();
      throw e;
    }
  } catch (e) {
    clearInterval(checkpoint);
    store.close();
    throw e;
  }
  return {
    id: o.id,
    hi2Endpoint: hi2.endpoint,
    hi3Endpoint: hi3.endpoint,
    store,
    integrityRecovery,
    stats: () => {
      const c = store.counts;
      return {
        ...structuredClone(ingest.counters),
        connections: { ...connections },
        records: c.records,
        duplicates: c.duplicates,
        missing: c.missing,
        integrity: { ok: c.integrityOk, failed: c.integrityFailed, missing: c.integrityMissing },
      };
    },
    stop: async () => {
      clearInterval(checkpoint);
      await Promise.all([hi2.close(), hi3.close()]);
      saveWatermark(true);
      store.close();
    },
  };
}

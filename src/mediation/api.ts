/**
 * The MDF's public shapes: its options, alarms, statistics and the running instance that
 * startMediation (mdf.ts, which re-exports them) returns.
 */
import type { KeyObject } from 'node:crypto';
import type { Credentials } from '../platform/pki.ts';
import type { AcknowledgementOptions } from '../wires/hi2hi3/sender.ts';
import type { Endpoint } from '../wires/transport.ts';
import type { DeliveryManager } from './delivery.ts';
import type { MdfFailSafeStats } from './fail-safe.ts';
import type { RecoveryReport } from './recover.ts';
import type { MediationTask } from './task-table.ts';
import type { X2X3SequenceStats } from './x2x3-sequence.ts';

/** The audit log as mediation sees it (src/audit AuditLog satisfies it). */
export interface AuditSink {
  append(event: { type: string; at: string; actor: string; subject?: string; details: Record<string, unknown> }): Promise<unknown>;
}

export interface MediationAlarm {
  code: string;
  detail: string;
  at: Date;
  xid?: string;
  poi?: string;
}

export interface MediationOptions {
  identifier: string;
  creds: Credentials;
  bindHost: string;
  x1Port?: number;
  x2x3Port?: number;
  admfIdentifier: string;
  /** POI certificate identities allowed to connect for X2/X3 (empty = any from the CA). */
  allowedPois?: string[];
  dataDir: string;
  audit: AuditSink;
  authorizationCountryCode: string;
  deliveryCountryCode: string;
  operatorOf?: (poi: string) => string;
  integrityKey?: KeyObject;
  /** 32-byte AES-256-GCM key: outboxes (target content) are encrypted at rest with it. */
  outboxKey: Uint8Array;
  /** Handover to the LEMFs (TS 102 232-1 §6.3.6) and the outboxes (defaults: docs/configuration.md). */
  delivery?: {
    acknowledgement?: AcknowledgementOptions;
    /** Group commit interval (ms). */
    commitMs?: number;
    /** Disk quota per destination (bytes). */
    quotaBytes?: number;
  };
  keepaliveIdleMs?: number;
  hashIntervalMs?: number;
  /** TS 103 221-1 §6.6.2 TIME_P2: with tasks and no X1 request from the ADMF for this long, all tasks end (fail-safe.ts). Default one hour; 0 = off. */
  failSafeMs?: number;
  /** The ADMF's /X1/ADMF address, where the fail-safe is reported (ReportNEIssue, §6.5.4). */
  admfEndpoint?: Endpoint;
  now?: () => Date;
  onAlarm?: (a: MediationAlarm) => void;
}

export interface MediationStats {
  received: number;
  delivered: number;
  /** Converted records not released: waiting for their group commit and audit append (or refused by the log). */
  heldBack: number;
  /** True while X2/X3 reading is paused because delivery is behind (backpressure). */
  paused: boolean;
  /** X2/X3 sequence-number findings (TS 103 221-2 §5.3.9): PDUs lost between the POIs and the MDF. */
  x2x3: X2X3SequenceStats;
  refused: Record<string, number>;
  tasks: number;
  failedClosed: boolean;
  failSafe: MdfFailSafeStats;
  destinations: ReturnType<DeliveryManager['stats']>;
}

export interface Mediation {
  readonly x1Endpoint: Endpoint;
  readonly x2x3Endpoint: Endpoint;
  /** What start found in `dataDir` (tasks and destinations reloaded, outboxes reopened). */
  readonly recovered: RecoveryReport;
  stats(): MediationStats;
  tasks(): MediationTask[];
  /** Waits until every outbox is written out to its LEMF. */
  flush(timeoutMs?: number): Promise<boolean>;
  stop(): Promise<void>;
}

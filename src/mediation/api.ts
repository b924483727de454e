/**
 * The MDF's public shapes: its options, alarms, statistics and the running instance that
 * startMediation (mdf.ts, which re-exports them) returns.
 */
import type { KeyObject } from 'node:crypto';
import type { Credentials } from '../platform/pki.ts';
import type { Endpoint } from '../wires/transport.ts';
import type { DeliveryManager } from './delivery.ts';
import type { MdfFailSafeStats } from './fail-safe.ts';
import type { RecoveryReport } from './recover.ts';
import type { MediationTask } from './task-table.ts';

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
  /** Converted records not released: waiting for (or refused by) the audit log. */
  heldBack: number;
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

/**
 * The ADMF's record of what it does: every X1 exchange verbatim in a journal file, its hashes (never
 * the documents: they name target identities) in the audit log, and the ADMF's own events. A record
 * that cannot be written is an error the caller sees — PROVISIONING_AUDIT_UNAVAILABLE — never
 * swallowed: the ADMF acts only on what it has recorded (fail closed).
 *
 * The journal (`x1-exchanges.jsonl`, mode 0600) holds X1 documents that name target identities, so
 * each line is sealed at rest (issue 8 item 3): AES-256-GCM (src/platform/sealed.ts) under a key
 * derived by HKDF from `control.identityKey` with its own label (journalKeyFrom). Derived rather
 * than a new key file: the identity key is already the control role's own 32-byte secret, created
 * 0600 by `init` and kept by nobody else, so no new file to distribute or back up; the distinct
 * label keeps the two uses' keys independent (knowing one derived key tells nothing of the other).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { deriveKey, sealLine, unsealLine } from '../platform/sealed.ts';
import type { X1ClientExchange } from '../wires/x1/index.ts';
import { ProvisioningError } from './errors.ts';

export interface AuditSink {
  /** Resolves once durable; the audit service's client resolves to `{ index }` (what witnessed() needs). */
  append(event: { type: string; at: string; actor: string; subject?: string; details: Record<string, unknown> }): Promise<unknown>;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const JOURNAL_AAD = 'warranted/admf/x1-journal/v1';
/** The journal's name in the ADMF's directory (control.dir). */
export const X1_JOURNAL_FILE = 'x1-exchanges.jsonl';

/** The X1 journal's key: HKDF-SHA256(control.identityKey, label "warranted/admf/x1-journal-key/v1"). */
export function journalKeyFrom(identityKey: Uint8Array): Buffer {
  return deriveKey(identityKey, 'warranted/admf/x1-journal-key/v1');
}

/** One exchange as journaled. */
export interface JournaledExchange {
  at: string;
  ne: string;
  request: string;
  response: string | null;
  error: string | null;
}

/**
 * The exchanges of a journal, read with its key (the demo's verdict, tests, an investigator). A line
 * that does not open is refused with PROVISIONING_JOURNAL_UNREADABLE, never skipped; plain lines of
 * an earlier version are read as they are.
 */
export function readX1Journal(path: string, key: Uint8Array): JournaledExchange[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l, i) => {
      const text = l.startsWith('{') ? l : unsealLine(key, JOURNAL_AAD, l);
      if (text === undefined) throw new ProvisioningError('PROVISIONING_JOURNAL_UNREADABLE', `X1 journal line ${i + 1} does not open with this key (another key, or altered)`, { details: { line: i + 1 } });
      return JSON.parse(text) as JournaledExchange;
    });
}

/** The X1 request types of a RequestContainer. The optional prefix must be matched as a whole: a greedy `[^":]*` would eat all but one letter of the name. */
export function requestTypesOf(requestXml: string): string[] {
  return [...requestXml.matchAll(/xsi:type="(?:[^":]*:)?([A-Za-z]+Request)"/g)].map((m) => m[1]!);
}

/**
 * A keepalive round (a Keepalive and a ListAllDetails): journaled, not audited one by one — it
 * changes nothing, and the log gets each outage, recovery and finding instead (keepalive.ts, reconcile.ts).
 */
/** The XIDs a request names (TS 103 221-1 §6.2, XId elements): tasks, never identities. */
export function xidsOf(requestXml: string): string[] {
  return [...new Set([...requestXml.matchAll(/<(?:[A-Za-z0-9]+:)?xId>\s*([0-9a-fA-F-]{36})\s*</g)].map((m) => m[1]!.toLowerCase()))];
}

export function isKeepaliveRound(requestTypes: readonly string[]): boolean {
  return requestTypes.includes('KeepaliveRequest') && requestTypes.every((t) => t === 'KeepaliveRequest' || t === 'ListAllDetailsRequest');
}
export const AUDIT_DOWN = 'PROVISIONING_AUDIT_UNAVAILABLE';
export const NOT_WITNESSED = 'PROVISIONING_NOT_WITNESSED';
/** X1 requests that stop interception or only read state (TS 103 221-1 §6.2, §6.3): sent even when the log is down. */
const STOPPING_OR_READING = /^(Deactivate|Remove|Get|List|Keepalive|Ping)/;

export class AuditTrail {
  exchanges = 0;

  constructor(
    private readonly o: {
      identifier: string;
      audit: AuditSink;
      journalPath: string;
      /** AES-256-GCM key sealing each journal line (journalKeyFrom(control.identityKey)). */
      journalKey: Uint8Array;
      now: () => Date;
      onAlarm?: ((code: string, detail: string) => void) | undefined;
      /** Waits until log entry `index` is in a witness-cosigned checkpoint (the audit service's anchor); rejects otherwise. */
      witnessed?: ((index: number) => Promise<unknown>) | undefined;
      /** Sees each exchange's element and outcome (metrics). */
      onExchange?: ((element: string, ok: boolean, durationMs?: number) => void) | undefined;
    },
  ) {}

  /** Appends an event; a refusal is alarmed and thrown as PROVISIONING_AUDIT_UNAVAILABLE. */
  async append(type: string, subject: string | undefined, details: Record<string, unknown>, errorDetails?: Record<string, unknown>): Promise<unknown> {
    try {
      return await this.o.audit.append({ type, at: this.o.now().toISOString(), actor: this.o.identifier, ...(subject ? { subject } : {}), details });
    } catch (cause) {
      this.o.onAlarm?.(AUDIT_DOWN, 'audit log refused an event');
      throw new ProvisioningError(AUDIT_DOWN, 'audit log unavailable: provisioning stops', { cause, ...(errorDetails && { details: errorDetails }) });
    }
  }

  /**
   * Appends, then waits for the entry to be in a checkpoint cosigned by the witness quorum
   * (`witnessed`, the audit service's anchor). Without `witnessed` configured it is append().
   */
  async appendWitnessed(type: string, subject: string | undefined, details: Record<string, unknown>): Promise<void> {
    const appended = await this.append(type, subject, details);
    const witnessed = this.o.witnessed;
    if (witnessed === undefined) return;
    const index = (appended as { index?: unknown } | undefined)?.index;
    try {
      if (typeof index !== 'number') throw new Error('the audit sink did not say where the entry is');
      await witnessed(index);
    } catch (cause) {
      this.o.onAlarm?.(NOT_WITNESSED, `entry ${String(index)} (${type} ${subject ?? ''}) was not cosigned by the witness quorum in time`);
      throw new ProvisioningError(NOT_WITNESSED, 'the witnesses have not seen this activation: it is not provisioned', { cause, details: { index, type, subject } });
    }
  }

  /**
   * A request about to be sent: its hash, types and XIDs are appended to the log first, and if the
   * log refuses, the request is not sent (PROVISIONING_AUDIT_UNAVAILABLE). Keepalive rounds are
   * journaled after the fact only (see isKeepaliveRound).
   */
  async sending(req: { neIdentifier: string; path: string; requestXml: string }): Promise<void> {
    const requestTypes = requestTypesOf(req.requestXml);
    if (isKeepaliveRound(requestTypes)) return;
    const details = { ne: req.neIdentifier, path: req.path, requestSha256: sha256(req.requestXml), requestTypes, xids: xidsOf(req.requestXml) };
    try {
      await this.append('x1.sending', req.neIdentifier, details, { x1Ok: false });
    } catch (e) {
      // Fail closed means no interception without a record — not "keep intercepting": a request
      // that only stops or reads (DeactivateTask, RemoveDestination, Get…/List…) still goes out,
      // alarmed by append(); anything that starts or changes interception does not.
      if (!requestTypes.every((t) => STOPPING_OR_READING.test(t))) throw e;
    }
  }

  /**
   * One X1 exchange, recorded before the request's caller sees the answer (X1Client awaits it).
   * The error's details.x1Ok says whether the element acknowledged the request all the same.
   * Keepalive rounds (a Keepalive and a ListAllDetails) are journaled only: they change nothing, and
   * the audit log gets each outage, recovery and finding instead (keepalive.ts, reconcile.ts).
   */
  async exchange(ex: X1ClientExchange): Promise<void> {
    this.exchanges++;
    const x1Ok = ex.error === undefined;
    this.o.onExchange?.(ex.neIdentifier, x1Ok, ex.durationMs);
    const requestTypes = requestTypesOf(ex.requestXml);
    try {
      const line: JournaledExchange = { at: this.o.now().toISOString(), ne: ex.neIdentifier, request: ex.requestXml, response: ex.responseXml ?? null, error: ex.error?.message ?? null };
      // The documents name target identities: sealed, and owner-only, like the LEMF's evidence.
      appendFileSync(this.o.journalPath, `${sealLine(this.o.journalKey, JOURNAL_AAD, JSON.stringify(line))}\n`, { mode: 0o600 });
    } catch (cause) {
      this.o.onAlarm?.(AUDIT_DOWN, 'the X1 journal refused an exchange');
      throw new ProvisioningError(AUDIT_DOWN, 'X1 journal unavailable: provisioning stops', { cause, details: { x1Ok } });
    }
    if (isKeepaliveRound(requestTypes)) return;
    const details = {
      ne: ex.neIdentifier,
      path: ex.path,
      requestSha256: sha256(ex.requestXml),
      responseSha256: ex.responseXml === undefined ? null : sha256(ex.responseXml),
      requestTypes,
      xids: xidsOf(ex.requestXml),
      error: ex.error ? ((ex.error as { code?: string }).code ?? ex.error.name) : null,
    };
    await this.append('x1.exchange', ex.neIdentifier, details, { x1Ok });
  }
}

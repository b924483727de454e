/**
 * The LEMF's access log: every look at intercepted material through the console, every change of
 * people and rights, every login, and the LEMF's destructions at retention end, appended to the
 * LEMF's own Merkle log (src/audit AuditLog: RFC 9162 tree, hash chain, signed checkpoints) in
 * `<lemf dir>/_access-log` — the same format the system's audit log has, so an overseer verifies
 * it with the same `warranted audit verify --dir <lemf dir>/_access-log --key <logKey>.pub.pem`.
 *
 * Nobody cosigns it: a `witness-policy.txt` beside it says "quorum none" (docs/console.md). Its
 * event types (`console.*`, `lemf.*`) are none the law checker judges (src/audit/law/checker.ts
 * acts only on warrant, key, provisioning, X1, MDF and retention events), so the law finds nothing
 * to flag in it; the structure is checked in full.
 *
 * Fail closed: `record` resolves only once the entry is durable; if it cannot be written the caller
 * gets CONSOLE_ACCESS_LOG_UNAVAILABLE (and an alarm is raised) and must not show the material.
 */
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNoteSigner, openAuditDirectory, publishCheckpoint, readCheckpointNotes, type AuditEvent, type AuditLog } from '../../audit/index.ts';
import { formatWitnessPolicy, WITNESS_POLICY_FILE } from '../../audit/witness-policy.ts';
import type { AccessRecord, ConsoleUser } from '../api/contract.ts';
import { ConsoleError } from '../errors.ts';

/**
 * `_access-log`: a name no LIID directory can have (the evidence layer names them from an
 * alphanumeric first character, src/monitoring/evidence.ts; `_keys` is its own key ring), so a
 * LIID called `access-log` can never write into, list or destroy the log.
 */
export const ACCESS_LOG_DIR = '_access-log';
/** Record ids named one by one up to this many; beyond it the entry keeps their count and SHA-256. */
export const MAX_NAMED_RECORDS = 100;

export interface AccessLogOptions {
  /** The LEMF's state directory; the log lives in `<dir>/_access-log`. */
  dir: string;
  /** The LEMF's id: the log's origin is `<id>-access-log`. */
  lemfId: string;
  /** PKCS#8 PEM of the Ed25519 key that signs checkpoints (`agencies[].lemf.console.logKey`). */
  signingKeyPem: string;
  onAlarm?: (code: string, detail: string) => void;
  /** Publish a checkpoint at most this long after an append (default 1000 ms). */
  checkpointDelayMs?: number;
  now?: () => Date;
}

export interface AccessLogEvent {
  type: string;
  actor: string;
  subject?: string;
  details: Record<string, unknown>;
}

/** The record ids of an access as the log names them: the list, or their count and SHA-256. */
export function namedRecords(records: readonly number[] | undefined): Record<string, unknown> {
  if (records === undefined) return {};
  if (records.length <= MAX_NAMED_RECORDS) return { records: [...records] };
  const sorted = [...records].sort((a, b) => a - b);
  return { recordCount: sorted.length, recordsSha256: createHash('sha256').update(sorted.join(','), 'utf8').digest('hex') };
}

export class ConsoleAccessLog {
  private timer: NodeJS.Timeout | undefined;
  private published = 0;
  private publishing: Promise<void> = Promise.resolve();
  /** Appends not yet settled: close() waits for them, so the last checkpoint covers every entry. */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Test hook: while set, every append fails as a full or broken disk would. */
  failAppends = false;

  private constructor(
    private readonly log: AuditLog,
    private readonly logDir: string,
    private readonly o: AccessLogOptions,
  ) {}

  static async open(o: AccessLogOptions): Promise<ConsoleAccessLog> {
    const logDir = join(o.dir, ACCESS_LOG_DIR);
    const signer = createNoteSigner(`${o.lemfId}-access-log`, createPrivateKey(o.signingKeyPem));
    const log = await openAuditDirectory({ dir: logDir, signer, ...(o.now ? { now: o.now } : {}) });
    const policy = join(logDir, WITNESS_POLICY_FILE);
    if (!existsSync(policy)) writeFileSync(policy, formatWitnessPolicy({ log: signer, witnesses: [], groups: [], quorum: { kind: 'none' } }, `${o.lemfId} console access log: the agency's own log, no witnesses cosign it`));
    const a = new ConsoleAccessLog(log, logDir, o);
    a.published = log.size;
    return a;
  }

  /** The log's public key (SPKI PEM) for `audit verify --key`. */
  static publicKeyPem(signingKeyPem: string): string {
    return createPublicKey(createPrivateKey(signingKeyPem)).export({ format: 'pem', type: 'spki' }).toString();
  }

  get directory(): string {
    return this.logDir;
  }

  get size(): number {
    return this.log.size;
  }

  /** Appends one event; resolves once it is durable, else throws CONSOLE_ACCESS_LOG_UNAVAILABLE (and alarms). */
  async record(e: AccessLogEvent): Promise<void> {
    const event: AuditEvent = { type: e.type, at: (this.o.now?.() ?? new Date()).toISOString(), actor: e.actor, ...(e.subject === undefined ? {} : { subject: e.subject }), details: e.details };
    const append = this.failAppends ? Promise.reject(new Error('appends disabled (test)')) : this.log.append(event);
    this.inFlight.add(append);
    try {
      await append;
    } catch (cause) {
      this.o.onAlarm?.('CONSOLE_ACCESS_LOG_UNAVAILABLE', `access log append failed, content withheld: ${(cause as Error).message}`);
      throw new ConsoleError('CONSOLE_ACCESS_LOG_UNAVAILABLE', 'the access log cannot record this access, so nothing is shown', { cause });
    } finally {
      this.inFlight.delete(append);
    }
    this.schedule();
  }

  /** One look at intercepted material by `user` (the AccessRecord a handler returned). */
  access(user: ConsoleUser, a: AccessRecord): Promise<void> {
    return this.record({ type: 'console.access', actor: `console:${user.name}`, subject: a.liid, details: { user: user.name, role: user.role, liid: a.liid, what: a.what.slice(0, 512), ...namedRecords(a.records) } });
  }

  /** Entries `from` (inclusive) to `to` (exclusive) as stored. */
  entries(from: number, to: number): Promise<{ index: number; event: AuditEvent; leafHash: string }[]> {
    return from >= to ? Promise.resolve([]) : this.log.entries(from, to);
  }

  /** The newest published checkpoint note, if any. */
  async latestCheckpoint(): Promise<string | undefined> {
    const notes = await readCheckpointNotes(this.logDir);
    return notes.at(-1);
  }

  /** Publishes a signed checkpoint of everything appended so far (idempotent when nothing is new). */
  checkpoint(): Promise<void> {
    const next = this.publishing.then(async () => {
      const size = this.log.size;
      if (size === this.published) return;
      await publishCheckpoint(this.logDir, this.log.checkpoint());
      this.published = size;
    });
    this.publishing = next.catch((e: unknown) => this.o.onAlarm?.('CONSOLE_ACCESS_LOG_UNAVAILABLE', `checkpoint not published: ${(e as Error).message}`));
    return next;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.checkpoint().catch(() => undefined);
    }, this.o.checkpointDelayMs ?? 1000);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight]);
    await this.checkpoint().catch(() => undefined);
    await this.log.close();
  }
}

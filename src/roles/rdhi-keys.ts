/**
 * The approving authorities' keys as the operator's RDHI trusts them (docs/rd.md "Running an RDHI",
 * "Authority keys"). Two sources, and trust is their intersection — the log can only take trust
 * away, never grant it:
 *
 * - the deployment names each authority and its public key (`control.authorities`, the files the
 *   control role registers): the operator's own trust anchor — a key that is not there is never
 *   trusted, whatever the log says (a compromised control role cannot mint a judge for the RDHI);
 * - the transparency log holds the registry of record (`keys.*` events, written by the control role
 *   through its KeyRegistry, rebuilt from them with keyRegistryEventsFromLog as control.ts does):
 *   when the key was registered (validFrom), its validUntil, its retirement by rotation and its
 *   revocation. A deployment key not (yet) registered on the log is not trusted either (fail closed).
 *
 * The RDHI reads the log over its RemoteAuditLog client (the audit service serves GET /v1/entries to
 * every allowed client, the RDHI's identity among them: src/roles/audit.ts). It reads incrementally:
 * `current()` — called by the order authority for every request, so that a revocation appended
 * before the request arrived is applied to it — fetches only the entries appended since the previous
 * read (each entry is read once over the process's life; one GET when nothing was appended), and
 * callers that arrive while a read is under way share the next one. A log that cannot be read
 * rejects `current()` with RDHI_KEYS_UNAVAILABLE: the RDHI then refuses the request as "unavailable"
 * (TS 102 657 §6.4 categorised 503) — it never judges an order with keys it could not check.
 *
 * Only `keys.*` events whose actor is the control role (desk or ADMF identity) or one of the named
 * authorities count: the audit service lets every other role write only in its own name, so a key
 * event in another role's name is not the registry's.
 */
import { readFile } from 'node:fs/promises';
import type { AuditEvent } from '../audit/event.ts';
import type { Deployment } from '../platform/config/types.ts';
import { WarrantedError } from '../platform/errors.ts';
import { keyRegistryEventsFromLog } from '../warrants/desk/index.ts';
import { defaultKeyId, KeyRegistry, systemClock, type AuthorityRole, type Clock, type KeyRegistryEvent, type RegisteredKey } from '../warrants/index.ts';
import { rawEd25519Base64 } from './authorities.ts';

/** What the RDHI reads of the transparency log (RemoteAuditLog implements it). */
export interface LogEntrySource {
  entries(from: number): Promise<readonly { index: number; event: AuditEvent }[]>;
}

/** An authority and its key as the deployment names them (the trust anchor). */
export interface AnchorKey {
  id: string;
  role: AuthorityRole;
  name: string;
  /** Base64 of the raw Ed25519 public key. */
  publicKey: string;
}

export class RdhiKeysError extends WarrantedError {}

/** The deployment's authorities and keys (read from the files it names). */
export async function anchorKeys(d: Deployment): Promise<AnchorKey[]> {
  return Promise.all(d.control.authorities.map(async (a) => ({ id: a.id, role: a.role, name: a.name, publicKey: rawEd25519Base64(await readFile(a.publicKey, 'utf8')) })));
}

/** A key as the log's key events leave it: the registry's own record of a key. */
type KeyState = RegisteredKey;

const min = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined ? a : Date.parse(a) <= Date.parse(b) ? a : b);

/**
 * The registry the RDHI verifies with: the anchors' authorities and keys, each with the validity,
 * retirement and revocation the log's key events give it; nothing the anchors do not name.
 * A retirement (rotation) becomes the key's validUntil — signatures.ts refuses both the same way
 * (a signature made at or after that instant).
 */
export function trustedRegistry(events: readonly KeyRegistryEvent[], anchors: readonly AnchorKey[], clock: Clock = systemClock): KeyRegistry {
  const anchorOf = new Map(anchors.map((a) => [a.id, a]));
  const isAnchorKey = (authorityId: string, publicKey: string) => anchorOf.get(authorityId)?.publicKey === publicKey;
  const roles = new Map<string, AuthorityRole>();
  const keys = new Map<string, KeyState>();
  for (const e of events) {
    switch (e.type) {
      case 'keys.authority-registered':
        if (anchorOf.has(e.authority.id) && !roles.has(e.authority.id)) roles.set(e.authority.id, e.authority.role);
        break;
      case 'keys.key-added':
        if (isAnchorKey(e.key.authorityId, e.key.publicKey) && !keys.has(e.key.keyId)) keys.set(e.key.keyId, { ...e.key });
        break;
      case 'keys.key-rotated': {
        const old = keys.get(e.oldKeyId);
        if (old && old.authorityId === e.authorityId) old.retiredAt = min(old.retiredAt, e.retiredAt);
        if (isAnchorKey(e.key.authorityId, e.key.publicKey) && !keys.has(e.key.keyId)) keys.set(e.key.keyId, { ...e.key });
        break;
      }
      case 'keys.key-revoked': {
        const k = keys.get(e.keyId);
        if (k && k.authorityId === e.authorityId && k.revokedAt === undefined) Object.assign(k, { revokedAt: e.revokedAt, revocationReason: e.reason });
        break;
      }
    }
  }
  const out: KeyRegistryEvent[] = [];
  const at = new Date(0).toISOString();
  for (const a of anchors) {
    // Registered on the log with the role the deployment gives it, else not trusted at all.
    if (roles.get(a.id) !== a.role) continue;
    out.push({ type: 'keys.authority-registered', at, authority: { id: a.id, role: a.role, name: a.name } });
    const k = [...keys.values()].find((x) => x.authorityId === a.id && x.publicKey === a.publicKey);
    if (!k || k.keyId !== defaultKeyId(a.publicKey)) continue;
    const validUntil = min(k.validUntil, k.retiredAt);
    out.push({ type: 'keys.key-added', at, key: { keyId: k.keyId, authorityId: a.id, publicKey: k.publicKey, validFrom: k.validFrom, ...(validUntil === undefined ? {} : { validUntil }) } });
    if (k.revokedAt !== undefined) out.push({ type: 'keys.key-revoked', at, keyId: k.keyId, authorityId: a.id, revokedAt: k.revokedAt, reason: k.revocationReason ?? '' });
  }
  return KeyRegistry.fromEvents(out, { clock });
}

/** The anchors' keys kept current from the log (see the file comment). */
export class RdhiAuthorityKeys {
  readonly #anchors: readonly AnchorKey[];
  readonly #source: LogEntrySource;
  readonly #writers: ReadonlySet<string>;
  readonly #clock: Clock;
  readonly #events: KeyRegistryEvent[] = [];
  #next = 0;
  #registry: KeyRegistry;
  #running: Promise<KeyRegistry> | undefined;
  #queued: Promise<KeyRegistry> | undefined;
  /** GET /v1/entries rounds made (for tests and metrics: bounded by requests, not by log size). */
  reads = 0;

  constructor(o: { anchors: readonly AnchorKey[]; source: LogEntrySource; controlIds: readonly string[]; clock?: Clock }) {
    this.#anchors = o.anchors;
    this.#source = o.source;
    this.#writers = new Set([...o.controlIds, ...o.anchors.map((a) => a.id)]);
    this.#clock = o.clock ?? systemClock;
    this.#registry = trustedRegistry([], this.#anchors, this.#clock);
  }

  static async fromDeployment(d: Deployment, source: LogEntrySource): Promise<RdhiAuthorityKeys> {
    return new RdhiAuthorityKeys({ anchors: await anchorKeys(d), source, controlIds: [d.control.desk.id, d.control.admf.id] });
  }

  /** The entries read so far (the next index to read). */
  get position(): number {
    return this.#next;
  }

  /** The registry as of the latest read of the log, after reading what was appended since. */
  current(): Promise<KeyRegistry> {
    // A caller arriving during a read joins the read queued after it (which starts after it arrived).
    this.#queued ??= (this.#running ?? Promise.resolve(this.#registry))
      .catch(() => this.#registry)
      .then(() => {
        this.#queued = undefined;
        this.#running = this.#read();
        return this.#running;
      });
    return this.#queued;
  }

  async #read(): Promise<KeyRegistry> {
    let page: Awaited<ReturnType<LogEntrySource['entries']>>;
    try {
      this.reads++;
      page = await this.#source.entries(this.#next);
    } catch (e) {
      throw new RdhiKeysError('RDHI_KEYS_UNAVAILABLE', `the transparency log could not be read for key revocations: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    const fresh: AuditEvent[] = [];
    for (const entry of page) {
      if (entry.index !== this.#next) throw new RdhiKeysError('RDHI_KEYS_UNAVAILABLE', `the log returned entry ${entry.index} where ${this.#next} was due`);
      this.#next++;
      if (entry.event.type.startsWith('keys.') && this.#writers.has(entry.event.actor)) fresh.push(entry.event);
    }
    if (fresh.length > 0) {
      this.#events.push(...keyRegistryEventsFromLog(fresh));
      this.#registry = trustedRegistry(this.#events, this.#anchors, this.#clock);
    }
    return this.#registry;
  }
}

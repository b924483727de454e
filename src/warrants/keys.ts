/**
 * Key registry: approving authorities (judge, minister, ...) and their Ed25519 public keys, with
 * validity, rotation (new key; old key retired from time T) and revocation (from time T, with a
 * reason). Every change is an audit event, appended BEFORE the change is applied: if the audit sink
 * refuses, the registry is unchanged (fail closed). The registry can be rebuilt from its events.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { KeyRegistryError } from './errors.ts';
import type { AuditSink, KeyRegistryEvent } from './events.ts';
import type { AuthorityRole, Clock } from './model.ts';

export interface Authority {
  id: string;
  role: AuthorityRole;
  name: string;
}

export interface RegisteredKey {
  keyId: string;
  authorityId: string;
  /** Base64 of the raw 32-byte Ed25519 public key (RFC 8032 §5.1.5). */
  publicKey: string;
  validFrom: string;
  validUntil?: string;
  /** Set by rotation: signatures made at or after this instant are refused. */
  retiredAt?: string;
  /** Set by revocation: every verification at or after this instant refuses the key. */
  revokedAt?: string;
  revocationReason?: string;
}

export interface NewKey {
  publicKey: string;
  /** Defaults to "ed25519:" + first 32 hex digits of SHA-256(raw public key). */
  keyId?: string;
  validFrom?: string;
  validUntil?: string;
}

/** The default key id: "ed25519:" + 32 hex digits of SHA-256 over the raw key. */
export function defaultKeyId(publicKeyBase64: string): string {
  return `ed25519:${createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex').slice(0, 32)}`;
}

function iso(v: string | Date, what: string): string {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new KeyRegistryError('KEYS_BAD_KEY', `${what} is not a valid time`);
  return d.toISOString();
}

export class KeyRegistry {
  readonly #clock: Clock;
  readonly #audit: AuditSink | undefined;
  readonly #authorities = new Map<string, Authority>();
  readonly #keys = new Map<string, RegisteredKey>();
  readonly #keyObjects = new Map<string, KeyObject>();
  readonly #events: KeyRegistryEvent[] = [];

  constructor(opts: { clock: Clock; audit?: AuditSink }) {
    this.#clock = opts.clock;
    this.#audit = opts.audit;
  }

  /** Rebuilds a registry from its recorded events (no audit appends: they are already recorded). */
  static fromEvents(events: readonly KeyRegistryEvent[], opts: { clock: Clock; audit?: AuditSink }): KeyRegistry {
    const r = new KeyRegistry(opts);
    for (const e of events) r.#apply(e);
    return r;
  }

  events(): readonly KeyRegistryEvent[] {
    return this.#events;
  }
  authority(id: string): Authority | undefined {
    return this.#authorities.get(id);
  }
  authorities(): Authority[] {
    return [...this.#authorities.values()];
  }
  key(keyId: string): RegisteredKey | undefined {
    const k = this.#keys.get(keyId);
    return k ? { ...k } : undefined;
  }
  keysOf(authorityId: string): RegisteredKey[] {
    return [...this.#keys.values()].filter((k) => k.authorityId === authorityId).map((k) => ({ ...k }));
  }
  /** node:crypto public key object for verification (cached). */
  publicKeyObject(keyId: string): KeyObject | undefined {
    return this.#keyObjects.get(keyId);
  }

  async registerAuthority(a: Authority): Promise<Authority> {
    if (!a.id || !a.name || !a.role) throw new KeyRegistryError('KEYS_BAD_KEY', 'authority needs id, role and name');
    if (this.#authorities.has(a.id)) throw new KeyRegistryError('KEYS_AUTHORITY_EXISTS', `authority ${a.id} exists`);
    await this.#record({ type: 'keys.authority-registered', at: this.#now(), authority: { id: a.id, role: a.role, name: a.name } });
    return { ...a };
  }

  async addKey(authorityId: string, k: NewKey): Promise<RegisteredKey> {
    const key = this.#prepareKey(authorityId, k);
    await this.#record({ type: 'keys.key-added', at: this.#now(), key });
    return this.key(key.keyId)!;
  }

  /** Adds `next` and retires `oldKeyId` from `retireAt` (default now); the new key is valid from then. */
  async rotateKey(authorityId: string, oldKeyId: string, next: NewKey, retireAt?: string | Date): Promise<RegisteredKey> {
    const old = this.#keys.get(oldKeyId);
    if (!old || old.authorityId !== authorityId) throw new KeyRegistryError('KEYS_KEY_UNKNOWN', `key ${oldKeyId} of ${authorityId} unknown`);
    const retiredAt = iso(retireAt ?? this.#clock.now(), 'retireAt');
    const key = this.#prepareKey(authorityId, { ...next, validFrom: next.validFrom ?? retiredAt });
    await this.#record({ type: 'keys.key-rotated', at: this.#now(), authorityId, oldKeyId, retiredAt, key });
    return this.key(key.keyId)!;
  }

  /** Revokes a key from `at` (default now; may be in the past when a compromise is found late). */
  async revokeKey(keyId: string, reason: string, at?: string | Date): Promise<RegisteredKey> {
    const k = this.#keys.get(keyId);
    if (!k) throw new KeyRegistryError('KEYS_KEY_UNKNOWN', `key ${keyId} unknown`);
    if (k.revokedAt !== undefined) throw new KeyRegistryError('KEYS_ALREADY_REVOKED', `key ${keyId} already revoked`);
    if (!reason.trim()) throw new KeyRegistryError('KEYS_BAD_KEY', 'a revocation needs a reason');
    const revokedAt = iso(at ?? this.#clock.now(), 'revokedAt');
    await this.#record({ type: 'keys.key-revoked', at: this.#now(), keyId, authorityId: k.authorityId, revokedAt, reason });
    return this.key(keyId)!;
  }

  #now(): string {
    return this.#clock.now().toISOString();
  }

  #prepareKey(authorityId: string, k: NewKey): Required<Pick<RegisteredKey, 'keyId' | 'authorityId' | 'publicKey' | 'validFrom'>> & { validUntil?: string } {
    if (!this.#authorities.has(authorityId)) throw new KeyRegistryError('KEYS_AUTHORITY_UNKNOWN', `authority ${authorityId} unknown`);
    const raw = Buffer.from(k.publicKey, 'base64');
    if (raw.length !== 32 || raw.toString('base64') !== k.publicKey) {
      throw new KeyRegistryError('KEYS_BAD_KEY', 'public key must be base64 of 32 raw Ed25519 bytes');
    }
    keyObjectFromRaw(k.publicKey); // throws KEYS_BAD_KEY when not a point
    const keyId = k.keyId ?? defaultKeyId(k.publicKey);
    if (this.#keys.has(keyId)) throw new KeyRegistryError('KEYS_KEY_EXISTS', `key ${keyId} exists`);
    for (const existing of this.#keys.values()) {
      if (existing.publicKey === k.publicKey) throw new KeyRegistryError('KEYS_KEY_EXISTS', 'that public key is already registered');
    }
    const validFrom = iso(k.validFrom ?? this.#clock.now(), 'validFrom');
    const out: { keyId: string; authorityId: string; publicKey: string; validFrom: string; validUntil?: string } = {
      keyId,
      authorityId,
      publicKey: k.publicKey,
      validFrom,
    };
    if (k.validUntil !== undefined) {
      out.validUntil = iso(k.validUntil, 'validUntil');
      if (out.validUntil <= validFrom) throw new KeyRegistryError('KEYS_BAD_KEY', 'validUntil must be after validFrom');
    }
    return out;
  }

  async #record(e: KeyRegistryEvent): Promise<void> {
    // Fail closed: the event is durable in the audit log before the registry changes.
    if (this.#audit) await this.#audit.append(e);
    this.#apply(e);
  }

  #apply(e: KeyRegistryEvent): void {
    switch (e.type) {
      case 'keys.authority-registered':
        this.#authorities.set(e.authority.id, { ...e.authority });
        break;
      case 'keys.key-added':
        this.#putKey({ ...e.key });
        break;
      case 'keys.key-rotated': {
        const old = this.#keys.get(e.oldKeyId);
        if (old) old.retiredAt = e.retiredAt;
        this.#putKey({ ...e.key });
        break;
      }
      case 'keys.key-revoked': {
        const k = this.#keys.get(e.keyId);
        if (k) {
          k.revokedAt = e.revokedAt;
          k.revocationReason = e.reason;
        }
        break;
      }
    }
    this.#events.push(e);
  }

  #putKey(k: RegisteredKey): void {
    this.#keys.set(k.keyId, k);
    this.#keyObjects.set(k.keyId, keyObjectFromRaw(k.publicKey));
  }
}

/** node:crypto KeyObject from a base64 raw Ed25519 public key. */
export function keyObjectFromRaw(publicKeyBase64: string): KeyObject {
  try {
    const x = Buffer.from(publicKeyBase64, 'base64').toString('base64url');
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
  } catch (cause) {
    throw new KeyRegistryError('KEYS_BAD_KEY', 'not an Ed25519 public key', { cause });
  }
}

/**
 * The console's people and rights: users (name, role, scrypt hash), their assigned LIIDs and their
 * lock-out state, kept in one sealed file under the LEMF's directory (`_console/users.aead`,
 * AES-256-GCM under a key derived from the LEMF's evidence key, mode 0600). Every change is written
 * to a temporary file, fsync'd, renamed over the old one and the directory fsync'd before it counts:
 * a crash leaves the old file or the new one, never half of either.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { syncDirectory } from '../../platform/durable-fs.ts';
import { deriveKey, openValue, sealValue } from '../../platform/sealed.ts';
import type { ConsoleRole } from '../api/contract.ts';
import { ConsoleError } from '../errors.ts';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.ts';

/**
 * `_console/users.aead`: outside every LIID directory (they start with an alphanumeric character,
 * src/monitoring/evidence.ts) and without the evidence layer's `.sealed` suffix, which it reads as
 * a LIID's sealed file and removes at start when no data key is left for it.
 */
export const USERS_FILE = join('_console', 'users.aead');
const AAD = Buffer.from('warranted console users v1', 'utf8');
export const ROLES: readonly ConsoleRole[] = ['analyst', 'supervisor', 'auditor'];
export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;
const NAME = /^[A-Za-z0-9._-]{1,64}$/;
/** The TS 103 280 LIID form (1–25 printable characters); the console accepts no other. */
export const LIID_PATTERN = /^[A-Za-z0-9._-]{1,25}$/;
const MAX_ASSIGNED = 1000;

export interface StoredUser {
  name: string;
  role: ConsoleRole;
  passwordHash: string;
  liids: string[];
  /** Production orders (ids) whose retained data this user may ask for and read (docs/console.md "Retained data"). */
  orders?: string[];
  failures: number;
  /** ISO time until which logins are refused, after MAX_FAILURES failures. */
  lockedUntil?: string;
}

export interface PublicUser {
  name: string;
  role: ConsoleRole;
  liids: string[];
  orders: string[];
  locked: boolean;
}

export type LoginOutcome = { ok: true; user: StoredUser } | { ok: false; reason: 'bad-credentials' | 'locked'; lockedNow?: boolean };

const bad = (message: string): never => {
  throw new ConsoleError('CONSOLE_BAD_REQUEST', message);
};

export function checkUserName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name)) bad('name must be 1..64 of A-Z a-z 0-9 . _ -');
  return name as string;
}

export function checkRole(role: unknown): ConsoleRole {
  if (!ROLES.includes(role as ConsoleRole)) bad(`role must be one of ${ROLES.join(', ')}`);
  return role as ConsoleRole;
}

export function checkPassword(password: unknown): string {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) bad(`password must be ${MIN_PASSWORD_LENGTH}..${MAX_PASSWORD_LENGTH} characters`);
  return password as string;
}

export function checkLiids(liids: unknown): string[] {
  if (!Array.isArray(liids) || liids.length > MAX_ASSIGNED || !liids.every((l) => typeof l === 'string' && LIID_PATTERN.test(l))) bad(`liids must be a list of at most ${MAX_ASSIGNED} LIIDs (1..25 of A-Z a-z 0-9 . _ -)`);
  return [...new Set(liids as string[])];
}

/** A production order's id: a lower-case UUID (src/warrants/production-order-canonical.ts). */
export const ORDER_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function checkOrders(orders: unknown): string[] {
  if (!Array.isArray(orders) || orders.length > MAX_ASSIGNED || !orders.every((o) => typeof o === 'string' && ORDER_ID_PATTERN.test(o))) bad(`orders must be a list of at most ${MAX_ASSIGNED} production-order ids (lower-case UUIDs)`);
  return [...new Set(orders as string[])];
}

export class UserStore {
  private readonly users = new Map<string, StoredUser>();
  /** Failed logins of names that are no account, so lock-out does not tell which names exist (memory only). */
  private readonly unknownFailures = new Map<string, { failures: number; lockedUntil?: number }>();
  private readonly file: string;
  private readonly key: Buffer;
  private writing: Promise<void> = Promise.resolve();

  private constructor(dir: string, masterKey: Uint8Array, private readonly now: () => Date) {
    this.file = join(dir, USERS_FILE);
    this.key = deriveKey(masterKey, 'warranted console users v1');
  }

  /** Opens (or starts) the user file under the LEMF's `dir`; a file that does not open under the key is refused. */
  static open(dir: string, masterKey: Uint8Array, now: () => Date = () => new Date()): UserStore {
    const s = new UserStore(dir, masterKey, now);
    if (existsSync(s.file)) {
      const plain = openValue(s.key, AAD, readFileSync(s.file));
      if (plain === undefined) throw new Error(`${s.file}: does not open under the LEMF's key (altered, or another deployment's)`);
      for (const u of (JSON.parse(plain.toString('utf8')) as { users: StoredUser[] }).users) s.users.set(u.name, u);
    }
    return s;
  }

  get(name: string): StoredUser | undefined {
    return this.users.get(name);
  }

  list(): PublicUser[] {
    const at = this.now().getTime();
    return [...this.users.values()].map((u) => ({ name: u.name, role: u.role, liids: [...u.liids], orders: [...(u.orders ?? [])], locked: u.lockedUntil !== undefined && Date.parse(u.lockedUntil) > at }));
  }

  async add(name: string, role: ConsoleRole, password: string, liids: string[] = []): Promise<StoredUser> {
    checkUserName(name);
    checkRole(role);
    checkPassword(password);
    if (this.users.has(name)) throw new ConsoleError('CONSOLE_CONFLICT', 'a user of that name exists');
    const user: StoredUser = { name, role, passwordHash: await hashPassword(password), liids: checkLiids(liids), failures: 0 };
    await this.change(() => this.users.set(name, user), () => this.users.delete(name));
    return user;
  }

  async assign(name: string, liids: string[]): Promise<StoredUser> {
    const u = this.mustGet(name);
    const before = u.liids;
    const next = checkLiids(liids);
    await this.change(() => (u.liids = next), () => (u.liids = before));
    return u;
  }

  /** The production orders the user may ask under (replaces the list). */
  async assignOrders(name: string, orders: string[]): Promise<StoredUser> {
    const u = this.mustGet(name);
    const before = u.orders;
    const next = checkOrders(orders);
    await this.change(
      () => (u.orders = next),
      () => (before === undefined ? delete u.orders : (u.orders = before)),
    );
    return u;
  }

  async unlock(name: string): Promise<StoredUser> {
    const u = this.mustGet(name);
    const before = { failures: u.failures, lockedUntil: u.lockedUntil };
    await this.change(
      () => {
        u.failures = 0;
        delete u.lockedUntil;
      },
      () => Object.assign(u, before),
    );
    return u;
  }

  /**
   * Checks a login. Always runs one scrypt (also for unknown or locked names); a locked account is
   * refused even with the right password. The MAX_FAILURES-th failure locks the name for LOCK_MS.
   */
  async login(name: string, password: string): Promise<LoginOutcome> {
    const u = this.users.get(name);
    const matches = await verifyPassword(password, u?.passwordHash);
    const at = this.now().getTime();
    const state = u ?? this.unknownState(name);
    const lockedUntil = typeof state.lockedUntil === 'string' ? Date.parse(state.lockedUntil) : state.lockedUntil;
    if (lockedUntil !== undefined && lockedUntil > at) return { ok: false, reason: 'locked' };
    if (matches && u) {
      if (u.failures !== 0 || u.lockedUntil !== undefined) await this.unlock(u.name);
      return { ok: true, user: u };
    }
    const failures = (lockedUntil !== undefined ? 0 : state.failures) + 1;
    const lockNow = failures >= MAX_FAILURES;
    if (u) {
      const before = { failures: u.failures, lockedUntil: u.lockedUntil };
      await this.change(
        () => {
          u.failures = lockNow ? 0 : failures;
          if (lockNow) u.lockedUntil = new Date(at + LOCK_MS).toISOString();
          else delete u.lockedUntil;
        },
        () => Object.assign(u, before),
      );
    } else {
      this.unknownFailures.set(name, lockNow ? { failures: 0, lockedUntil: at + LOCK_MS } : { failures });
      if (this.unknownFailures.size > 10_000) this.unknownFailures.delete(this.unknownFailures.keys().next().value!);
    }
    return { ok: false, reason: 'bad-credentials', ...(lockNow ? { lockedNow: true } : {}) };
  }

  private unknownState(name: string): { failures: number; lockedUntil?: number } {
    return this.unknownFailures.get(name) ?? { failures: 0 };
  }

  private mustGet(name: string): StoredUser {
    checkUserName(name);
    const u = this.users.get(name);
    if (!u) throw new ConsoleError('CONSOLE_NOT_FOUND', 'no such user');
    return u;
  }

  /** Applies a change in memory, writes the file; undoes the change if the write fails (nothing half-applied). */
  private async change(apply: () => unknown, undo: () => unknown): Promise<void> {
    const previous = this.writing;
    let release!: () => void;
    this.writing = new Promise((r) => (release = r));
    await previous;
    try {
      apply();
      try {
        await this.save();
      } catch (e) {
        undo();
        throw e;
      }
    } finally {
      release();
    }
  }

  private async save(): Promise<void> {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const sealed = sealValue(this.key, AAD, Buffer.from(JSON.stringify({ users: [...this.users.values()] }), 'utf8'));
    const temp = `${this.file}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(sealed);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.file);
    await syncDirectory(dirname(this.file));
  }
}

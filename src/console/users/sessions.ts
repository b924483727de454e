/**
 * Console sessions: a random 256-bit id goes to the browser in an HttpOnly; Secure; SameSite=Strict
 * cookie; the server keeps only its SHA-256 (a copy of the table gives no usable session), with the
 * user, a per-session CSRF token and the idle and absolute deadlines. Sessions live in memory: a
 * restart of the LEMF logs everyone out, which fails closed.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ConsoleUser } from '../api/contract.ts';

export const SESSION_COOKIE = 'warranted_session';
export const IDLE_MS = 30 * 60_000;
export const ABSOLUTE_MS = 12 * 3600_000;

export interface Session {
  user: ConsoleUser;
  csrf: string;
  createdAt: number;
  lastAt: number;
}

const digest = (id: string): string => createHash('sha256').update(id, 'utf8').digest('hex');

export class SessionStore {
  private readonly byDigest = new Map<string, Session>();

  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly idleMs = IDLE_MS,
    private readonly absoluteMs = ABSOLUTE_MS,
  ) {}

  /** A new session; returns the id (for the cookie only — it is not kept). */
  create(user: ConsoleUser): { id: string; session: Session } {
    this.sweep();
    const id = randomBytes(32).toString('base64url');
    const at = this.now().getTime();
    const session: Session = { user: { ...user }, csrf: randomBytes(32).toString('base64url'), createdAt: at, lastAt: at };
    this.byDigest.set(digest(id), session);
    return { id, session };
  }

  /** The live session of this id (touching its idle deadline), or undefined. */
  get(id: string | undefined): Session | undefined {
    if (id === undefined || id.length !== 43) return undefined;
    const key = digest(id);
    const s = this.byDigest.get(key);
    if (!s) return undefined;
    const at = this.now().getTime();
    if (at - s.lastAt > this.idleMs || at - s.createdAt > this.absoluteMs) {
      this.byDigest.delete(key);
      return undefined;
    }
    s.lastAt = at;
    return s;
  }

  delete(id: string | undefined): void {
    if (id !== undefined) this.byDigest.delete(digest(id));
  }

  /** Ends every session of a user (role changed, account locked). */
  endSessionsOf(name: string): void {
    for (const [k, s] of this.byDigest) if (s.user.name === name) this.byDigest.delete(k);
  }

  /** Updates the role of a user's live sessions. */
  forEachOf(name: string, f: (s: Session) => void): void {
    for (const s of this.byDigest.values()) if (s.user.name === name) f(s);
  }

  private sweep(): void {
    const at = this.now().getTime();
    for (const [k, s] of this.byDigest) if (at - s.lastAt > this.idleMs || at - s.createdAt > this.absoluteMs) this.byDigest.delete(k);
  }
}

/** Constant-time comparison of two tokens (the CSRF header against the session's). */
export function tokensEqual(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

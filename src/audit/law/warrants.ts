/**
 * A warrant as the log tells its story: submitted terms (window, IRI/content, services — never an
 * identity; src/warrants/events.ts WarrantTerms), signatures, state changes, and the intervals in
 * which it was Active. The checker reads these; nothing here judges.
 */
import type { AuditEvent } from '../event.ts';

export interface LoggedTerms {
  start: number;
  end: number;
  content: boolean;
  services: string[];
  retentionDays: number;
}

export interface LoggedSignature {
  index: number;
  authorityId: string;
  keyId: string;
  role: string;
  signedAt: number;
  warrantHash: string;
}

export interface LoggedWarrant {
  id: string;
  index: number;
  hash: string;
  profileId: string;
  emergency: boolean;
  renewal: boolean;
  submittedAt: number;
  terms: LoggedTerms | undefined;
  state: string;
  signatures: LoggedSignature[];
  /** When it was Active: [from, to), to = +∞ while still Active. */
  active: { from: number; to: number }[];
  /** Times of every suspension, revocation, expiry or lapse (ms): tasks running then must stop. */
  stops: number[];
  delivered: boolean;
  /** First entry that delivered under it. */
  firstDeliveryIndex: number;
  destroyedAt: number | undefined;
}

export const STOP_STATES = new Set(['Suspended', 'Cancelled', 'Expired', 'Lapsed', 'Rejected']);

export function parseTerms(value: unknown): LoggedTerms | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const t = value as Record<string, unknown>;
  const start = typeof t.start === 'string' ? Date.parse(t.start) : Number.NaN;
  const end = typeof t.end === 'string' ? Date.parse(t.end) : Number.NaN;
  if (!Number.isFinite(start) || !Number.isFinite(end)) return undefined;
  return {
    start,
    end,
    content: t.content === true,
    services: Array.isArray(t.services) ? t.services.filter((s): s is string => typeof s === 'string') : [],
    retentionDays: typeof t.retentionDays === 'number' ? t.retentionDays : Number.POSITIVE_INFINITY,
  };
}

export function newWarrant(index: number, e: AuditEvent): LoggedWarrant {
  const d = e.details;
  return {
    id: String(d.warrantId),
    index,
    hash: String(d.warrantHash),
    profileId: String(d.profileId),
    emergency: d.emergency === true,
    renewal: typeof d.renews === 'string',
    submittedAt: Date.parse(e.at),
    terms: parseTerms(d.terms),
    state: typeof d.state === 'string' ? d.state : 'AwaitingApproval',
    signatures: [],
    active: [],
    stops: [],
    delivered: false,
    firstDeliveryIndex: -1,
    destroyedAt: undefined,
  };
}

/** Applies a warrant.transition; returns the previous state. */
export function applyTransition(w: LoggedWarrant, to: string, at: number): string {
  const from = w.state;
  w.state = to;
  const open = w.active.at(-1);
  if (to === 'Active' && (open === undefined || open.to !== Number.POSITIVE_INFINITY)) w.active.push({ from: at, to: Number.POSITIVE_INFINITY });
  if (to !== 'Active' && open !== undefined && open.to === Number.POSITIVE_INFINITY) open.to = at;
  if (STOP_STATES.has(to)) w.stops.push(at);
  return from;
}

/** Was the warrant Active at `t` (± tol), inside its window? */
export function activeAt(w: LoggedWarrant, t: number, tol: number): boolean {
  const inWindow = w.terms === undefined || (t >= w.terms.start - tol && t <= w.terms.end + tol);
  return inWindow && w.active.some((i) => t >= i.from - tol && t <= i.to + tol);
}

/** When a task activated at `activatedAt` must have stopped: the warrant's end, or the first stop after it. */
export function stopDeadline(w: LoggedWarrant, activatedAt: number, tol: number): number {
  const stop = w.stops.find((s) => s >= activatedAt - tol) ?? Number.POSITIVE_INFINITY;
  return Math.min(w.terms?.end ?? Number.POSITIVE_INFINITY, stop);
}

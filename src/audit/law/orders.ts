/**
 * The law for retained data (issue 11 item 4): production orders as the log tells them
 * (`order.*`, src/warrants/production-order-events.ts) and the RDHI's disclosures (`rd.*`,
 * src/audit/rd-events.ts). Every `rd.disclosed` must be covered by an order the log submitted with
 * the same hash, approved (Active after logged signatures by valid keys), not expired, revoked or
 * lapsed at the disclosure, whose scope holds it: operator, category, period, and the identifier's
 * salted commitment among the order's. The checker sees only what the log says.
 */
import type { AuditEvent } from '../event.ts';
import { iso, type LoggedKeys } from './keys.ts';
import type { LawRule, OrderProfileRules } from './rules.ts';

interface LoggedOrder {
  id: string;
  hash: string;
  profileId: string;
  authorisation: string;
  categories: string[];
  start: number;
  end: number;
  validUntil: number;
  operators: string[];
  commitments: Set<string>;
  /** Identifiers the log holds only by kind (no identity key in that deployment). */
  uncommitted: number;
  state: string;
  signatures: { index: number; keyId: string; role: string; signedAt: number }[];
  active: { from: number; to: number }[];
}

const time = (v: unknown): number => (typeof v === 'string' ? Date.parse(v) : Number.NaN);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export class OrderLaw {
  private readonly orders = new Map<string, LoggedOrder>();

  constructor(
    private readonly keys: LoggedKeys,
    private readonly violate: (rule: LawRule, index: number, message: string) => void,
    private readonly clockTol: number,
    private readonly profiles?: OrderProfileRules,
  ) {}

  observe(index: number, e: AuditEvent, at: number): void {
    const d = e.details;
    if (e.type === 'order.submitted') return this.submitted(index, e);
    if (e.type === 'order.refused' || e.type === 'order.aborted' || e.type === 'rd.request' || e.type === 'rd.refused') return;
    if (!e.type.startsWith('order.') && e.type !== 'rd.disclosed') return;
    const o = this.orderOf(index, e);
    if (!o) return;
    if (e.type === 'order.signature-added' || e.type === 'order.revocation') {
      const signedAt = time(d.signedAt);
      const problem = this.keys.problemAtSigning(String(d.keyId), String(d.authorityId), String(d.role), signedAt);
      if (problem !== undefined) this.violate('signer-key-valid', index, `order ${o.id}: ${problem}`);
      if (signedAt > at + this.clockTol) this.violate('signer-key-valid', index, `order ${o.id}: signature by ${String(d.authorityId)} is dated after it was logged`);
      if (e.type === 'order.signature-added') o.signatures.push({ index, keyId: String(d.keyId), role: String(d.role), signedAt });
    } else if (e.type === 'order.transition') {
      const to = String(d.to);
      if (to === 'Active' && o.state !== 'Active') {
        this.judgeApproval(index, o);
        o.active.push({ from: at, to: Number.POSITIVE_INFINITY });
      } else if (to !== 'Active' && o.state === 'Active') {
        o.active.at(-1)!.to = at;
      }
      o.state = to;
    } else if (e.type === 'rd.disclosed') {
      this.disclosed(index, e, o, at);
    }
  }

  private submitted(index: number, e: AuditEvent): void {
    const d = e.details;
    const t = (d.terms ?? {}) as Record<string, unknown>;
    const period = (t.period ?? {}) as Record<string, unknown>;
    const ids = Array.isArray(t.identifiers) ? (t.identifiers as { commitment?: unknown }[]) : [];
    const o: LoggedOrder = {
      id: String(d.orderId),
      hash: String(d.orderHash),
      profileId: String(d.profileId),
      authorisation: String(t.authorisation),
      categories: strings(t.categories),
      start: time(period.start),
      end: time(period.end),
      validUntil: time(t.validUntil),
      operators: strings(t.operators),
      commitments: new Set(ids.map((i) => i.commitment).filter((c): c is string => typeof c === 'string')),
      uncommitted: ids.filter((i) => typeof i.commitment !== 'string').length,
      state: 'AwaitingApproval',
      signatures: [],
      active: [],
    };
    this.orders.set(o.id, o);
    if (![o.start, o.end, o.validUntil].every(Number.isFinite) || o.categories.length === 0 || ids.length === 0) {
      this.violate('order-known', index, `order ${o.id} was submitted without its terms (categories, period, validity, identifiers)`);
    }
  }

  private orderOf(index: number, e: AuditEvent): LoggedOrder | undefined {
    const id = String(e.details.orderId);
    const o = this.orders.get(id);
    const what = e.type === 'rd.disclosed' ? 'rd-disclosure-covered' : 'order-known';
    if (!o) {
      this.violate(what, index, `${e.type} names order ${id}, which the log never submitted`);
      return undefined;
    }
    if (e.details.orderHash !== o.hash) {
      this.violate(what, index, `${e.type} names order ${id} with hash ${JSON.stringify(e.details.orderHash)}, not the submitted ${o.hash}`);
      return undefined;
    }
    return o;
  }

  private judgeApproval(index: number, o: LoggedOrder): void {
    if (o.signatures.length === 0) {
      this.violate('order-approved', index, `order ${o.id} became Active without a logged signature`);
      return;
    }
    const need = this.profiles?.signers(o.profileId, o.authorisation);
    if (this.profiles && need === undefined) {
      this.violate('order-approved', index, `order ${o.id} was approved under ${o.profileId}/${o.authorisation}, which the verifier does not know`);
      return;
    }
    const missing = need?.roles.filter((r) => !o.signatures.some((s) => s.role === r)) ?? [];
    if (missing.length > 0) this.violate('order-approved', index, `order ${o.id} became Active without a signature by: ${missing.join(', ')}`);
  }

  private disclosed(index: number, e: AuditEvent, o: LoggedOrder, at: number): void {
    const d = e.details;
    const fail = (why: string): void => this.violate('rd-disclosure-covered', index, `disclosure under order ${o.id}: ${why}`);
    const tol = this.clockTol;
    if (!o.active.some((i) => at >= i.from - tol && at <= i.to + tol)) return fail(`the order was not Active at ${e.at} (${o.state})`);
    if (at > o.validUntil + tol) return fail(`made at ${e.at}, after the order's validity ended ${iso(o.validUntil)}`);
    if (!o.operators.includes(String(d.operatorId))) return fail(`operator ${String(d.operatorId)} is not named by the order`);
    if (!o.categories.includes(String(d.category))) return fail(`category ${String(d.category)} is not in the order (${o.categories.join(', ')})`);
    const p = (d.period ?? {}) as Record<string, unknown>;
    const start = time(p.start);
    const end = time(p.end);
    if (!(start >= o.start && end <= o.end)) return fail(`records of ${String(p.start)}..${String(p.end)} reach beyond the order period ${iso(o.start)}..${iso(o.end)}`);
    if (typeof d.identifier !== 'string' || !o.commitments.has(d.identifier)) {
      return fail(o.uncommitted > 0 ? 'the order lists identifiers without commitments: the log cannot show the identifier was covered' : 'the identifier is not one the order names');
    }
  }

  /** A revocation may be logged later and dated earlier: judge every signature against the whole log. */
  finish(): void {
    for (const o of this.orders.values()) {
      for (const s of o.signatures) {
        const revoked = this.keys.revokedBefore(s.keyId, s.signedAt);
        if (revoked !== undefined) this.violate('signer-key-valid', s.index, `order ${o.id}: key ${s.keyId} was revoked as of ${iso(revoked)}, before it signed at ${iso(s.signedAt)}`);
      }
    }
  }
}

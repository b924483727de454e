/**
 * Audit events of the production-order lifecycle, and their bridge onto the transparency log.
 * Like warrant events they carry the order hash and never an identifier in clear: the terms list
 * each identifier's kind and, where the deployment has an identity key, its salted commitment
 * (src/audit/commitment.ts, salt = warrantSalt(identityKey, orderId)) — the same commitment the RDHI
 * writes into `rd.disclosed` (src/audit/rd-events.ts), which is how `audit verify` matches a
 * disclosure to the order that covered it.
 */
import type { AuditAppender } from './desk/audit.ts';
import type { AuthorityRole } from './model.ts';
import type { OrderCategory, OrderState } from './production-order-model.ts';

/** What the log records of an order's scope (covered by the order hash like the rest). */
export interface OrderTerms {
  authorisation: string;
  purpose: string;
  urgent: boolean;
  categories: OrderCategory[];
  /** ISO UTC. */
  period: { start: string; end: string };
  validUntil: string;
  operators: string[];
  identifiers: { kind: string; commitment?: string }[];
  offence: string;
  legalBasis: string;
}

interface OrderEventBase {
  at: string;
  orderId: string;
  orderHash: string;
  profileId: string;
  agencyId: string;
}

export type OrderAuditEvent =
  | (OrderEventBase & { type: 'order.submitted'; terms: OrderTerms })
  | (OrderEventBase & { type: 'order.signature-added'; authorityId: string; keyId: string; role: AuthorityRole; signedAt: string })
  | (OrderEventBase & { type: 'order.revocation'; authorityId: string; keyId: string; role: AuthorityRole; signedAt: string })
  | (OrderEventBase & { type: 'order.transition'; from: OrderState; to: OrderState; reason: string })
  | (OrderEventBase & { type: 'order.aborted'; operation: string; reason: string })
  | {
      type: 'order.refused';
      at: string;
      orderId?: string;
      orderHash?: string;
      profileId?: string;
      agencyId?: string;
      operation: string;
      code: string;
      message: string;
    };

export interface OrderAuditSink {
  append(event: OrderAuditEvent): Promise<unknown>;
}

/** `{type, at, …fields}` → `{type, at, actor, subject: orderId, details: fields}` on the log. */
export function orderAuditSink(log: AuditAppender, actor = 'warrant-core'): OrderAuditSink {
  return {
    append(event) {
      const { type, at, ...rest } = event;
      const details: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(rest)) if (v !== undefined) details[k] = v;
      const who = 'authorityId' in event && typeof event.authorityId === 'string' ? event.authorityId : actor;
      return log.append(event.orderId === undefined ? { type, at, actor: who, details } : { type, at, actor: who, subject: event.orderId, details });
    },
  };
}

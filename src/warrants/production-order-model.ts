/**
 * Production orders: the authorisation to obtain retained data (subscriber, traffic, location,
 * equipment records) from an operator's RDHI (ETSI TS 102 656/657) — a kind of authorisation of
 * its own, distinct from an interception warrant (issue 11 item 2). It names exact identifiers, the
 * categories of records, and a period of the past; it is signed by the authority its profile asks
 * for, and may be executed (on the RDHI) only until `validUntil`.
 */
import type { RdCategory } from '../standards/rd/index.ts';
import type { Agency, AuthorityRole } from './model.ts';

/** The categories of TS 102 657 requests an order may authorise (src/standards/rd/request.ts). */
export type OrderCategory = RdCategory;
/** Fixed order used in canonical bytes and listings. */
export const ORDER_CATEGORIES: readonly OrderCategory[] = ['subscriber', 'equipment', 'ipSubscriber', 'calls', 'sms', 'dataSessions', 'location'];

/**
 * One exact identifier, normalised as the TS 102 657 request parser normalises it (so a request can be
 * compared by equality): MSISDN as E.164 digits, IMSI digits, IMEI 15 digits with its check digit, IP
 * address in canonical text with the exact instant it was seen (UTC, ms) and optionally the port
 * (CGNAT). There is no cell, range, prefix or wildcard kind: those are refused by design.
 */
export type OrderIdentifier =
  | { kind: 'msisdn'; value: string }
  | { kind: 'imsi'; value: string }
  | { kind: 'imei'; value: string }
  | { kind: 'ip'; address: string; at: string; port?: number };

export const ORDER_IDENTIFIER_KINDS = ['msisdn', 'imsi', 'imei', 'ip'] as const;
export type OrderIdentifierKind = (typeof ORDER_IDENTIFIER_KINDS)[number];

/** The legal content of an order: everything here is in the canonical bytes, hence signed. */
export interface ProductionOrder {
  /** UUID, lower case. */
  id: string;
  /** The requesting authority's own reference. */
  reference: string;
  agency: Agency;
  /** Applicant (name or service number). */
  officer: string;
  /** Production-order profile (profiles/production-orders/<id>.json). */
  profileId: string;
  /** Which authorisation of the profile this is (e.g. "s60a", "2703d-order"): decides who signs and what it may cover. */
  authorisation: string;
  /** The statutory purpose (profile `purposes[].id`), e.g. "serious-crime". */
  purpose: string;
  legalBasis: string;
  offence: string;
  identifiers: OrderIdentifier[];
  categories: OrderCategory[];
  /** Records whose time falls in [start, end] (ISO UTC, ms); both in the past (or now) at submission. */
  period: { start: string; end: string };
  /** Operator ids (the RDHI's cSPID) the order is addressed to. */
  operators: string[];
  /** Last instant the order may be executed (ISO UTC, ms). */
  validUntil: string;
  /** Made under the profile's urgent procedure (e.g. IPA 2016 s.61A). */
  urgent: boolean;
}

export type ProductionOrderDraft = Omit<ProductionOrder, 'id'> & { id?: string };

/**
 * States: submitted orders await their signatures; Active while executable; then Expired
 * (validUntil passed), Revoked (signed cancellation, IPA 2016 s.65(3B)/(4)) or Lapsed (an urgent
 * order not confirmed in time). Terminal states have no way out: a renewal is a new order.
 */
export type OrderState = 'AwaitingApproval' | 'Active' | 'Expired' | 'Revoked' | 'Lapsed';
export const ORDER_STATES: readonly OrderState[] = ['AwaitingApproval', 'Active', 'Expired', 'Revoked', 'Lapsed'];
export const ORDER_TRANSITIONS: Readonly<Record<OrderState, readonly OrderState[]>> = {
  AwaitingApproval: ['Active', 'Expired', 'Revoked'],
  Active: ['Expired', 'Revoked', 'Lapsed'],
  Expired: [],
  Revoked: [],
  Lapsed: [],
};

/** An approval signature over "warranted-production-order-approval-v1\n" ‖ canonical bytes. */
export interface OrderSignature {
  authorityId: string;
  keyId: string;
  role: AuthorityRole;
  signedAt: string;
  signature: string;
}

/** A signed revocation: "warranted-production-order-revocation-v1\n" ‖ hash ‖ "\n" ‖ signedAt ‖ "\n" ‖ reason. */
export interface OrderRevocation extends OrderSignature {
  reason: string;
}

export interface OrderTransition {
  seq: number;
  from: OrderState | null;
  to: OrderState;
  at: string;
  reason: string;
}

/** What the store keeps for one order. */
export interface ProductionOrderRecord {
  order: ProductionOrder;
  /** The exact canonical text that was hashed and signed. */
  canonical: string;
  hash: string;
  state: OrderState;
  signatures: OrderSignature[];
  revocations: OrderRevocation[];
  /** Urgent orders that need confirmation: the instant they lapse unless confirmed. */
  confirmBy?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  history: OrderTransition[];
}

/**
 * Verification of production orders — pure (no I/O, no clock of its own), so that the operator's
 * RDHI runs exactly what the warrant service runs, before it reads anything:
 *
 * - verifyProductionOrder(order, signatures, keys, profile, now): the order is well formed and
 *   within its profile; every signer its authorisation requires signed its canonical bytes with a
 *   registered, valid, unrevoked key of the right role; an urgent order needing confirmation was
 *   confirmed in time; it is not revoked and not past `validUntil`.
 * - checkRequestWithinOrder(order, request): a request (what parseExactRequest returns) names one
 *   of the order's identifiers (IP: same address and instant; the port too where the order names
 *   one), one of its categories, a period inside the order's period, an operator the order names.
 *   A request reaching beyond the order is REFUSED, never trimmed.
 */
import type { ExactRdRequest } from '../standards/rd/index.ts';
import { addDuration } from './durations.ts';
import type { KeyRegistry } from './keys.ts';
import { sha256Hex } from './canonical.ts';
import {
  normaliseOrderIdentifier,
  orderApprovalMessage,
  orderCanonicalText,
  orderRevocationMessage,
  validateProductionOrder,
} from './production-order-canonical.ts';
import { ProductionOrderError, type ProductionOrderErrorCode } from './production-order-errors.ts';
import type { OrderIdentifier, OrderRevocation, OrderSignature, ProductionOrder } from './production-order-model.ts';
import type { OrderAuthorisationRule, ProductionOrderProfile } from './production-order-profiles.ts';
import { verifySignedMessage } from './signatures.ts';

/** Clock skew allowed for "the period ends in the past" (the authorising clock vs the submitter's). */
export const ORDER_CLOCK_TOLERANCE_MS = 60_000;

export type OrderDecision =
  | { ok: true; orderHash: string; approval: 'full' | 'urgent'; validUntil: string; confirmBy?: string }
  | { ok: false; error: ProductionOrderError };

export type RequestDecision = { ok: true; identifier: OrderIdentifier; identifierIndex: number } | { ok: false; error: ProductionOrderError };

function refuse(code: ProductionOrderErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new ProductionOrderError(code, message, details ? { details } : {});
}

export function authorisationRule(order: ProductionOrder, profile: ProductionOrderProfile): OrderAuthorisationRule {
  if (order.profileId !== profile.id) refuse('ORDER_PROFILE_MISMATCH', `order names profile ${order.profileId}, evaluated against ${profile.id}`);
  const rule = profile.authorisations.find((a) => a.id === order.authorisation);
  if (!rule) refuse('ORDER_AUTHORISATION_UNKNOWN', `profile ${profile.id} has no authorisation "${order.authorisation}"`, { authorisation: order.authorisation });
  return rule;
}

/**
 * The profile's rules on the order's content. `submittedAt`: also the rules judged at submission
 * (period in the past, look-back and validity from now); at verification they are judged from the
 * signatures' times instead (checkSignatures).
 */
export function checkOrderContent(order: ProductionOrder, profile: ProductionOrderProfile, submittedAt?: Date): OrderAuthorisationRule {
  const rule = authorisationRule(order, profile);
  if (!profile.designatedAgencies.some((a) => a.id === order.agency.id)) refuse('ORDER_AGENCY_NOT_DESIGNATED', `agency ${order.agency.id} is not designated by ${profile.id}`);
  const strayOp = order.operators.find((op) => !profile.operators.includes(op));
  if (strayOp !== undefined) refuse('ORDER_SCOPE_OPERATOR', `operator ${strayOp} is not within ${profile.id}`, { operatorId: strayOp });
  if (order.identifiers.length > profile.maxIdentifiersPerOrder) refuse('ORDER_TOO_MANY_IDENTIFIERS', `${order.identifiers.length} identifiers; ${profile.id} allows ${profile.maxIdentifiersPerOrder}`);
  if (order.urgent !== rule.urgent) refuse('ORDER_URGENT_NOT_ALLOWED', order.urgent ? `authorisation ${rule.id} is not an urgent procedure` : `authorisation ${rule.id} is for urgent orders only`);
  const purpose = profile.purposes.find((p) => p.id === order.purpose);
  if (!purpose || !rule.purposes.includes(purpose.id)) refuse('ORDER_PURPOSE_NOT_ALLOWED', `purpose "${order.purpose}" is not one authorisation ${rule.id} of ${profile.id} may be granted for`);
  for (const c of order.categories) {
    if (!rule.categories.includes(c)) refuse('ORDER_SCOPE_CATEGORY', `category ${c} is beyond authorisation ${rule.id} (${rule.legalBasis})`, { category: c });
    if (!purpose.categories.includes(c)) refuse('ORDER_SCOPE_CATEGORY', `category ${c} is not available for the purpose ${purpose.id} (${purpose.label})`, { category: c });
  }
  const start = new Date(order.period.start);
  if (addDuration(start, rule.maxPeriod).getTime() < Date.parse(order.period.end)) refuse('ORDER_PERIOD_TOO_LONG', `the period is longer than authorisation ${rule.id} allows`);
  if (submittedAt) {
    const now = submittedAt.getTime();
    if (Date.parse(order.period.end) > now + ORDER_CLOCK_TOLERANCE_MS) refuse('ORDER_BAD_PERIOD', 'the period ends in the future: retained data is of the past (interception needs a warrant)');
    if (addDuration(start, rule.maxLookback).getTime() < now) refuse('ORDER_LOOKBACK_EXCEEDED', `the period starts further back than authorisation ${rule.id} allows`);
    if (Date.parse(order.validUntil) <= now) refuse('ORDER_BAD_PERIOD', 'validUntil is not in the future');
    if (Date.parse(order.validUntil) > addDuration(submittedAt, rule.maxValidity).getTime()) refuse('ORDER_VALIDITY_TOO_LONG', `validUntil is beyond the validity of authorisation ${rule.id}`);
  }
  return rule;
}

const SIGNATURE_CODES: Record<string, ProductionOrderErrorCode> = {
  WARRANT_SIGNATURE_INVALID: 'ORDER_SIGNATURE_INVALID',
  WARRANT_SIGNATURE_UNKNOWN_KEY: 'ORDER_SIGNATURE_UNKNOWN_KEY',
  WARRANT_SIGNATURE_KEY_REVOKED: 'ORDER_SIGNATURE_KEY_REVOKED',
  WARRANT_SIGNATURE_KEY_NOT_VALID: 'ORDER_SIGNATURE_KEY_NOT_VALID',
  WARRANT_SIGNATURE_WRONG_ROLE: 'ORDER_SIGNATURE_WRONG_ROLE',
};

/** verifySignedMessage (signatures.ts) with its WARRANT_SIGNATURE_* codes turned into ORDER_SIGNATURE_*. */
export function verifyOrderSignature(s: OrderSignature, message: Uint8Array, keys: KeyRegistry, now: Date): void {
  try {
    verifySignedMessage(s, message, keys, now);
  } catch (e) {
    const code = typeof e === 'object' && e !== null ? SIGNATURE_CODES[String((e as { code?: unknown }).code)] : undefined;
    if (!code) throw e;
    throw new ProductionOrderError(code, (e as Error).message, { cause: e, details: { authorityId: s.authorityId, keyId: s.keyId, role: s.role } });
  }
}

export interface SignatureStatus {
  complete: boolean;
  missingRoles: string[];
  /** Time of the signature that completed the authorisation's signers (validity runs from it). */
  grantedAt?: number;
  /** Urgent orders with a confirmation rule: the deadline, and whether it was met. */
  confirmBy?: string;
  confirmed?: boolean;
}

/**
 * Checks each signature (valid, a role the authorisation asks for, no signer or role twice, in
 * order where required) and how far approval has got. Throws on the first bad signature.
 */
export function checkSignatures(canonical: string, rule: OrderAuthorisationRule, signatures: readonly OrderSignature[], keys: KeyRegistry, now: Date): SignatureStatus {
  const message = orderApprovalMessage(canonical);
  const allowed = new Set<string>([...rule.signers.roles, ...(rule.confirm?.roles ?? [])]);
  const byRole = new Map<string, OrderSignature>();
  const authorities = new Set<string>();
  for (const s of signatures) {
    verifyOrderSignature(s, message, keys, now);
    if (!allowed.has(s.role)) refuse('ORDER_SIGNATURE_WRONG_ROLE', `signature by ${s.authorityId} (${s.role}): authorisation ${rule.id} is signed by ${[...allowed].join(', ')}`, { authorityId: s.authorityId, role: s.role });
    if (byRole.has(s.role) || authorities.has(s.authorityId)) refuse('ORDER_SIGNATURE_DUPLICATE', `signature by ${s.authorityId} (${s.role}): this signer or role already signed`, { authorityId: s.authorityId, role: s.role });
    byRole.set(s.role, s);
    authorities.add(s.authorityId);
  }
  if (rule.signers.ordered) {
    let last = -Infinity;
    for (const r of rule.signers.roles) {
      const s = byRole.get(r);
      if (!s) continue;
      if (Date.parse(s.signedAt) < last) refuse('ORDER_SIGNATURE_WRONG_ROLE', `signature by ${s.authorityId} (${r}) comes before an earlier signer (${rule.signers.roles.join(' then ')})`);
      last = Date.parse(s.signedAt);
    }
  }
  const missingRoles = rule.signers.roles.filter((r) => !byRole.has(r));
  const status: SignatureStatus = { complete: missingRoles.length === 0, missingRoles };
  if (status.complete) {
    status.grantedAt = Math.max(...rule.signers.roles.map((r) => Date.parse(byRole.get(r)!.signedAt)));
    if (rule.confirm) {
      status.confirmBy = addDuration(new Date(status.grantedAt), rule.confirm.within).toISOString();
      status.confirmed = rule.confirm.roles.every((r) => byRole.has(r) && Date.parse(byRole.get(r)!.signedAt) <= Date.parse(status.confirmBy!));
    }
  }
  return status;
}

/** A valid revocation among `revocations` (roles of profile.revocationRoles, valid keys), or undefined. */
export function validRevocation(hash: string, revocations: readonly OrderRevocation[], profile: ProductionOrderProfile, keys: KeyRegistry, now: Date): OrderRevocation | undefined {
  return revocations.find((r) => {
    if (!profile.revocationRoles.includes(r.role)) return false;
    try {
      verifyOrderSignature(r, orderRevocationMessage(hash, r.signedAt, r.reason), keys, now);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Decides whether `order` may be executed at `now`. Refusals: the ORDER_* content codes,
 * ORDER_UNSIGNED, ORDER_SIGNATURE_*, ORDER_MISSING_SIGNER, ORDER_URGENT_LAPSED,
 * ORDER_LOOKBACK_EXCEEDED / ORDER_VALIDITY_TOO_LONG / ORDER_BAD_PERIOD (judged at the signing
 * times), ORDER_REVOKED, ORDER_EXPIRED.
 */
export function verifyProductionOrder(
  order: ProductionOrder,
  signatures: readonly OrderSignature[],
  keys: KeyRegistry,
  profile: ProductionOrderProfile,
  now: Date,
  options: { revocations?: readonly OrderRevocation[] } = {},
): OrderDecision {
  try {
    const o = validateProductionOrder(order);
    const canonical = orderCanonicalText(o);
    const hash = sha256Hex(canonical);
    const rule = checkOrderContent(o, profile);
    if (signatures.length === 0) refuse('ORDER_UNSIGNED', 'the order carries no approval signature');
    const status = checkSignatures(canonical, rule, signatures, keys, now);
    if (!status.complete) refuse('ORDER_MISSING_SIGNER', `missing signature of: ${status.missingRoles.join(', ')}`, { missingRoles: status.missingRoles });
    const firstSigned = Math.min(...signatures.map((s) => Date.parse(s.signedAt)));
    // Judged at the authorising signatures: the period was in the past, within the look-back,
    // and the validity no longer than the authorisation allows from its grant.
    if (Date.parse(o.period.end) > firstSigned + ORDER_CLOCK_TOLERANCE_MS) refuse('ORDER_BAD_PERIOD', 'the period ended after the order was signed: retained data is of the past');
    if (addDuration(new Date(o.period.start), rule.maxLookback).getTime() < firstSigned) refuse('ORDER_LOOKBACK_EXCEEDED', `the period starts further back than authorisation ${rule.id} allows`);
    if (Date.parse(o.validUntil) > addDuration(new Date(status.grantedAt!), rule.maxValidity).getTime()) refuse('ORDER_VALIDITY_TOO_LONG', `validUntil is beyond the validity of authorisation ${rule.id}`);
    if (status.confirmBy !== undefined && !status.confirmed && now.getTime() >= Date.parse(status.confirmBy)) {
      refuse('ORDER_URGENT_LAPSED', `the urgent order was not confirmed by ${rule.confirm!.roles.join(', ')} before ${status.confirmBy}`);
    }
    const revoked = validRevocation(hash, options.revocations ?? [], profile, keys, now);
    if (revoked) refuse('ORDER_REVOKED', `revoked by ${revoked.authorityId} at ${revoked.signedAt}`);
    if (now.getTime() >= Date.parse(o.validUntil)) refuse('ORDER_EXPIRED', `the order could be executed until ${o.validUntil}`);
    const decision: OrderDecision = { ok: true, orderHash: hash, approval: status.confirmBy !== undefined && !status.confirmed ? 'urgent' : 'full', validUntil: o.validUntil };
    if (status.confirmBy !== undefined) decision.confirmBy = status.confirmBy;
    return decision;
  } catch (e) {
    if (e instanceof ProductionOrderError) return { ok: false, error: e };
    throw e;
  }
}

function sameIdentifier(order: OrderIdentifier, req: OrderIdentifier): boolean {
  if (order.kind !== req.kind) return false;
  if (order.kind === 'ip' && req.kind === 'ip') {
    // The order's instant and address exactly; the port where the order names one (behind a CGNAT
    // the address alone names every subscriber sharing it, so a portless order is what was signed).
    return order.address === req.address && order.at === req.at && (order.port === undefined || order.port === req.port);
  }
  return (order as { value: string }).value === (req as { value: string }).value;
}

/** Is `request` (parseExactRequest's result) within `order`? Nothing is trimmed: beyond is refused. */
export function checkRequestWithinOrder(order: ProductionOrder, request: ExactRdRequest): RequestDecision {
  try {
    if (!order.operators.includes(request.cSPID)) refuse('ORDER_REQUEST_OPERATOR_OUTSIDE', `the request is addressed to ${request.cSPID}, which the order does not name`);
    if (!order.categories.includes(request.category)) refuse('ORDER_REQUEST_CATEGORY_OUTSIDE', `category ${request.category} is not in the order`, { category: request.category });
    let id: OrderIdentifier;
    try {
      const r = request.identifier;
      id = normaliseOrderIdentifier(r.kind === 'ip' ? { kind: 'ip', address: r.address, at: r.at instanceof Date ? r.at.toISOString() : r.at, ...(r.port === undefined ? {} : { port: r.port }) } : r, 0);
    } catch (cause) {
      throw new ProductionOrderError('ORDER_REQUEST_NOT_EXACT', 'the request does not name one exact identifier', { cause });
    }
    const index = order.identifiers.findIndex((o) => sameIdentifier(o, id));
    if (index < 0) refuse('ORDER_REQUEST_IDENTIFIER_OUTSIDE', `the requested ${id.kind} is not one the order names`, { kind: id.kind });
    const from = Date.parse(order.period.start);
    const to = Date.parse(order.period.end);
    if (id.kind === 'ip') {
      const at = Date.parse(id.at);
      if (request.period !== undefined) refuse('ORDER_REQUEST_NOT_EXACT', 'an IP request is asked at one instant, not over a period');
      if (at < from || at > to) refuse('ORDER_REQUEST_PERIOD_OUTSIDE', 'the requested instant is outside the order period');
    } else {
      const p = request.period;
      if (!p || !(p.start instanceof Date) || !(p.end instanceof Date) || Number.isNaN(p.start.getTime()) || Number.isNaN(p.end.getTime()) || p.end < p.start) {
        refuse('ORDER_REQUEST_NOT_EXACT', 'the request names no bounded period');
      }
      if (p.start.getTime() < from || p.end.getTime() > to) {
        refuse('ORDER_REQUEST_PERIOD_OUTSIDE', `the requested period ${p.start.toISOString()}..${p.end.toISOString()} reaches beyond the order period ${order.period.start}..${order.period.end}`);
      }
    }
    return { ok: true, identifier: order.identifiers[index]!, identifierIndex: index };
  } catch (e) {
    if (e instanceof ProductionOrderError) return { ok: false, error: e };
    throw e;
  }
}

/** Both checks in the order the RDHI must run them: the order first, then the request against it. */
export function authoriseRdRequest(
  order: ProductionOrder,
  signatures: readonly OrderSignature[],
  keys: KeyRegistry,
  profile: ProductionOrderProfile,
  now: Date,
  request: ExactRdRequest,
  options: { revocations?: readonly OrderRevocation[] } = {},
): (RequestDecision & { ok: true; orderHash: string }) | { ok: false; error: ProductionOrderError } {
  const d = verifyProductionOrder(order, signatures, keys, profile, now, options);
  if (!d.ok) return d;
  const r = checkRequestWithinOrder(validateProductionOrder(order), request);
  return r.ok ? { ...r, orderHash: d.orderHash } : r;
}

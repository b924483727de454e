/**
 * What travels with a retained-data request from the agency to the operator's RDHI: the order's
 * canonical text exactly as signed, its approval signatures and any revocations. The RDHI trusts
 * none of it: `readOrderBundle` re-derives the canonical text from the parsed order and refuses a
 * text that is not already canonical (the same step 1 as for warrants, docs/warrants.md "How an
 * outside verifier checks a warrant"); verifyProductionOrder then checks the signatures over it.
 */
import { sha256Hex } from './canonical.ts';
import { orderCanonicalText } from './production-order-canonical.ts';
import { ProductionOrderError } from './production-order-errors.ts';
import type { OrderRevocation, OrderSignature, ProductionOrder, ProductionOrderRecord } from './production-order-model.ts';

export interface OrderBundle {
  canonical: string;
  signatures: OrderSignature[];
  revocations: OrderRevocation[];
}

export interface ReadOrderBundle extends OrderBundle {
  order: ProductionOrder;
  hash: string;
}

/** The bundle of a stored order. */
export function orderBundle(rec: ProductionOrderRecord): OrderBundle {
  return { canonical: rec.canonical, signatures: structuredClone(rec.signatures), revocations: structuredClone(rec.revocations) };
}

const MAX_CANONICAL = 256 * 1024;
const MAX_SIGNATURES = 16;

function isSignature(v: unknown, revocation: boolean): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  const ok = ['authorityId', 'keyId', 'role', 'signedAt', 'signature'].every((k) => typeof s[k] === 'string' && (s[k]).length <= 1024);
  return ok && (!revocation || (typeof s.reason === 'string' && s.reason.length <= 1024));
}

/** Parses a bundle received from outside; ORDER_INVALID unless well formed and canonical. */
export function readOrderBundle(input: unknown): ReadOrderBundle {
  const bad = (why: string): never => {
    throw new ProductionOrderError('ORDER_INVALID', `order bundle: ${why}`, { details: { field: 'bundle' } });
  };
  if (typeof input !== 'object' || input === null || Array.isArray(input)) bad('must be an object');
  const b = input as Record<string, unknown>;
  if (typeof b.canonical !== 'string' || b.canonical.length === 0 || b.canonical.length > MAX_CANONICAL) bad('canonical must be the order text');
  const sigs = b.signatures;
  const revs = b.revocations ?? [];
  if (!Array.isArray(sigs) || sigs.length > MAX_SIGNATURES || !sigs.every((s) => isSignature(s, false))) bad('signatures malformed');
  if (!Array.isArray(revs) || revs.length > MAX_SIGNATURES || !revs.every((s) => isSignature(s, true))) bad('revocations malformed');
  let parsed: unknown;
  try {
    parsed = JSON.parse(b.canonical as string);
  } catch (cause) {
    throw new ProductionOrderError('ORDER_INVALID', 'order bundle: canonical is not JSON', { cause, details: { field: 'bundle.canonical' } });
  }
  const canonical = orderCanonicalText(parsed as ProductionOrder);
  if (canonical !== b.canonical) bad('canonical is not in canonical form (re-serialising it changes it): refused, not repaired');
  return {
    order: JSON.parse(canonical) as ProductionOrder,
    canonical,
    hash: sha256Hex(canonical),
    signatures: (sigs as OrderSignature[]).map((s) => ({ authorityId: s.authorityId, keyId: s.keyId, role: s.role, signedAt: s.signedAt, signature: s.signature })),
    revocations: (revs as OrderRevocation[]).map((s) => ({ authorityId: s.authorityId, keyId: s.keyId, role: s.role, signedAt: s.signedAt, signature: s.signature, reason: s.reason })),
  };
}

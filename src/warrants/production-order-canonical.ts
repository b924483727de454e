/**
 * Validation, canonical bytes and signing messages of a production order.
 *
 * canonical bytes = UTF-8 of the RFC 8785 (JCS) serialisation of the normalised order, as for
 * warrants (canonical.ts, docs/warrants.md): keys sorted, strings NFC, times UTC with ms,
 * identifiers normalised as the TS 102 657 request parser normalises them and sorted by kind then
 * value, categories in ORDER_CATEGORIES order, operators sorted. orderHash = hex SHA-256 of them.
 * Approval signs "warranted-production-order-approval-v1\n" ‖ canonical bytes; a revocation signs
 * "warranted-production-order-revocation-v1\n" ‖ orderHash ‖ "\n" ‖ signedAt ‖ "\n" ‖ reason. The
 * prefixes differ from the warrant ones, so no warrant signature can be replayed as an order's.
 */
import { randomUUID, sign } from 'node:crypto';
import { imeiWithCheckDigit, parseE164, parseImei, parseImsi } from '../standards/identifiers/index.ts';
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from '../standards/ip-text.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';
import { ORDER_CATEGORIES, ORDER_IDENTIFIER_KINDS, type OrderCategory, type OrderIdentifier, type OrderRevocation, type OrderSignature, type ProductionOrder } from './production-order-model.ts';
import type { Signer } from './signatures.ts';
import { ProductionOrderError } from './production-order-errors.ts';

export const ORDER_APPROVAL_DOMAIN = 'warranted-production-order-approval-v1\n';
export const ORDER_REVOCATION_DOMAIN = 'warranted-production-order-revocation-v1\n';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
/** Notations of "more than one": wildcards, classes, lists, ranges, prefixes (checked before any parser). */
const NOT_EXACT = /[*?%#[\]{}^$|\\,;~\u2013\u2014/]|\.\.|^(all|any|every|none|null|undefined)$/iu;
const NOT_EXACT_KINDS = new Set(['cell', 'cellId', 'cgi', 'ecgi', 'ncgi', 'tac', 'lac', 'area', 'range', 'prefix', 'ipv4Cidr', 'ipv6Cidr', 'ipRange']);

function bad(field: string, why: string): ProductionOrderError {
  return new ProductionOrderError('ORDER_INVALID', `order.${field}: ${why}`, { details: { field } });
}

function str(o: Record<string, unknown>, field: string, max: number, path = field): string {
  const v = o[field];
  if (typeof v !== 'string' || v.trim().length === 0) throw bad(path, 'must be a non-empty string');
  if (v.length > max) throw bad(path, `longer than ${max}`);
  return v.normalize('NFC');
}

function obj(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(field, 'must be an object');
  return v as Record<string, unknown>;
}

export function orderTime(v: unknown, field: string): string {
  if (typeof v !== 'string' || !ISO_WITH_ZONE.test(v) || Number.isNaN(Date.parse(v))) {
    throw new ProductionOrderError('ORDER_BAD_PERIOD', `order.${field}: ISO 8601 time with a zone designator required`, { details: { field } });
  }
  return new Date(v).toISOString();
}

function notExact(index: number, kind: string, why: string, cause?: unknown): ProductionOrderError {
  return new ProductionOrderError('ORDER_IDENTIFIER_NOT_EXACT', `identifier ${index} (${kind}): ${why}`, { cause, details: { index, kind } });
}

/** One identifier, normalised; wildcards, ranges, prefixes and cells are refused by design. */
export function normaliseOrderIdentifier(v: unknown, index: number): OrderIdentifier {
  const o = obj(v, `identifiers[${index}]`);
  const kind = typeof o.kind === 'string' ? o.kind : '';
  if (NOT_EXACT_KINDS.has(kind)) throw notExact(index, kind, 'a cell, area, range or prefix designates many subscribers');
  if (!(ORDER_IDENTIFIER_KINDS as readonly string[]).includes(kind)) {
    throw new ProductionOrderError('ORDER_IDENTIFIER_INVALID', `identifier ${index}: unknown kind`, { details: { index, kind } });
  }
  const raw = kind === 'ip' ? o.address : o.value;
  if (typeof raw !== 'string') throw new ProductionOrderError('ORDER_IDENTIFIER_INVALID', `identifier ${index} (${kind}): value must be a string`, { details: { index, kind } });
  if (NOT_EXACT.test(raw.trim())) throw notExact(index, kind, 'wildcard, list, range or prefix notation');
  try {
    switch (kind) {
      case 'msisdn':
        return { kind, value: parseE164(raw) };
      case 'imsi':
        return { kind, value: parseImsi(raw) };
      case 'imei':
        return { kind, value: imeiWithCheckDigit(parseImei(raw)) };
      default: {
        const v4 = parseIpv4(raw.trim());
        const v6 = v4 ? undefined : parseIpv6(raw.trim());
        if (!v4 && !v6) throw new ProductionOrderError('ORDER_IDENTIFIER_INVALID', `identifier ${index} (ip): not an IPv4 or IPv6 address`, { details: { index, kind } });
        if ((v4 ?? v6)!.every((b) => b === 0)) throw notExact(index, kind, 'the unspecified address means "any"');
        if (o.port !== undefined && (typeof o.port !== 'number' || !Number.isInteger(o.port) || o.port < 0 || o.port > 65535)) {
          throw new ProductionOrderError('ORDER_IDENTIFIER_INVALID', `identifier ${index} (ip): port must be one integer 0..65535 (no port ranges)`, { details: { index, kind } });
        }
        let at: string;
        try {
          at = orderTime(o.at, `identifiers[${index}].at`);
        } catch (cause) {
          throw new ProductionOrderError('ORDER_IDENTIFIER_INVALID', `identifier ${index} (ip): the exact time the address was seen is required`, { cause, details: { index, kind } });
        }
        const address = v4 ? formatIpv4(v4) : formatIpv6(v6!);
        return o.port === undefined ? { kind: 'ip', address, at } : { kind: 'ip', address, at, port: o.port };
      }
    }
  } catch (cause) {
    if (cause instanceof ProductionOrderError) throw cause;
    const code = typeof cause === 'object' && cause !== null ? String((cause as { code?: unknown }).code) : '';
    if (code === 'IDENTIFIER_WILDCARD' || code === 'IDENTIFIER_RANGE' || code === 'IDENTIFIER_TOO_BROAD') throw notExact(index, kind, code, cause);
    throw new ProductionOrderError('ORDER_IDENTIFIER_INVALID', `identifier ${index} (${kind}): ${code || 'invalid'}`, { cause, details: { index, kind, identifierCode: code } });
  }
}

/** Stable comparison key of an identifier (kind, then value; IP: address, time, port). */
export function orderIdentifierKey(i: OrderIdentifier): string {
  return i.kind === 'ip' ? `ip\u0000${i.address}\u0000${i.at}\u0000${i.port ?? ''}` : `${i.kind}\u0000${i.value}`;
}

/** Validates and normalises a draft (assigning an id when absent). Profile rules live in production-order-verify.ts. */
export function validateProductionOrder(input: unknown): ProductionOrder {
  const o = obj(input, '(root)');
  const id = o.id === undefined ? randomUUID() : o.id;
  if (typeof id !== 'string' || !UUID.test(id)) throw bad('id', 'must be a lower-case UUID');
  const agencyIn = obj(o.agency, 'agency');
  const agency = { id: str(agencyIn, 'id', 128, 'agency.id'), name: str(agencyIn, 'name', 256, 'agency.name') };
  if (!Array.isArray(o.identifiers) || o.identifiers.length === 0) throw bad('identifiers', 'must list at least one exact identifier');
  if (o.identifiers.length > 1000) throw bad('identifiers', 'too many identifiers');
  const identifiers = o.identifiers.map((x, i) => normaliseOrderIdentifier(x, i));
  const keys = new Set<string>();
  identifiers.forEach((x, index) => {
    const k = orderIdentifierKey(x);
    if (keys.has(k)) throw new ProductionOrderError('ORDER_IDENTIFIER_DUPLICATE', `identifier ${index} duplicates an earlier one`, { details: { index } });
    keys.add(k);
  });
  identifiers.sort((a, b) => (orderIdentifierKey(a) < orderIdentifierKey(b) ? -1 : orderIdentifierKey(a) > orderIdentifierKey(b) ? 1 : 0));
  if (!Array.isArray(o.categories) || o.categories.length === 0) throw bad('categories', 'must list at least one category');
  const cats = new Set<string>();
  for (const c of o.categories) {
    if (typeof c !== 'string' || !(ORDER_CATEGORIES as readonly string[]).includes(c)) throw bad('categories', `unknown category (one of ${ORDER_CATEGORIES.join(', ')})`);
    if (cats.has(c)) throw bad('categories', 'duplicate category');
    cats.add(c);
  }
  const categories: OrderCategory[] = ORDER_CATEGORIES.filter((c) => cats.has(c));
  const periodIn = obj(o.period, 'period');
  const period = { start: orderTime(periodIn.start, 'period.start'), end: orderTime(periodIn.end, 'period.end') };
  if (Date.parse(period.end) < Date.parse(period.start)) throw new ProductionOrderError('ORDER_BAD_PERIOD', 'order.period ends before it starts', { details: { field: 'period' } });
  for (const [i, x] of identifiers.entries()) {
    if (x.kind === 'ip' && (Date.parse(x.at) < Date.parse(period.start) || Date.parse(x.at) > Date.parse(period.end))) {
      throw new ProductionOrderError('ORDER_BAD_PERIOD', `identifier ${i} (ip): its time lies outside the order's period`, { details: { index: i, kind: 'ip' } });
    }
  }
  if (!Array.isArray(o.operators) || o.operators.length === 0) throw bad('operators', 'must name at least one operator');
  const operators = o.operators.map((op, i) => {
    if (typeof op !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(op)) throw bad(`operators[${i}]`, 'must be an operator id');
    return op;
  });
  if (new Set(operators).size !== operators.length) throw bad('operators', 'duplicate operator');
  operators.sort();
  if (typeof o.urgent !== 'boolean') throw bad('urgent', 'must be a boolean');
  return {
    id,
    reference: str(o, 'reference', 128),
    agency,
    officer: str(o, 'officer', 256),
    profileId: str(o, 'profileId', 64),
    authorisation: str(o, 'authorisation', 64),
    purpose: str(o, 'purpose', 64),
    legalBasis: str(o, 'legalBasis', 1024),
    offence: str(o, 'offence', 1024),
    identifiers,
    categories,
    period,
    operators,
    validUntil: orderTime(o.validUntil, 'validUntil'),
    urgent: o.urgent,
  };
}

type Json = Parameters<typeof canonicalJson>[0];

/** The canonical text of an order (validated first); its UTF-8 bytes are what is signed. */
export function orderCanonicalText(order: ProductionOrder | ProductionOrder & Record<string, unknown>): string {
  return canonicalJson(validateProductionOrder(order) as unknown as Json);
}

export function orderHash(order: ProductionOrder): string {
  return sha256Hex(orderCanonicalText(order));
}

const enc = new TextEncoder();

export function orderApprovalMessage(canonical: string): Uint8Array {
  return enc.encode(ORDER_APPROVAL_DOMAIN + canonical);
}

export function orderRevocationMessage(hash: string, signedAt: string, reason: string): Uint8Array {
  return enc.encode(`${ORDER_REVOCATION_DOMAIN}${hash}\n${signedAt}\n${reason.normalize('NFC')}`);
}

/** An approval signature over the order's canonical text (signatures.ts Signer). */
export function signOrderApproval(canonical: string, signer: Signer, signedAt: Date | string): OrderSignature {
  const at = new Date(signedAt).toISOString();
  const signature = sign(null, orderApprovalMessage(canonical), signer.privateKey).toString('base64');
  return { authorityId: signer.authorityId, keyId: signer.keyId, role: signer.role, signedAt: at, signature };
}

/** A signed revocation of the order with hash `hash`. */
export function signOrderRevocation(hash: string, reason: string, signer: Signer, signedAt: Date | string): OrderRevocation {
  const at = new Date(signedAt).toISOString();
  const signature = sign(null, orderRevocationMessage(hash, at, reason), signer.privateKey).toString('base64');
  return { authorityId: signer.authorityId, keyId: signer.keyId, role: signer.role, signedAt: at, signature, reason: reason.normalize('NFC') };
}

/**
 * The operator's judge of production orders (the RDHI's OrderAuthority, src/retained-data/rdhi/
 * handler.ts), from the signed order bundles served on it: one file `<ordersDir>/<orderId>.json`
 * per order, holding what production-order-bundle.ts calls the bundle — `{ canonical, signatures,
 * revocations }` — plus `identifierSalt` (below). The operator trusts none of it:
 *
 * - `find` reads and parses the bundle (readOrderBundle: a canonical text that re-serialises
 *   differently is refused, not repaired) — a file that is not a valid bundle is still "found", so
 *   that `judge` refuses it as ORDER_INVALID (401) and the refusal is audited with its hash;
 * - `judge` runs authoriseRdRequest (production-order-verify.ts) with the public keys of the
 *   authorities the deployment names (`control.authorities`, the same files the control role
 *   registers) and the production-order profiles (`<control.profilesDir>/production-orders`, else
 *   the shipped ones), and requires the order's agency to be the peer's certificate identity.
 *
 * The identifier commitment of `rd.disclosed` is commitTarget(warrantSalt(identityKey, orderId), …)
 * (docs/production-orders.md). The operator does not hold the deployment's identity key and must
 * not (it would let it commit, hence recognise, every target of every warrant), so the order's salt
 * is handed over WITH the order: `identifierSalt` (hex, 32 bytes) in the bundle file, written by
 * whoever issues the order to the operator (`rdhiOrderFile`). It is unsigned — a wrong salt only
 * makes the disclosure fail `audit verify` (rd-disclosure-covered), it never widens what is read.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commitTarget } from '../audit/commitment.ts';
import { rdIdentifierCommitInput } from '../audit/rd-events.ts';
import type { Deployment } from '../platform/config/types.ts';
import type { OrderAuthority, OrderJudgement, OrderRef } from '../retained-data/rdhi/handler.ts';
import type { ExactRdRequest } from '../standards/rd/index.ts';
import {
  authoriseRdRequest,
  defaultProfilesDir,
  KeyRegistry,
  loadOrderProfiles,
  rdErrorFor,
  readOrderBundle,
  systemClock,
  type OrderBundle,
  type ProductionOrderProfile,
  type ReadOrderBundle,
} from '../warrants/index.ts';
import { rawEd25519Base64 } from './authorities.ts';

/** What `<ordersDir>/<orderId>.json` holds. */
export interface RdhiOrderFile extends OrderBundle {
  /** warrantSalt(identityKey, orderId) in hex: the commitment salt of this order's identifiers. */
  identifierSalt: string;
}

/** The file an issuer writes for the operator (the bundle of the stored order and its salt). */
export function rdhiOrderFile(bundle: OrderBundle, salt: Uint8Array): RdhiOrderFile {
  return { ...bundle, identifierSalt: Buffer.from(salt).toString('hex') };
}

/** An order id that can name a file in ordersDir and nothing else (no separators, no leading dot). */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/u;
const MAX_FILE = 512 * 1024;
const MAX_PENDING = 1024;

interface Found {
  ref: OrderRef;
  bundle?: ReadOrderBundle;
  salt?: Uint8Array;
  invalid?: string;
}

const refuse = (code: string, message: string): OrderJudgement => {
  const kind = rdErrorFor(code as Parameters<typeof rdErrorFor>[0]);
  return { ok: false, code, refusal: kind === 'outsideOrder' ? 'outsideOrder' : 'orderMissingOrInvalid', message };
};

/** The authorities' keys the deployment names, as the RDHI trusts them (no audit: the registry of record is the control role's). */
export async function trustedAuthorityKeys(d: Deployment): Promise<KeyRegistry> {
  const keys = new KeyRegistry({ clock: systemClock });
  for (const a of d.control.authorities) {
    await keys.registerAuthority({ id: a.id, role: a.role, name: a.name });
    // Valid from the epoch: the operator learns the keys from the deployment, not when they were
    // registered; a key is withdrawn by removing it from the deployment (docs/rd.md says so).
    await keys.addKey(a.id, { publicKey: rawEd25519Base64(await readFile(a.publicKey, 'utf8')), validFrom: '1970-01-01T00:00:00.000Z' });
  }
  return keys;
}

export function rdhiOrderProfiles(d: Deployment): Map<string, ProductionOrderProfile> {
  return loadOrderProfiles(join(d.control.profilesDir ?? defaultProfilesDir, 'production-orders'));
}

export function rdhiOrderAuthority(o: { ordersDir: string; keys: KeyRegistry; profiles: Map<string, ProductionOrderProfile> }): OrderAuthority {
  const found = new Map<string, Found>();
  return {
    async find(orderId) {
      if (!SAFE_ID.test(orderId)) return undefined;
      let text: string;
      try {
        text = await readFile(join(o.ordersDir, `${orderId}.json`), 'utf8');
      } catch {
        return undefined;
      }
      const ref: OrderRef = { orderId, orderHash: createHash('sha256').update(text).digest('hex') };
      const f: Found = { ref };
      try {
        if (text.length > MAX_FILE) throw new Error('the bundle file is too large');
        const raw = JSON.parse(text) as Partial<RdhiOrderFile>;
        f.bundle = readOrderBundle(raw);
        ref.orderHash = f.bundle.hash;
        if (typeof raw.identifierSalt !== 'string' || !/^[0-9a-f]{64}$/u.test(raw.identifierSalt)) throw new Error('identifierSalt must be 32 bytes in hex');
        f.salt = new Uint8Array(Buffer.from(raw.identifierSalt, 'hex'));
        if (f.bundle.order.id !== orderId) throw new Error(`the file names order ${f.bundle.order.id}`);
      } catch (e) {
        f.invalid = e instanceof Error ? e.message : String(e);
      }
      // judge() comes right after find() for the same ref; concurrent requests under one order share
      // the entry (the latest read of the file). Entries are not removed by judge (another request
      // may be between its find and its judge); the oldest go beyond MAX_PENDING.
      const key = `${orderId}\n${ref.orderHash}`;
      found.delete(key); // re-inserted last: eviction takes the least recently read
      found.set(key, f);
      while (found.size > MAX_PENDING) found.delete(found.keys().next().value!);
      return ref;
    },
    judge(ref: OrderRef, request: ExactRdRequest, peer: string, now: Date) {
      const key = `${ref.orderId}\n${ref.orderHash}`;
      const f = found.get(key);
      if (!f?.bundle || !f.salt) return Promise.resolve(refuse('ORDER_INVALID', `order bundle ${ref.orderId}: ${f?.invalid ?? 'not read'}`));
      const { order, signatures, revocations } = f.bundle;
      // The agency the order was granted to is the one asking (TLS client certificate identity).
      if (order.agency.id !== peer) return Promise.resolve(refuse('ORDER_WRONG_AGENCY', `the order was granted to ${order.agency.id}, not to ${peer}`));
      const profile = o.profiles.get(order.profileId);
      if (!profile) return Promise.resolve(refuse('ORDER_PROFILE_UNKNOWN', `this RDHI does not hold production-order profile ${order.profileId}`));
      const d = authoriseRdRequest(order, signatures, o.keys, profile, now, request, { revocations });
      if (!d.ok) return Promise.resolve(refuse(d.error.code, d.error.message));
      const c = rdIdentifierCommitInput(d.identifier);
      return Promise.resolve({ ok: true, identifierCommitment: commitTarget(f.salt, c.kind, c.value) } as const);
    },
  };
}

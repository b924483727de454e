/**
 * The operator's judge of production orders (the RDHI's OrderAuthority, src/retained-data/rdhi/
 * handler.ts). Orders come from two sources, asked in this order at every request:
 *
 * 1. the warrant desk (HI-1, TS 103 120 GET of the order, src/warrants/desk/order-client.ts), with
 *    the RDHI's own certificate: the desk shows an RDHI identity the orders addressed to its operator,
 *    with the identifier salt. Asked first and every time, so that a revocation or an expiry recorded
 *    at the desk is seen by the very next request — a copy kept by hand cannot go stale against it.
 * 2. `<ordersDir>/<orderId>.json` — orders served by hand (an order the desk does not show this
 *    RDHI, or while the desk cannot be reached): what production-order-bundle.ts calls the bundle —
 *    `{ canonical, signatures, revocations }` — plus `identifierSalt` (below).
 *    Desk unreachable and no file → OrderSourceUnavailable: refused 503, audited, alarm.
 *
 * The operator trusts neither source:
 * - `find` reads and parses the bundle (readOrderBundle: a canonical text that re-serialises
 *   differently is refused, not repaired) — an answer that is not a valid bundle is still "found", so
 *   that `judge` refuses it as ORDER_INVALID (401) and the refusal is audited with its hash;
 * - `judge` runs authoriseRdRequest (production-order-verify.ts) with the authorities' keys as the
 *   RDHI trusts them (rdhi-keys.ts: the deployment's keys, with revocations and validity from the
 *   transparency log, re-read for every request) and the production-order profiles
 *   (`<control.profilesDir>/production-orders`, else the shipped ones), and requires the order's
 *   agency to be the peer's certificate identity. The desk's `state` is one more check after all
 *   that (anything but Active → ORDER_NOT_ACTIVE), never a substitute for it.
 *
 * The identifier commitment of `rd.disclosed` is commitTarget(warrantSalt(identityKey, orderId), …)
 * (docs/production-orders.md). The operator does not hold the deployment's identity key and must
 * not (it would let it commit, hence recognise, every target of every warrant), so the order's salt
 * is handed over WITH the order: by the desk (`identifierSalt`), or in the file, written by whoever
 * serves the order by hand (`rdhiOrderFile`). It is unsigned — a wrong salt only makes the
 * disclosure fail `audit verify` (rd-disclosure-covered), it never widens what is read.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commitTarget } from '../audit/commitment.ts';
import { rdIdentifierCommitInput } from '../audit/rd-events.ts';
import type { Deployment } from '../platform/config/types.ts';
import { OrderSourceUnavailable, type OrderAuthority, type OrderJudgement, type OrderRef } from '../retained-data/rdhi/handler.ts';
import type { ExactRdRequest } from '../standards/rd/index.ts';
import type { DeskOrder } from '../warrants/desk/order-client.ts';
import {
  authoriseRdRequest,
  defaultProfilesDir,
  loadOrderProfiles,
  rdErrorFor,
  readOrderBundle,
  type KeyRegistry,
  type OrderBundle,
  type OrderState,
  type ProductionOrderProfile,
  type ReadOrderBundle,
} from '../warrants/index.ts';

export { trustedRegistry, RdhiAuthorityKeys } from './rdhi-keys.ts';

/** What `<ordersDir>/<orderId>.json` holds. */
export interface RdhiOrderFile extends OrderBundle {
  /** warrantSalt(identityKey, orderId) in hex: the commitment salt of this order's identifiers. */
  identifierSalt: string;
}

/** The file an issuer writes for the operator (the bundle of the stored order and its salt). */
export function rdhiOrderFile(bundle: OrderBundle, salt: Uint8Array): RdhiOrderFile {
  return { ...bundle, identifierSalt: Buffer.from(salt).toString('hex') };
}

/** Where the RDHI asks for orders at the desk (fetchOrder with the RDHI's own Hi1Client). */
export type DeskOrderSource = (orderId: string) => Promise<DeskOrder | undefined>;

/** The keys the RDHI verifies with, as of now (rejects when they cannot be checked: RdhiAuthorityKeys). */
export interface AuthorityKeySource {
  current(): Promise<KeyRegistry>;
}

/** An order id that can name a file in ordersDir and nothing else (no separators, no leading dot). */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/u;
const MAX_FILE = 512 * 1024;
const MAX_PENDING = 1024;

interface Found {
  ref: OrderRef;
  source: 'desk' | 'file';
  /** The desk's state of the order (desk answers only). */
  state?: OrderState;
  bundle?: ReadOrderBundle;
  salt?: Uint8Array;
  invalid?: string;
}

const refuse = (code: string, message: string): OrderJudgement => {
  const kind = rdErrorFor(code as Parameters<typeof rdErrorFor>[0]);
  return { ok: false, code, refusal: kind === 'outsideOrder' ? 'outsideOrder' : 'orderMissingOrInvalid', message };
};

export function rdhiOrderProfiles(d: Deployment): Map<string, ProductionOrderProfile> {
  return loadOrderProfiles(join(d.control.profilesDir ?? defaultProfilesDir, 'production-orders'));
}

/** Parses a bundle and its salt into `f` (or records why it is not one). */
function readInto(f: Found, orderId: string, raw: Partial<RdhiOrderFile>, salt: unknown, deskHash?: string): void {
  try {
    f.bundle = readOrderBundle(raw);
    f.ref.orderHash = f.bundle.hash;
    if (deskHash !== undefined && deskHash !== f.bundle.hash) throw new Error(`the desk gave hash ${deskHash} for a bundle of hash ${f.bundle.hash}`);
    if (typeof salt !== 'string' || !/^[0-9a-f]{64}$/u.test(salt)) throw new Error('identifierSalt must be 32 bytes in hex');
    f.salt = new Uint8Array(Buffer.from(salt, 'hex'));
    if (f.bundle.order.id !== orderId) throw new Error(`the bundle names order ${f.bundle.order.id}`);
  } catch (e) {
    f.invalid = e instanceof Error ? e.message : String(e);
  }
}

export function rdhiOrderAuthority(o: {
  ordersDir: string;
  keys: AuthorityKeySource;
  profiles: Map<string, ProductionOrderProfile>;
  /** The warrant desk (absent: orders from ordersDir only). */
  desk?: DeskOrderSource;
  alarm?: (code: string, detail: string) => void;
}): OrderAuthority {
  const found = new Map<string, Found>();
  const alarm = o.alarm ?? (() => undefined);
  const remember = (f: Found): OrderRef => {
    // judge() comes right after find() for the same ref; concurrent requests under one order share
    // the entry (the latest read). Entries are not removed by judge (another request may be between
    // its find and its judge); the oldest go beyond MAX_PENDING.
    const key = `${f.source}\n${f.ref.orderId}\n${f.ref.orderHash}`;
    found.delete(key); // re-inserted last: eviction takes the least recently read
    found.set(key, f);
    while (found.size > MAX_PENDING) found.delete(found.keys().next().value!);
    return { ...f.ref, source: f.source };
  };
  const fromDesk = async (orderId: string): Promise<OrderRef | 'unknown' | 'unreachable'> => {
    if (!o.desk) return 'unknown';
    let d: DeskOrder | undefined;
    try {
      d = await o.desk(orderId);
    } catch (e) {
      alarm('RDHI_DESK_UNAVAILABLE', `order ${orderId}: ${e instanceof Error ? e.message : String(e)}`);
      return 'unreachable';
    }
    if (d === undefined) return 'unknown';
    const f: Found = { ref: { orderId, orderHash: typeof d.hash === 'string' ? d.hash : '' }, source: 'desk', state: d.state };
    readInto(f, orderId, d.bundle, d.identifierSalt, d.hash);
    return remember(f);
  };
  const fromFile = async (orderId: string): Promise<OrderRef | undefined> => {
    let text: string;
    try {
      text = await readFile(join(o.ordersDir, `${orderId}.json`), 'utf8');
    } catch {
      return undefined;
    }
    const f: Found = { ref: { orderId, orderHash: createHash('sha256').update(text).digest('hex') }, source: 'file' };
    let raw: Partial<RdhiOrderFile> = {};
    try {
      if (text.length > MAX_FILE) throw new Error('the bundle file is too large');
      raw = JSON.parse(text) as Partial<RdhiOrderFile>;
    } catch (e) {
      f.invalid = e instanceof Error ? e.message : String(e);
    }
    if (f.invalid === undefined) readInto(f, orderId, raw, raw.identifierSalt);
    return remember(f);
  };
  return {
    async find(orderId) {
      if (!SAFE_ID.test(orderId)) return undefined;
      const desk = await fromDesk(orderId);
      if (typeof desk === 'object') return desk;
      const file = await fromFile(orderId);
      if (file === undefined && desk === 'unreachable') throw new OrderSourceUnavailable('RDHI_DESK_UNAVAILABLE', `the warrant desk cannot be asked for order ${orderId} and no order file serves it`);
      return file;
    },
    async judge(ref: OrderRef, request: ExactRdRequest, peer: string, now: Date) {
      const source = ref.source ?? 'file';
      const f = found.get(`${source}\n${ref.orderId}\n${ref.orderHash}`);
      if (!f?.bundle || !f.salt) return refuse('ORDER_INVALID', `order bundle ${ref.orderId} (${source}): ${f?.invalid ?? 'not read'}`);
      const { order, signatures, revocations } = f.bundle;
      // The agency the order was granted to is the one asking (TLS client certificate identity).
      if (order.agency.id !== peer) return refuse('ORDER_WRONG_AGENCY', `the order was granted to ${order.agency.id}, not to ${peer}`);
      const profile = o.profiles.get(order.profileId);
      if (!profile) return refuse('ORDER_PROFILE_UNKNOWN', `this RDHI does not hold production-order profile ${order.profileId}`);
      let keys: KeyRegistry;
      try {
        keys = await o.keys.current();
      } catch (e) {
        // Fail closed: an order is never judged with keys whose revocations could not be read.
        const message = e instanceof Error ? e.message : String(e);
        alarm('RDHI_KEYS_UNAVAILABLE', message);
        return { ok: false, code: 'RDHI_KEYS_UNAVAILABLE', refusal: 'unavailable', message: 'the authorities\' key revocations cannot be read now' };
      }
      const d = authoriseRdRequest(order, signatures, keys, profile, now, request, { revocations });
      if (!d.ok) return refuse(d.error.code, d.error.message);
      // The desk's own view, on top of the RDHI's verification: anything but Active is refused.
      if (f.source === 'desk' && f.state !== 'Active') return refuse('ORDER_NOT_ACTIVE', `the warrant desk reports the order ${f.state ?? 'without a state'}`);
      const c = rdIdentifierCommitInput(d.identifier);
      return { ok: true, identifierCommitment: commitTarget(f.salt, c.kind, c.value) } as const;
    },
  };
}

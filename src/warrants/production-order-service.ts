/**
 * ProductionOrderService: the lifecycle of production orders — submit → signatures → Active →
 * Expired / Revoked / Lapsed — over the order store, an audit sink, the key registry, the
 * production-order profiles and a clock. Fail closed like WarrantService: each operation decides
 * inside one store transaction, appends its audit event(s) inside it, and only then commits; a
 * refused audit append rolls everything back (ORDER_AUDIT_FAILED); a refusal writes nothing and is
 * audited as `order.refused`.
 */
import type { Clock } from './model.ts';
import { orderCanonicalText, orderRevocationMessage, validateProductionOrder } from './production-order-canonical.ts';
import { sha256Hex } from './canonical.ts';
import { ProductionOrderError } from './production-order-errors.ts';
import type { OrderAuditEvent, OrderAuditSink, OrderTerms } from './production-order-events.ts';
import { ORDER_TRANSITIONS, type OrderIdentifier, type OrderRevocation, type OrderSignature, type OrderState, type ProductionOrder, type ProductionOrderDraft, type ProductionOrderRecord } from './production-order-model.ts';
import type { ProductionOrderProfile } from './production-order-profiles.ts';
import type { OrderFilter, OrderStore, OrderStoreTx } from './production-order-store.ts';
import { checkOrderContent, checkSignatures, verifyOrderSignature, verifyProductionOrder } from './production-order-verify.ts';
import type { KeyRegistry } from './keys.ts';

export interface ProductionOrderServiceDeps {
  store: OrderStore;
  audit: OrderAuditSink;
  keys: KeyRegistry;
  profiles: ReadonlyMap<string, ProductionOrderProfile>;
  clock: Clock;
  /**
   * Salted commitment of an identifier for the log; absent: kinds only. The composition root builds
   * it from src/audit: commitTarget(warrantSalt(identityKey, orderId), …rdIdentifierCommitInput(identifier))
   * — the same value the RDHI writes into rd.disclosed (src/audit/rd-events.ts).
   */
  commitIdentifier?: (orderId: string, identifier: OrderIdentifier) => string;
}

interface Mutation {
  record: ProductionOrderRecord;
  update: boolean;
  events: OrderAuditEvent[];
}

const LIVE: OrderState[] = ['AwaitingApproval', 'Active'];

export class ProductionOrderService {
  constructor(private readonly deps: ProductionOrderServiceDeps) {}

  get(id: string): Promise<ProductionOrderRecord | undefined> {
    return this.deps.store.get(id);
  }
  list(filter?: OrderFilter): Promise<ProductionOrderRecord[]> {
    return this.deps.store.list(filter);
  }

  /** Checks the draft against its profile (period in the past, look-back, validity) and stores it AwaitingApproval. */
  submit(draft: ProductionOrderDraft): Promise<ProductionOrderRecord> {
    return this.#run('submit', draft, (tx, now) => {
      const order = validateProductionOrder(draft);
      checkOrderContent(order, this.#profile(order.profileId), now);
      const canonical = orderCanonicalText(order);
      const at = now.toISOString();
      const record: ProductionOrderRecord = {
        order: JSON.parse(canonical) as ProductionOrder,
        canonical,
        hash: sha256Hex(canonical),
        state: 'AwaitingApproval',
        signatures: [],
        revocations: [],
        createdAt: at,
        updatedAt: at,
        version: 1,
        history: [{ seq: 1, from: null, to: 'AwaitingApproval', at, reason: 'submitted' }],
      };
      return Promise.resolve({ record, update: false, events: [{ type: 'order.submitted', ...this.#base(record, now), terms: this.#terms(record.order) }] });
    });
  }

  /**
   * Adds an approval signature, verified now. The signature that completes the authorisation makes
   * the order Active — only if the whole order then verifies (verifyProductionOrder); otherwise the
   * signature is refused and nothing changes. A confirming signature of an urgent order (e.g. the
   * Court under PECA s.31) is added while it is Active.
   */
  addSignature(id: string, signature: OrderSignature): Promise<ProductionOrderRecord> {
    return this.#run('addSignature', { id }, async (tx, now) => {
      const rec = next(await this.#load(tx, id), now);
      if (!LIVE.includes(rec.state)) throw badState(rec, 'addSignature');
      const profile = this.#profile(rec.order.profileId);
      const rule = checkOrderContent(rec.order, profile);
      const signatures = [...rec.signatures, signature];
      const status = checkSignatures(rec.canonical, rule, signatures, this.deps.keys, now);
      rec.signatures = signatures;
      const events: OrderAuditEvent[] = [
        { type: 'order.signature-added', ...this.#base(rec, now), authorityId: signature.authorityId, keyId: signature.keyId, role: signature.role, signedAt: signature.signedAt },
      ];
      if (status.complete) {
        const d = verifyProductionOrder(rec.order, signatures, this.deps.keys, profile, now);
        if (!d.ok) throw d.error;
        if (d.confirmBy !== undefined && d.approval === 'urgent') rec.confirmBy = d.confirmBy;
        else delete rec.confirmBy;
        if (rec.state === 'AwaitingApproval') events.push(transition(rec, 'Active', d.approval === 'urgent' ? 'urgent authorisation signed' : 'authorisation signed', now, this.#base(rec, now)));
      }
      return { record: rec, update: true, events };
    });
  }

  /** A signed revocation (a role of the profile's revocationRoles): Revoked at once. */
  revoke(id: string, revocation: OrderRevocation): Promise<ProductionOrderRecord> {
    return this.#run('revoke', { id }, async (tx, now) => {
      const rec = next(await this.#load(tx, id), now);
      if (!LIVE.includes(rec.state)) throw badState(rec, 'revoke');
      const profile = this.#profile(rec.order.profileId);
      if (!profile.revocationRoles.includes(revocation.role)) {
        throw new ProductionOrderError('ORDER_SIGNATURE_WRONG_ROLE', `${revocation.role} may not revoke under ${profile.id} (${profile.revocationRoles.join(', ')})`);
      }
      verifyOrderSignature(revocation, orderRevocationMessage(rec.hash, revocation.signedAt, revocation.reason), this.deps.keys, now);
      rec.revocations = [...rec.revocations, revocation];
      const base = this.#base(rec, now);
      return {
        record: rec,
        update: true,
        events: [{ type: 'order.revocation', ...base, authorityId: revocation.authorityId, keyId: revocation.keyId, role: revocation.role, signedAt: revocation.signedAt }, transition(rec, 'Revoked', `revoked: ${revocation.reason}`.slice(0, 200), now, base)],
      };
    });
  }

  /** Expiry sweep: past validUntil → Expired; an urgent order past its confirmation deadline → Lapsed. */
  async tick(now: Date = this.deps.clock.now()): Promise<ProductionOrderRecord[]> {
    const out: ProductionOrderRecord[] = [];
    for (const c of await this.deps.store.list({ states: LIVE })) {
      const lapse = c.state === 'Active' && c.confirmBy !== undefined && now.getTime() >= Date.parse(c.confirmBy);
      if (!lapse && now.getTime() < Date.parse(c.order.validUntil)) continue;
      out.push(
        await this.#run(
          'tick',
          { id: c.order.id },
          async (tx) => {
            const rec = next(await this.#load(tx, c.order.id), now);
            const to: OrderState = lapse ? 'Lapsed' : 'Expired';
            const reason = lapse ? `not confirmed by ${c.confirmBy!}` : `valid until ${c.order.validUntil}`;
            return { record: rec, update: true, events: [transition(rec, to, reason, now, this.#base(rec, now))] };
          },
          now,
        ),
      );
    }
    return out;
  }

  #profile(id: string): ProductionOrderProfile {
    const p = this.deps.profiles.get(id);
    if (!p) throw new ProductionOrderError('ORDER_PROFILE_UNKNOWN', `production-order profile ${id} is not loaded`, { details: { profileId: id } });
    return p;
  }

  async #load(tx: OrderStoreTx, id: string): Promise<ProductionOrderRecord> {
    const rec = await tx.get(id);
    if (!rec) throw new ProductionOrderError('ORDER_NOT_FOUND', `no production order ${id}`, { details: { orderId: id } });
    return rec;
  }

  #base(rec: ProductionOrderRecord, now: Date): EventBase {
    return { at: now.toISOString(), orderId: rec.order.id, orderHash: rec.hash, profileId: rec.order.profileId, agencyId: rec.order.agency.id };
  }

  #terms(o: ProductionOrder): OrderTerms {
    const commit = this.deps.commitIdentifier;
    return {
      authorisation: o.authorisation,
      purpose: o.purpose,
      urgent: o.urgent,
      categories: [...o.categories],
      period: { ...o.period },
      validUntil: o.validUntil,
      operators: [...o.operators],
      identifiers: o.identifiers.map((i) => (commit ? { kind: i.kind, commitment: commit(o.id, i) } : { kind: i.kind })),
      offence: o.offence,
      legalBasis: o.legalBasis,
    };
  }

  async #run(operation: string, input: { id?: unknown }, decide: (tx: OrderStoreTx, now: Date) => Promise<Mutation>, at?: Date): Promise<ProductionOrderRecord> {
    const now = at ?? this.deps.clock.now();
    let appended: Mutation | undefined;
    try {
      const m = await this.deps.store.transaction(async (tx) => {
        const mut = await decide(tx, now);
        if (mut.update) await tx.update(mut.record, mut.record.version - 1);
        else await tx.insert(mut.record);
        for (const e of mut.events) {
          try {
            await this.deps.audit.append(e);
          } catch (cause) {
            throw new ProductionOrderError('ORDER_AUDIT_FAILED', `${operation}: the audit sink refused the event; nothing was changed`, { cause });
          }
          appended = mut;
        }
        return mut;
      });
      return m.record;
    } catch (e) {
      if (e instanceof ProductionOrderError && e.code === 'ORDER_AUDIT_FAILED') throw e;
      if (appended) {
        await this.deps.audit.append({ type: 'order.aborted', ...this.#base(appended.record, now), operation, reason: e instanceof Error ? e.message : String(e) }).catch(() => undefined);
        throw e;
      }
      if (e instanceof ProductionOrderError) await this.#refused(operation, input, e, now);
      throw e;
    }
  }

  async #refused(operation: string, input: { id?: unknown }, error: ProductionOrderError, now: Date): Promise<void> {
    const event: OrderAuditEvent = { type: 'order.refused', at: now.toISOString(), operation, code: error.code, message: error.message };
    if (typeof input.id === 'string') {
      event.orderId = input.id;
      const rec = await this.deps.store.get(input.id).catch(() => undefined);
      if (rec) Object.assign(event, { orderHash: rec.hash, profileId: rec.order.profileId, agencyId: rec.order.agency.id });
    }
    try {
      await this.deps.audit.append(event);
    } catch (cause) {
      throw new ProductionOrderError('ORDER_AUDIT_FAILED', `${operation} refused (${error.code}) and the refusal could not be audited`, { cause, details: { refusedCode: error.code } });
    }
  }
}

function next(rec: ProductionOrderRecord, now: Date): ProductionOrderRecord {
  return { ...rec, signatures: [...rec.signatures], revocations: [...rec.revocations], history: [...rec.history], updatedAt: now.toISOString(), version: rec.version + 1 };
}

function badState(rec: ProductionOrderRecord, operation: string): ProductionOrderError {
  return new ProductionOrderError('ORDER_BAD_STATE', `${operation} is not allowed while the order is ${rec.state}`, { details: { state: rec.state, operation } });
}

interface EventBase {
  at: string;
  orderId: string;
  orderHash: string;
  profileId: string;
  agencyId: string;
}

function transition(rec: ProductionOrderRecord, to: OrderState, reason: string, now: Date, base: EventBase): OrderAuditEvent {
  const from = rec.state;
  if (!ORDER_TRANSITIONS[from].includes(to)) throw new ProductionOrderError('ORDER_BAD_STATE', `order ${rec.order.id} cannot go from ${from} to ${to}`, { details: { from, to } });
  rec.state = to;
  rec.history.push({ seq: rec.history.length + 1, from, to, at: now.toISOString(), reason });
  return { type: 'order.transition', ...base, from, to, reason };
}

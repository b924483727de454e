/**
 * Agency / authority / RDHI side of production orders on HI-1 (TS 103 120): submit an order as a
 * CREATE of its Authorisation and LDTaskObjects, add approval signatures or a revocation as an
 * UPDATE with ApprovalDetails, and read orders back (GET / LIST). docs/hi1-intake.md "Production
 * orders on HI-1". Refusals throw Hi1ActionRefused (HI-1 Annex D errorCode; `reasonCode` = the
 * desk's code, e.g. ORDER_SIGNATURE_WRONG_ROLE).
 */
import { createHash } from 'node:crypto';
import { WarrantedError } from '../../platform/errors.ts';
import type { AuthorisationObject, Hi1Object } from '../../standards/hi1/index.ts';
import type { OrderBundle } from '../production-order-bundle.ts';
import type { OrderRevocation, OrderSignature, OrderState, ProductionOrder } from '../production-order-model.ts';
import { actionResponses, firstResponse, Hi1ActionRefused, type Hi1Client } from './client.ts';
import { dict } from './mapping.ts';
import { decodeOrderParameters, isOrderParameters, orderDocumentIdFor, orderToHi1Objects } from './order-mapping.ts';
import { approvalToOrder, orderRevocationToApproval, orderSignatureToApproval } from './order-render.ts';

/** An order as the desk shows it to this peer. */
export interface DeskOrder {
  state: OrderState;
  /** Hex SHA-256 of `canonical` (the DocumentObject's Checksum). */
  hash: string;
  /** The canonical text approvers sign (signOrderApproval). */
  canonical: string;
  bundle: OrderBundle;
  /** Hex; only for the RDHI identity of an operator the order is addressed to. */
  identifierSalt?: string;
}

const bad = (why: string): never => {
  throw new WarrantedError('DESK_BAD_RESPONSE', `production order from the desk: ${why}`);
};

/** The DeskOrder an Authorisation and its canonical Document describe (checked: checksum, id). */
export function deskOrderOf(auth: Hi1Object, doc: Hi1Object): DeskOrder | undefined {
  if (auth.objectType !== 'Authorisation' || !isOrderParameters(auth.nationalAuthorisationParameters)) return undefined;
  if (doc.objectType !== 'Document' || !doc.documentBody?.contents) return bad('canonical document without body');
  const p = decodeOrderParameters(auth.nationalAuthorisationParameters);
  const canonical = new TextDecoder('utf-8', { fatal: true }).decode(doc.documentBody.contents);
  const hash = createHash('sha256').update(canonical, 'utf8').digest('hex');
  if (doc.documentBody.checksum !== hash) bad('the document checksum is not the SHA-256 of its body');
  if ((JSON.parse(canonical) as { id?: unknown }).id !== auth.objectIdentifier) bad('the canonical text is of another order');
  if (p.state === undefined) bad('OrderState missing');
  const signatures: OrderSignature[] = [];
  const revocations: OrderRevocation[] = [];
  for (const a of auth.authorisationApprovalDetails ?? []) {
    const x = approvalToOrder(a);
    if ('approval' in x) signatures.push(x.approval);
    else revocations.push(x.revocation);
  }
  const out: DeskOrder = { state: p.state!, hash, canonical, bundle: { canonical, signatures, revocations } };
  if (p.identifierSalt !== undefined) out.identifierSalt = p.identifierSalt;
  return out;
}

/** CREATE of the order's Authorisation and LDTasks; the order as the desk then holds it. */
export async function submitOrder(c: Hi1Client, order: ProductionOrder): Promise<DeskOrder> {
  const objects = orderToHi1Objects(order, c.countryCode);
  firstResponse(await c.send(objects.map((object) => ({ verb: 'CREATE' as const, object }))));
  return mustFetch(c, order.id);
}

function update(c: Hi1Client, id: string, extra: Partial<AuthorisationObject>): Promise<unknown> {
  const object: AuthorisationObject = { objectType: 'Authorisation', objectIdentifier: id, countryCode: c.countryCode, ...extra };
  return c.send([{ verb: 'UPDATE', object }]).then(firstResponse);
}

/** UPDATE adding approval signatures (over the canonical text): all applied or none. */
export async function signOrder(c: Hi1Client, id: string, signatures: OrderSignature[]): Promise<DeskOrder> {
  await update(c, id, { authorisationApprovalDetails: signatures.map((s) => orderSignatureToApproval(s, c.countryCode)) });
  return mustFetch(c, id);
}

/** UPDATE with one signed revocation (ApprovalType Revocation, DesiredStatus Cancelled). */
export async function revokeOrder(c: Hi1Client, id: string, revocation: OrderRevocation): Promise<DeskOrder> {
  await update(c, id, { authorisationDesiredStatus: dict('AuthorisationDesiredStatus', 'Cancelled'), authorisationApprovalDetails: [orderRevocationToApproval(revocation, c.countryCode)] });
  return mustFetch(c, id);
}

async function mustFetch(c: Hi1Client, id: string): Promise<DeskOrder> {
  return (await fetchOrder(c, id)) ?? bad(`order ${id} is not visible after the desk accepted the action`);
}

/** undefined: the desk does not know the order, or this peer may not see it. */
export async function fetchOrder(c: Hi1Client, id: string): Promise<DeskOrder | undefined> {
  return (await fetchOrders(c, [id]))[0];
}

/**
 * Several orders in one HI-1 message (§6.4.4: a message carries many actions): a GET of each
 * Authorisation and of its canonical document. An id that is no order this peer may see (unknown,
 * another agency's, a warrant) answers 3014 and is undefined in the result.
 */
async function fetchOrders(c: Hi1Client, ids: readonly string[]): Promise<(DeskOrder | undefined)[]> {
  if (ids.length === 0) return [];
  const rs = actionResponses(await c.send(ids.flatMap((id) => [{ verb: 'GET' as const, identifier: id }, { verb: 'GET' as const, identifier: orderDocumentIdFor(id) }])));
  return ids.map((_, i) => {
    const [a, d] = [rs.find((r) => r.actionIdentifier === 2 * i), rs.find((r) => r.actionIdentifier === 2 * i + 1)];
    for (const r of [a, d]) {
      if (r?.verb === 'ErrorInformation') {
        if (r.error.errorCode === 3014) return undefined;
        throw new Hi1ActionRefused(r.error.errorCode, r.error.errorDescription);
      }
    }
    if (a?.verb !== 'GETResponse' || d?.verb !== 'GETResponse') return bad('expected two GETResponses');
    return deskOrderOf(a.object, d.object);
  });
}

/** The orders this peer may see: one LIST of Authorisations, then one message of GETs for them all. */
export async function listOrders(c: Hi1Client): Promise<DeskOrder[]> {
  const ids = (await c.list({ objectType: dict('ObjectType', 'Authorisation') })).map((r) => r.identifier);
  return (await fetchOrders(c, ids)).filter((o): o is DeskOrder => o !== undefined);
}

/**
 * The agency's production orders as the console lists them: asked of the warrant desk over HI-1 with
 * the agency's own client certificate (`listOrders`, src/warrants/desk/order-client.ts — the desk
 * shows an agency only its own orders), each read from its signed bundle: the canonical text is
 * parsed by readOrderBundle (a text that is not canonical is refused, not repaired), so the page
 * shows the terms the approvers signed, not a copy the agency keeps.
 */
import { readOrderBundle, type OrderBundle } from '../../warrants/index.ts';
import type { RdOrderView } from './view.ts';

/** What the desk returns for one order (src/warrants/desk/order-client.ts DeskOrder). */
export interface DeskOrderLike {
  state: string;
  hash: string;
  canonical: string;
  bundle: OrderBundle;
}

export interface RdOrderSource {
  /** The orders the desk shows this agency. */
  list(): Promise<RdOrderView[]>;
}

/** The view of one order; undefined when its bundle does not read (not shown, never repaired). */
export function orderView(d: DeskOrderLike): RdOrderView | undefined {
  let o;
  try {
    o = readOrderBundle(d.bundle).order;
  } catch {
    return undefined;
  }
  return {
    id: o.id,
    reference: o.reference,
    state: d.state,
    hash: d.hash,
    identifiers: o.identifiers.map((i) => ({ ...i })),
    categories: [...o.categories],
    period: { ...o.period },
    operators: [...o.operators],
    validUntil: o.validUntil,
    profileId: o.profileId,
    legalBasis: o.legalBasis,
  };
}

/** An order source over the desk's `listOrders` (injected so the console does not hold the HI-1 client itself). */
export function deskOrderSource(list: () => Promise<readonly DeskOrderLike[]>): RdOrderSource {
  return {
    async list() {
      return (await list()).map(orderView).filter((v): v is RdOrderView => v !== undefined);
    },
  };
}

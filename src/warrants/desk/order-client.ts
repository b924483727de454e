/**
 * Agency / authority / RDHI side of production orders on HI-1 (TS 103 120): submit an order as a
 * CREATE of its Authorisation and LDTaskObjects, add approval signatures or a revocation as an
 * UPDATE with ApprovalDetails, and read orders back (GET / LIST). docs/hi1-intake.md "Production
 * orders on HI-1". Refusals throw Hi1ActionRefused (HI-1 error code, order error code in the text).
 */
import type { OrderBundle } from '../production-order-bundle.ts';
import type { OrderRevocation, OrderSignature, OrderState, ProductionOrder } from '../production-order-model.ts';
import type { Hi1Client } from './client.ts';

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

export function submitOrder(_c: Hi1Client, _order: ProductionOrder): Promise<DeskOrder> {
  return Promise.reject(new Error('not yet'));
}

export function signOrder(_c: Hi1Client, _id: string, _signatures: OrderSignature[]): Promise<DeskOrder> {
  return Promise.reject(new Error('not yet'));
}

export function revokeOrder(_c: Hi1Client, _id: string, _revocation: OrderRevocation): Promise<DeskOrder> {
  return Promise.reject(new Error('not yet'));
}

/** undefined: the desk does not know the order, or this peer may not see it. */
export function fetchOrder(_c: Hi1Client, _id: string): Promise<DeskOrder | undefined> {
  return Promise.reject(new Error('not yet'));
}

/** The orders this peer may see. */
export function listOrders(_c: Hi1Client): Promise<DeskOrder[]> {
  return Promise.reject(new Error('not yet'));
}

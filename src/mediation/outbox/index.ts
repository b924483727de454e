/** The MDF's durable outbox (docs/mediation.md "Outbox"): one per LEMF destination, behind DeliveryQueue. */
export { DurableOutbox, type OutboxOptions, type OutboxRecord } from './outbox.ts';
export { ERROR_CODES } from './errors.ts';

/** The MDF's durable outbox (docs/mediation.md "Outbox"): one per LEMF destination, behind DeliveryQueue. */
export { DurableOutbox } from './outbox.ts';
export type { OutboxOptions, OutboxRecord } from './options.ts';
export { ERROR_CODES } from './errors.ts';

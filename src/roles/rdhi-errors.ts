/**
 * Codes of the operator's RDHI as the network role composes it (rdhi-orders.ts, rdhi-keys.ts,
 * rdhi-server.ts): refusals recorded as `rd.refused` with these codes, and alarms. Rows in
 * docs/errors/retained-data.md ("The RDHI role").
 */
export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'ORDER_WRONG_AGENCY', meaning: 'The production order was granted to another agency than the one asking (the TLS client certificate identity): refused 401, nothing read.' },
  { code: 'RDHI_DESK_UNAVAILABLE', meaning: 'Alarm, and refusal (503) when no order file serves the order either: the warrant desk could not be asked for the order (unreachable, refused the RDHI, or answered something that is not an order).' },
  { code: 'RDHI_KEYS_UNAVAILABLE', meaning: 'Alarm and refusal (503): the transparency log could not be read for the authorities\' key revocations and validity, so no order is judged.' },
];

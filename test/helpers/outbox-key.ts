/** The outbox key of test MDFs (every process of one test uses the same one, so a restarted MDF can read its outbox). */
export const TEST_OUTBOX_KEY: Uint8Array = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);

/** A fixed LEMF evidence master key for tests (a deployment's is 32 random octets made by `warranted init`). */
export const TEST_EVIDENCE_KEY: Uint8Array = new Uint8Array(32).map((_, i) => (i * 53 + 7) & 0xff);

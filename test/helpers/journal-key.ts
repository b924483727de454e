/** A fixed ADMF X1-journal key for tests (a deployment derives it from control.identityKey: journalKeyFrom). */
export const TEST_JOURNAL_KEY: Uint8Array = new Uint8Array(32).map((_, i) => (i * 29 + 3) & 0xff);

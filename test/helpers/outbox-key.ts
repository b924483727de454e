/** The outbox key of test MDFs (every process of one test uses the same one, so a restarted MDF can read its outbox). */
export const TEST_OUTBOX_KEY: Uint8Array = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);

import { seal, stateKeyFrom, unseal } from '../../src/mediation/state.ts';

/** The key the test MDFs seal their state file (state/x1.json) with. */
export const TEST_STATE_KEY: Uint8Array = stateKeyFrom(TEST_OUTBOX_KEY);

/** A sealed state file's text, each line unsealed (what the MDF reads). */
export function unsealedState(text: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : (unseal(TEST_STATE_KEY, l) ?? `<unauthenticated ${l.length} chars>`)))
    .join('\n');
}

/** Plain state text sealed line by line, as the MDF would have written it. */
export function sealedState(text: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : seal(TEST_STATE_KEY, l)))
    .join('\n');
}

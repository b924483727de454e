/**
 * Error codes the durable outbox adds to mediation's (src/mediation/errors.ts lists the others it
 * raises: MDF_OUTBOX_FAILED, MDF_STATE_CORRUPT). Documented in docs/errors/mediation.md.
 */
import { MediationRefusal } from '../errors.ts';

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  {
    code: 'MDF_OUTBOX_QUOTA',
    meaning:
      "A destination's outbox would exceed its disk quota: the record is refused (nothing of it is written), alarmed and audited, never silently dropped; appends succeed again once the LEMF confirms enough records.",
  },
  {
    code: 'MDF_OUTBOX_WRONG_KEY',
    meaning: "The outbox was written under another encryption key than the deployment's secrets give now: the MDF refuses to open it (fail closed) and leaves it as found.",
  },
];

/** A file of the outbox cannot be trusted: refuse to start over it, leave it as found. */
export function corrupt(dir: string, what: string, cause?: unknown): MediationRefusal {
  return new MediationRefusal('MDF_STATE_CORRUPT', `outbox ${dir}: ${what}`, cause === undefined ? {} : { cause });
}

/** An I/O failure of the outbox: delivery from it stops (fail closed). */
export function failed(dir: string, what: string, cause?: unknown): MediationRefusal {
  return new MediationRefusal('MDF_OUTBOX_FAILED', `outbox ${dir}: ${what}`, cause === undefined ? {} : { cause });
}

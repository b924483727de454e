/**
 * Typed errors of the witness service (src/witness). The C2SP tlog-witness protocol defines HTTP
 * status codes, not error codes: the standard-code column is the status the spec prescribes
 * (c2sp.org/tlog-witness §add-checkpoint). Documented in docs/errors/witness.md.
 */
import { WarrantedError, type WarrantedErrorOptions } from '../platform/errors.ts';

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'WITNESS_BAD_REQUEST', standardCode: 400, meaning: 'The add-checkpoint body is malformed (old size line, proof lines, blank line, checkpoint note), the old size exceeds the checkpoint size, or a proof is sent with old size 0; nothing changed.' },
  { code: 'WITNESS_BODY_TOO_LARGE', standardCode: 413, meaning: 'The request body exceeds the witness limit; nothing changed.' },
  { code: 'WITNESS_UNKNOWN_LOG', standardCode: 404, meaning: 'The checkpoint origin is not a log this witness is configured for.' },
  { code: 'WITNESS_BAD_SIGNATURE', standardCode: 403, meaning: "No signature on the checkpoint verifies under the log's configured key." },
  { code: 'WITNESS_CONFLICT', standardCode: 409, meaning: 'The old size is not the size of the latest checkpoint this witness cosigned for the log (the body names that size), or the checkpoint has that size with another root hash.' },
  { code: 'WITNESS_BAD_PROOF', standardCode: 422, meaning: 'The consistency proof from the latest cosigned checkpoint to the submitted one does not verify (RFC 9162 §2.1.4.2).' },
  { code: 'WITNESS_CLIENT_REFUSED', standardCode: 403, meaning: "The client's certificate identity is not among the witness's allowed submitters." },
  { code: 'WITNESS_FORK_DETECTED', meaning: 'Alarm: the log signed a checkpoint that contradicts one this witness cosigned (same size another root, a failed consistency proof, or a smaller tree signed later); the evidence was kept on disk.' },
  { code: 'WITNESS_STATE_UNREADABLE', meaning: 'At start: a stored latest checkpoint does not parse or verify under the configured log key; the witness refuses to start rather than forget what it cosigned.' },
  { code: 'WITNESS_STATE_WRITE_FAILED', standardCode: 500, meaning: 'The new latest checkpoint could not be made durable; no cosignature was returned.' },
];

export type WitnessErrorCode =
  | 'WITNESS_BAD_REQUEST'
  | 'WITNESS_BODY_TOO_LARGE'
  | 'WITNESS_UNKNOWN_LOG'
  | 'WITNESS_BAD_SIGNATURE'
  | 'WITNESS_CONFLICT'
  | 'WITNESS_BAD_PROOF'
  | 'WITNESS_CLIENT_REFUSED'
  | 'WITNESS_FORK_DETECTED'
  | 'WITNESS_STATE_UNREADABLE'
  | 'WITNESS_STATE_WRITE_FAILED';

export class WitnessError extends WarrantedError {
  declare readonly code: WitnessErrorCode;
  constructor(code: WitnessErrorCode, message: string, options: WarrantedErrorOptions = {}) {
    super(code, message, options);
  }
}

/** A refusal of one add-checkpoint request: the HTTP status the spec prescribes, and its code. */
export class WitnessRefusal extends WitnessError {
  constructor(
    readonly status: number,
    code: WitnessErrorCode,
    message: string,
    /** 409 only: the size of the latest cosigned checkpoint (the response body). */
    readonly latestSize?: number,
  ) {
    super(code, message, { standardCode: status });
  }
}

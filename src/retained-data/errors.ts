/** Errors of the operator's retained-data store (src/retained-data). */
import { WarrantedError, type WarrantedErrorOptions } from '../platform/errors.ts';

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'RETAINED_NOT_EXACT', meaning: 'A query names no exact identifier (a pattern, range, prefix, wildcard, the unspecified address or an unknown kind): refused, nothing read.' },
  { code: 'RETAINED_BAD_PERIOD', meaning: 'A query period is missing, not a valid time, or ends before it starts.' },
  { code: 'RETAINED_PORT_REQUIRED', meaning: 'An IP address + time query names a CGNAT public address but no port: the address alone is shared by many subscribers, so nothing is returned.' },
  { code: 'RETAINED_AMBIGUOUS', meaning: 'An IP address + time (+ port) query matches sessions of more than one subscriber (overlapping bindings): refused rather than disclosing several subscribers.' },
  { code: 'RETAINED_BAD_RECORD', meaning: 'A record handed to the store is malformed (an identity that is not digits, a time that is not a number, a port block outside 0..65535): the whole batch is refused.' },
  { code: 'RETAINED_BAD_RETENTION', meaning: 'A retention period is not of the form P…Y…M…D or PT…H (ISO 8601 durations, whole numbers), or is zero.' },
  { code: 'RETAINED_STORE_CLOSED', meaning: 'The store (or its batch writer) was used after close().' },
  { code: 'RETAINED_RETENTION_UNLOGGED', meaning: 'Alarm of the network role: a retention deletion could not be appended to the transparency log, so it was rolled back (nothing deleted); the next sweep retries.' },
  { code: 'RETAINED_WRITE_FAILED', meaning: "Alarm of the network role: a batch could not be written to the operator's store (the batch is kept and retried at the next flush)." },
];

export class RetainedDataError extends WarrantedError {
  constructor(code: string, message: string, options: WarrantedErrorOptions = {}) {
    super(code, message, options);
  }
}

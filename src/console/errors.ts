/**
 * Errors of the monitoring-centre console. Each carries the HTTP status the server answers with;
 * messages never carry target identities or content (they reach browsers and logs).
 */
import { WarrantedError, type WarrantedErrorOptions } from '../platform/errors.ts';

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'CONSOLE_BAD_REQUEST', meaning: 'A console API request is malformed: an id, parameter, body or query outside its allowed form or size (HTTP 400).' },
  { code: 'CONSOLE_UNAUTHENTICATED', meaning: 'No valid console session: log in first (HTTP 401).' },
  { code: 'CONSOLE_FORBIDDEN', meaning: 'The user is not assigned this warrant, or their role may not do this (HTTP 403).' },
  { code: 'CONSOLE_NOT_FOUND', meaning: 'No such warrant, record, call or export among those the user may see (HTTP 404).' },
  { code: 'CONSOLE_RETENTION_ENDED', meaning: "The warrant's retention has ended and its material was destroyed; nothing of it can be read (HTTP 410)." },
  { code: 'CONSOLE_CONFLICT', meaning: 'The change collides with what exists, e.g. a user of that name already exists (HTTP 409).' },
  { code: 'CONSOLE_TOO_LARGE', meaning: 'The request body is larger than the console accepts (HTTP 413).' },
  { code: 'CONSOLE_LOCKED', meaning: 'The account is locked after repeated failed logins; a supervisor unlocks it, or it unlocks itself after 15 minutes (HTTP 423).' },
  { code: 'CONSOLE_INTERNAL', meaning: 'An unexpected failure inside the console; nothing of it is disclosed to the browser, an alarm is raised (HTTP 500).' },
  { code: 'CONSOLE_ACCESS_LOG_UNAVAILABLE', meaning: 'The access log could not record this look, so nothing is shown (fail closed) and an alarm is raised (HTTP 503).' },
  { code: 'CONSOLE_RD_UNAVAILABLE', meaning: "The operator's RDHI could not be reached or gave no final answer in time (the request is on the access log as console.rd-failed), or the warrant desk could not be asked for the agency's production orders (nothing sent) (HTTP 502)." },
  { code: 'CONSOLE_RD_BAD_ANSWER', meaning: "The operator's answer does not decode or its retainedDataDigest does not verify under the operator's key (TS 102 657 §8.3); nothing of it is shown (HTTP 502)." },
];

const STATUS: Readonly<Record<string, number>> = {
  CONSOLE_BAD_REQUEST: 400,
  CONSOLE_UNAUTHENTICATED: 401,
  CONSOLE_FORBIDDEN: 403,
  CONSOLE_NOT_FOUND: 404,
  CONSOLE_RETENTION_ENDED: 410,
  CONSOLE_CONFLICT: 409,
  CONSOLE_TOO_LARGE: 413,
  CONSOLE_LOCKED: 423,
  CONSOLE_INTERNAL: 500,
  CONSOLE_ACCESS_LOG_UNAVAILABLE: 503,
  CONSOLE_RD_UNAVAILABLE: 502,
  CONSOLE_RD_BAD_ANSWER: 502,
};

export class ConsoleError extends WarrantedError {
  /** The HTTP status the server answers with. */
  readonly status: number;
  constructor(code: string, message: string, options: WarrantedErrorOptions = {}) {
    super(code, message, options);
    this.status = STATUS[code] ?? 500;
  }
}

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
];

const STATUS: Readonly<Record<string, number>> = {
  CONSOLE_BAD_REQUEST: 400,
  CONSOLE_UNAUTHENTICATED: 401,
  CONSOLE_FORBIDDEN: 403,
  CONSOLE_NOT_FOUND: 404,
  CONSOLE_RETENTION_ENDED: 410,
};

export class ConsoleError extends WarrantedError {
  /** The HTTP status the server answers with. */
  readonly status: number;
  constructor(code: string, message: string, options: WarrantedErrorOptions = {}) {
    super(code, message, options);
    this.status = STATUS[code] ?? 500;
  }
}

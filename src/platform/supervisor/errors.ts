/**
 * Typed errors of the one-machine process supervisor (`warranted up/status/down/supervise`).
 * No standard defines codes for these; they are documented in docs/errors/supervisor.md.
 */
import { WarrantedError, type WarrantedErrorOptions } from '../errors.ts';

export const ERROR_CODES = [
  {
    code: 'SUPERVISOR_ALREADY_RUNNING',
    meaning: 'A live supervisor already holds `<dataDir>/supervisor/lock` (its pid is in the message and in details.pid): one supervisor per data directory. Run `warranted down` first, or `warranted status` to see it.',
  },
  {
    code: 'SUPERVISOR_LOCK_FAILED',
    meaning: 'The supervisor lock could not be created or taken over (file system error, or other supervisors kept racing for it).',
  },
  {
    code: 'SUPERVISOR_START_FAILED',
    meaning: '`warranted up`: the background supervisor exited before every role was up; details.logTail holds the end of `<dataDir>/logs/supervisor.log`.',
  },
  {
    code: 'SUPERVISOR_BAD_STATE',
    meaning: '`<dataDir>/supervisor/state.json` or the lock file exists but cannot be read or parsed.',
  },
] as const satisfies readonly { code: string; standardCode?: number | string; meaning: string }[];

export type SupervisorErrorCode = (typeof ERROR_CODES)[number]['code'];

export class SupervisorError extends WarrantedError {
  declare readonly code: SupervisorErrorCode;
  constructor(code: SupervisorErrorCode, message: string, options: WarrantedErrorOptions = {}) {
    super(code, message, options);
  }
}

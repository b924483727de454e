/**
 * Errors of `warranted rd request` (documented in docs/rd.md "Asking as an agency"). A refusal by the
 * RDHI is not a failure of the command: it is reported with the TS 102 657 categorised error the
 * RDHI sent (RD_CLI_REFUSED, standardCode = its value: 400, 401, 403, 422, 503 …).
 */
import { WarrantedError } from '../../platform/errors.ts';

export const ERROR_CODES = [
  { code: 'RD_CLI_USAGE', meaning: 'Options missing or contradictory: not exactly one identifier, no period for a category that needs one, an unknown agency or operator, an operator without an RDHI.' },
  { code: 'RD_CLI_NO_CREDENTIALS', meaning: "The agency's client credentials or the operator's RDHI public key cannot be found or read." },
  { code: 'RD_CLI_REFUSED', meaning: 'The RDHI refused the request (ErrorMessage or responseFailed); standardCode is the categorised error value it sent.' },
] as const satisfies readonly { code: string; standardCode?: number | string; meaning: string }[];

export class RdCliError extends WarrantedError {}

/** Exit status of each outcome (0 = records received, even none). */
export const RD_EXIT = { usage: 2, refused: 3, wire: 4 } as const;

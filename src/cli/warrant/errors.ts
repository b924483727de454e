/** Errors of the warrant/keys commands (docs/errors/cli-warrant.md). Refusals of the core keep their WARRANT_* codes. */
import { WarrantedError } from '../../platform/errors.ts';

export const ERROR_CODES = [
  { code: 'CLI_USAGE', meaning: 'Options missing or contradictory (e.g. both --generate and --public-key, an unknown role or state).' },
  { code: 'CLI_BAD_KEY_FILE', meaning: 'The signing key file cannot be read or is not a warranted-signing-key-v1 file.' },
  { code: 'CLI_KEY_AUTHORITY_MISMATCH', meaning: 'The key file belongs to another authority than --authority / --officer names.' },
  { code: 'CLI_FAILED', meaning: 'An unexpected failure (not a typed refusal); nothing is reported as done.' },
] as const satisfies readonly { code: string; standardCode?: number | string; meaning: string }[];

export class CliError extends WarrantedError {}

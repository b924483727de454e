/**
 * Typed errors of the deployment file loader (load.ts). One code: every problem of a file is
 * collected first, so that an operator fixes them all in one pass, not one per restart.
 */
import { WarrantedError } from '../errors.ts';

export const ERROR_CODES = [
  {
    code: 'CONFIG_INVALID',
    meaning:
      'The deployment file is unreadable, not valid YAML, or breaks its schema (docs/configuration.md) or a semantic check (unique identities and listen addresses, readable certificate and key files, private keys mode 0600, officers that are compliance-officer authorities). `errors` lists every problem, one `path: expected …, got …` line each.',
  },
] as const satisfies readonly { code: string; standardCode?: number | string; meaning: string }[];

export type ConfigErrorCode = (typeof ERROR_CODES)[number]['code'];

export class ConfigError extends WarrantedError {
  declare readonly code: ConfigErrorCode;
  /** Every problem found, each `path: expected …, got …`. */
  readonly errors: readonly string[];
  constructor(file: string, errors: readonly string[]) {
    super(
      'CONFIG_INVALID',
      `${file}: ${errors.length} problem${errors.length === 1 ? '' : 's'} in the deployment file\n${errors.join('\n')}`,
      { details: { file, errors: [...errors] } },
    );
    this.errors = errors;
  }
}

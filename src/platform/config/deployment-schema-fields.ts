/**
 * Field builders shared by the sections of the deployment file's schema (deployment-schema.ts and
 * deployment-schema-operators.ts): identities, codes, TLS credentials, the store choice.
 */
import { file, path, string } from './scalars.ts';
import { choice, object, type Schema } from './schema.ts';
import type { StoreConfig } from './types.ts';

// The certificate name rule of src/platform/pki.ts (PKI_BAD_NAME): an id is also a TLS identity.
export const identity = (description: string) =>
  string(description, {
    pattern: /^[A-Za-z0-9._-]{1,64}$/,
    patternText: 'an identity (1..64 of A-Z a-z 0-9 . _ -)',
    type: 'identity',
  });
export const countryCode = (description: string) =>
  string(description, {
    pattern: /^[A-Z]{2}$/,
    patternText: 'an ISO 3166-1 alpha-2 code (two capital letters)',
  });
export const digits = (description: string, min: number, max: number) =>
  string(description, {
    pattern: new RegExp(`^\\d{${min},${max}}$`),
    patternText: min === max ? `${min} digits` : `${min}..${max} digits`,
  });

// A C2SP signed-note key name: non-empty, no whitespace, no "+" (src/audit/note.ts checkKeyName).
export const keyName = (description: string) =>
  string(description, {
    pattern: /^[^\s+\p{Cc}]{1,200}$/u,
    patternText: 'a key name (no spaces, no "+")',
    type: 'key name',
  });

export const tls = (whose: string) =>
  object(
    {
      cert: file(`PEM certificate (leaf) of ${whose}; its identity is the section's \`id\`.`),
      key: file(`PEM private key of ${whose} (mode 0600 or stricter).`, { secret: true }),
    },
    `Mutual-TLS credentials of ${whose}, issued by \`ca\`.`,
  );

export const storeChoice = (description: string): Schema<StoreConfig, 'required'> =>
  choice(
    {
      embedded: path('Directory of the embedded (PGlite) database.'),
      postgres: string('PostgreSQL connection URL.', {
        pattern: /^postgres(ql)?:\/\/\S+$/,
        patternText: 'a postgres:// URL',
      }),
    },
    description,
    (key, value) =>
      key === 'embedded'
        ? { kind: 'embedded', dir: value as string }
        : { kind: 'postgres', url: value as string },
  );

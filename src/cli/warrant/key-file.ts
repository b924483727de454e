/**
 * Signing key files of approving authorities (written by `keys add --generate PATH`, mode 0600):
 * JSON { format, authorityId, role, keyId, publicKey (base64 raw Ed25519), privateKeyPem (PKCS#8) }.
 * The private key never enters the data directory: only its holder signs.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { CliError } from './errors.ts';
import { AUTHORITY_ROLES, type AuthorityRole, type Signer, type SigningKey } from '../../warrants/index.ts';

export const KEY_FILE_FORMAT = 'warranted-signing-key-v1';

export interface KeyFile {
  format: typeof KEY_FILE_FORMAT;
  authorityId: string;
  role: AuthorityRole;
  keyId: string;
  publicKey: string;
  privateKeyPem: string;
}

export function writeKeyFile(path: string, key: SigningKey, who: { authorityId: string; role: AuthorityRole; keyId: string }): void {
  const file: KeyFile = {
    format: KEY_FILE_FORMAT,
    ...who,
    publicKey: key.publicKey,
    privateKeyPem: key.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
  };
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
}

/** Reads a key file; `authorityId`, when given, must be the file's authority. */
export function readSigner(path: string, authorityId?: string): Signer {
  let f: Partial<KeyFile>;
  try {
    f = JSON.parse(readFileSync(path, 'utf8')) as Partial<KeyFile>;
  } catch (cause) {
    throw new CliError('CLI_BAD_KEY_FILE', `cannot read key file ${path}`, { cause });
  }
  if (f.format !== KEY_FILE_FORMAT || typeof f.authorityId !== 'string' || typeof f.keyId !== 'string' || typeof f.privateKeyPem !== 'string' || !AUTHORITY_ROLES.includes(f.role as AuthorityRole)) {
    throw new CliError('CLI_BAD_KEY_FILE', `${path} is not a ${KEY_FILE_FORMAT} file`);
  }
  if (authorityId !== undefined && authorityId !== f.authorityId) {
    throw new CliError('CLI_KEY_AUTHORITY_MISMATCH', `key file belongs to ${f.authorityId}, not ${authorityId}`);
  }
  return { authorityId: f.authorityId, keyId: f.keyId, role: f.role as AuthorityRole, privateKey: createPrivateKey(f.privateKeyPem) };
}

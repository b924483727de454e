/**
 * The approving authorities named in the deployment file, brought into the key registry at start
 * and on reload. The registry itself lives in the audit log (`keys.*` events, rebuilt at start), so
 * registering an authority or a key is an audited act; nothing is ever removed here — revocation
 * stays an explicit, signed-off act (`warranted keys revoke`).
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { defaultKeyId, type KeyRegistry } from '../warrants/index.ts';
import type { AuthorityConfig } from '../platform/config/types.ts';
import type { RoleContext } from './context.ts';

export async function ensureAuthorities(keys: KeyRegistry, authorities: readonly AuthorityConfig[], ctx: Pick<RoleContext, 'log'>): Promise<void> {
  for (const a of authorities) {
    if (!keys.authority(a.id)) {
      await keys.registerAuthority({ id: a.id, role: a.role, name: a.name });
      ctx.log.info('authority registered', { authority: a.id, role: a.role });
    }
    const publicKey = rawEd25519Base64(readFileSync(a.publicKey, 'utf8'));
    const keyId = defaultKeyId(publicKey);
    if (!keys.keysOf(a.id).some((k) => k.keyId === keyId)) {
      await keys.addKey(a.id, { publicKey });
      ctx.log.info('authority key registered', { authority: a.id, keyId });
    }
  }
}

/** The registry keeps raw Ed25519 keys in base64 (RFC 8032 §5.1.5); the file holds SPKI PEM. */
export function rawEd25519Base64(spkiPem: string): string {
  const jwk = createPublicKey(spkiPem).export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new TypeError('expected an Ed25519 public key');
  return Buffer.from(jwk.x, 'base64url').toString('base64');
}

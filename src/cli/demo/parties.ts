/**
 * The people outside the system in the demo deployment: the agencies that ask for warrants and
 * the authorities who sign and confirm them, each with its own HI-1 client certificate
 * (`<dir>/pki/<id>.pem`) and, for authorities, the Ed25519 key `warranted init` made for them
 * (`<dir>/keys/authorities/<id>.key.pem` — in a real deployment that key never leaves its holder).
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Hi1Client } from '../../warrants/desk/index.ts';
import { defaultKeyId, type Signer } from '../../warrants/index.ts';
import type { Deployment } from '../../platform/config/types.ts';
import type { Credentials } from '../../platform/pki.ts';
import { rawEd25519Base64 } from '../../roles/authorities.ts';

export interface Parties {
  client(id: string): Hi1Client;
  signer(id: string): Signer;
  close(): void;
}

export function openParties(d: Deployment): Parties {
  const dir = dirname(d.file);
  const creds = (id: string): Credentials => ({
    certPem: readFileSync(join(dir, 'pki', `${id}.pem`), 'utf8'),
    keyPem: readFileSync(join(dir, 'pki', `${id}.key.pem`), 'utf8'),
    caPem: readFileSync(d.ca, 'utf8'),
  });
  const clients = new Map<string, Hi1Client>();
  return {
    client(id) {
      let c = clients.get(id);
      if (!c) {
        c = new Hi1Client({ creds: creds(id), endpoint: d.control.desk.listen, self: { countryCode: 'XX', uniqueIdentifier: id }, desk: { countryCode: 'XX', uniqueIdentifier: d.control.desk.id } });
        clients.set(id, c);
      }
      return c;
    },
    signer(id) {
      const a = d.control.authorities.find((x) => x.id === id);
      if (!a) throw new Error(`no authority ${id} in the deployment`);
      const privateKey = createPrivateKey(readFileSync(join(dir, 'keys', 'authorities', `${id}.key.pem`), 'utf8'));
      const keyId = defaultKeyId(rawEd25519Base64(createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString()));
      return { authorityId: id, keyId, role: a.role, privateKey };
    },
    close() {
      for (const c of clients.values()) c.close();
    },
  };
}

/**
 * Demo PKI for mutual TLS on every wire: one local CA and one leaf certificate per component,
 * generated into the data directory on first run and reused afterwards. Production deployments
 * bring their own CA; the rest of the system only sees PEM strings.
 *
 * X1 (TS 103 221-1 §7.2, mutual TLS) identifies the peer from its certificate; we put the component
 * identifier in both CN and UID (0.9.2342.19200300.100.1.1) so either can be read.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import * as x509 from '@peculiar/x509';
import { WarrantedError } from './errors.ts';

x509.cryptoProvider.set(webcrypto);

export class PkiError extends WarrantedError {}

export interface Credentials {
  /** PEM certificate chain for this component (leaf only: the CA is distributed separately). */
  certPem: string;
  keyPem: string;
  /** PEM of the CA that every peer must chain to. */
  caPem: string;
}

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const UID_OID = '0.9.2342.19200300.100.1.1';

function toPem(der: ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64.trimEnd()}\n-----END ${label}-----\n`;
}

async function keyPem(key: CryptoKey): Promise<string> {
  return toPem(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

async function importKey(pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return await webcrypto.subtle.importKey('pkcs8', der, alg, true, ['sign']);
}

const validity = () => ({
  notBefore: new Date(Date.now() - 3600_000),
  notAfter: new Date(Date.now() + 5 * 365 * 86400_000),
});

/** A local certificate authority that issues component certificates. */
export class DemoCa {
  private constructor(
    readonly caPem: string,
    private readonly cert: x509.X509Certificate,
    private readonly key: CryptoKey,
  ) {}

  static async create(name = 'warranted demo CA'): Promise<{ ca: DemoCa; keyPem: string }> {
    const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      name: `CN=${name}`,
      keys,
      signingAlgorithm: alg,
      ...validity(),
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    return {
      ca: new DemoCa(cert.toString('pem'), cert, keys.privateKey),
      keyPem: await keyPem(keys.privateKey),
    };
  }

  static async load(caPem: string, caKeyPem: string): Promise<DemoCa> {
    return new DemoCa(caPem, new x509.X509Certificate(caPem), await importKey(caKeyPem));
  }

  /** Issues a leaf certificate usable both as TLS server and client (mutual TLS everywhere). */
  async issue(identifier: string, hosts: string[] = ['127.0.0.1', '::1', 'localhost']): Promise<Credentials> {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(identifier))
      throw new PkiError('PKI_BAD_NAME', `invalid component identifier "${identifier}"`);
    const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
    const names = hosts.map((h) =>
      /^[\d.]+$|:/.test(h) ? { type: 'ip' as const, value: h } : { type: 'dns' as const, value: h },
    );
    const cert = await x509.X509CertificateGenerator.create({
      subject: `CN=${identifier},${UID_OID}=${identifier}`,
      issuer: this.cert.subject,
      signingKey: this.key,
      publicKey: keys.publicKey,
      signingAlgorithm: alg,
      ...validity(),
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement,
          true,
        ),
        new x509.ExtendedKeyUsageExtension([
          x509.ExtendedKeyUsage.serverAuth,
          x509.ExtendedKeyUsage.clientAuth,
        ]),
        new x509.SubjectAlternativeNameExtension(names),
        await x509.AuthorityKeyIdentifierExtension.create(this.cert),
      ],
    });
    return { certPem: cert.toString('pem'), keyPem: await keyPem(keys.privateKey), caPem: this.caPem };
  }
}

/**
 * Loads the demo PKI from `dir`, creating the CA and any missing component certificate.
 * Files: ca.pem, ca.key.pem, <id>.pem, <id>.key.pem (keys written with mode 0600).
 */
export async function ensureDemoPki(dir: string, identifiers: string[]): Promise<Map<string, Credentials>> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caPath = join(dir, 'ca.pem');
  const caKeyPath = join(dir, 'ca.key.pem');
  let ca: DemoCa;
  if (existsSync(caPath) && existsSync(caKeyPath))
    ca = await DemoCa.load(readFileSync(caPath, 'utf8'), readFileSync(caKeyPath, 'utf8'));
  else {
    const created = await DemoCa.create();
    ca = created.ca;
    writeFileSync(caKeyPath, created.keyPem, { mode: 0o600 });
    writeFileSync(caPath, ca.caPem);
  }
  const out = new Map<string, Credentials>();
  for (const id of identifiers) {
    const certPath = join(dir, `${id}.pem`);
    const keyPath = join(dir, `${id}.key.pem`);
    if (existsSync(certPath) && existsSync(keyPath)) {
      out.set(id, {
        certPem: readFileSync(certPath, 'utf8'),
        keyPem: readFileSync(keyPath, 'utf8'),
        caPem: ca.caPem,
      });
      continue;
    }
    const c = await ca.issue(id);
    writeFileSync(keyPath, c.keyPem, { mode: 0o600 });
    writeFileSync(certPath, c.certPem);
    out.set(id, c);
  }
  return out;
}

/** node:tls / https server options: client certificates required and verified against the CA. */
export function mtlsServerOptions(c: Credentials) {
  return {
    key: c.keyPem,
    cert: c.certPem,
    ca: c.caPem,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2' as const,
  };
}

/** node:tls / https client options: presents our certificate, verifies the server against the CA. */
export function mtlsClientOptions(c: Credentials) {
  return {
    key: c.keyPem,
    cert: c.certPem,
    ca: c.caPem,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2' as const,
  };
}

/**
 * The authenticated peer's component identifier (UID, else CN) from a verified TLS socket.
 * Throws when the socket is not authorised: callers must fail closed.
 */
/** The identity (UID, else CN) in a certificate subject: what peerIdentifier reads and what a client pins. */
export function subjectIdentity(subject: Record<string, string | string[] | undefined> | undefined): string | undefined {
  const pick = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  return pick(subject?.UID) ?? pick(subject?.CN);
}

export function peerIdentifier(socket: Socket): string {
  if (!(socket instanceof TLSSocket)) throw new PkiError('PKI_PEER_UNAUTHORISED', 'not a TLS connection');
  if (!socket.authorized)
    throw new PkiError(
      'PKI_PEER_UNAUTHORISED',
      `peer certificate not verified: ${String(socket.authorizationError)}`,
    );
  const id = subjectIdentity(socket.getPeerCertificate().subject);
  if (!id) throw new PkiError('PKI_PEER_UNAUTHORISED', 'peer certificate has no UID or CN');
  return id;
}

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'PKI_BAD_NAME', meaning: 'A component identifier is not a valid certificate name.' },
  {
    code: 'PKI_PEER_UNAUTHORISED',
    meaning: 'The TLS peer did not present a certificate that chains to the configured CA.',
  },
];

/**
 * A complete, valid deployment: the layout `warranted init` writes (with real certificates and
 * keys) and the fixture of the config tests (with dummy PEM-looking files: the checker reads no
 * key material, it only checks that each file is there, readable, and private where it must be).
 *
 *   warranted.yaml
 *   pki/ca.pem, pki/<id>.pem, pki/<id>.key.pem     one TLS identity per component
 *   keys/audit-log.key.pem / .pub.pem              Ed25519, signs audit checkpoints (witnesses hold the .pub)
 *   keys/witnesses/<id>.key.pem / .pub.pem         Ed25519, each witness's cosignature key
 *   keys/mdf-integrity.key.pem / .pub.pem          Ed25519, Annex J hash chains (TS 102 232-1)
 *   keys/identity.key                              32 random bytes, identity tags in audit events (and, derived, the ADMF's X1 journal key)
 *   keys/mdf-outbox.key                            32 random bytes, the MDF's outboxes and state at rest
 *   keys/lemf-<agency>-evidence.key                32 random bytes, wraps the LEMF's per-LIID evidence keys
 *   keys/lemf-<agency>-access-log.key.pem / .pub.pem  Ed25519, signs the checkpoints of the LEMF's console access log
 *   keys/authorities/<id>.pub.pem                  each authority's registered public key
 *   data/audit, data/control, data/mdf, data/lemf-<agency>, data/network-<operator>, data/<witness>
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Document, isScalar, visit } from 'yaml';

export interface ExampleOptions {
  /** First port; the others follow one by one (default 7400). */
  basePort?: number;
  /** Host of every address (default 127.0.0.1). */
  host?: string;
  /** Operator ids (default demo-op-a, demo-op-b); each gets `<op>-ims` and `<op>-5gc`. */
  operators?: string[];
  /** Agency ids (default pk-police, pk-fia); each gets `lemf-<agency>`. */
  agencies?: string[];
  /** Witness ids (default court-witness, regulator-witness); the audit log's quorum is all of them. */
  witnesses?: string[];
}

/** A file the deployment names, and what `init` must put there. */
export interface ExampleFile {
  /** Relative to the deployment file's directory. */
  path: string;
  kind: 'ca-cert' | 'tls-cert' | 'tls-key' | 'ed25519-private' | 'ed25519-public' | 'secret-32';
  /** The certificate identity (tls-*) or the authority (ed25519-public of an authority). */
  identity?: string;
  /** For a public key: the private key file it belongs to, when the deployment holds it. */
  pairOf?: string;
}

export interface ExampleDeployment {
  /** The YAML text of warranted.yaml. */
  yaml: string;
  files: ExampleFile[];
}

export const EXAMPLE_FILE_NAME = 'warranted.yaml';

// Islamabad, Karachi, Lahore (the demo's operators sit in the first two).
const CENTRES = [
  { latitude: 33.6844, longitude: 73.0479 },
  { latitude: 24.8607, longitude: 67.0011 },
  { latitude: 31.5204, longitude: 74.3587 },
];
const AGENCY_NAMES: Record<string, string> = {
  'pk-police': 'Police',
  'pk-fia': 'Federal Investigation Agency',
};

/** The demo's authorities (test/system/in-process/warrant-flow.ts) plus two compliance officers per operator. */
function authorities(operators: string[]) {
  return [
    { id: 'pk-ihc-judge-1', role: 'judge', name: 'Judge, Islamabad High Court (demo key)' },
    { id: 'pk-minister-interior', role: 'minister', name: 'Minister for Interior (demo key)' },
    ...operators.flatMap((op) =>
      [1, 2].map((n) => ({
        id: `${op}-officer-${n}`,
        role: 'compliance-officer',
        name: `${op} compliance officer ${n}`,
      })),
    ),
  ];
}

export function exampleDeployment(o: ExampleOptions = {}): ExampleDeployment {
  const host = o.host ?? '127.0.0.1';
  const operators = o.operators ?? ['demo-op-a', 'demo-op-b'];
  const agencies = o.agencies ?? ['pk-police', 'pk-fia'];
  const witnesses = o.witnesses ?? ['court-witness', 'regulator-witness'];
  let port = o.basePort ?? 7400;
  const next = () => (host.includes(':') ? `[${host}]:${port++}` : `${host}:${port++}`);
  const files: ExampleFile[] = [{ path: 'pki/ca.pem', kind: 'ca-cert' }];
  const tls = (id: string) => {
    files.push(
      { path: `pki/${id}.pem`, kind: 'tls-cert', identity: id },
      { path: `pki/${id}.key.pem`, kind: 'tls-key', identity: id },
    );
    return { cert: `pki/${id}.pem`, key: `pki/${id}.key.pem` };
  };
  files.push(
    { path: 'keys/audit-log.key.pem', kind: 'ed25519-private' },
    { path: 'keys/audit-log.pub.pem', kind: 'ed25519-public', pairOf: 'keys/audit-log.key.pem' },
    { path: 'keys/identity.key', kind: 'secret-32' },
    { path: 'keys/mdf-outbox.key', kind: 'secret-32' },
    { path: 'keys/mdf-integrity.key.pem', kind: 'ed25519-private' },
    { path: 'keys/mdf-integrity.pub.pem', kind: 'ed25519-public', pairOf: 'keys/mdf-integrity.key.pem' },
  );
  const evidenceKey = (ag: string) => {
    files.push({ path: `keys/lemf-${ag}-evidence.key`, kind: 'secret-32' });
    return `keys/lemf-${ag}-evidence.key`;
  };
  const auths = authorities(operators).map((a) => {
    files.push({ path: `keys/authorities/${a.id}.pub.pem`, kind: 'ed25519-public', identity: a.id });
    return { ...a, publicKey: `keys/authorities/${a.id}.pub.pem` };
  });

  const doc = {
    version: 1,
    dataDir: 'data',
    ca: 'pki/ca.pem',
    logging: { level: 'info' },
    audit: {
      id: 'audit',
      tls: tls('audit'),
      listen: next(),
      admin: next(),
      origin: 'warranted.example/audit',
      signingKey: 'keys/audit-log.key.pem',
      dir: 'data/audit',
      publicKey: 'keys/audit-log.pub.pem',
      ...(witnesses.length > 0 ? { witnessPolicy: { witnesses, quorum: witnesses.length } } : {}),
    },
    control: {
      admf: { id: 'admf', tls: tls('admf'), listen: next() },
      desk: { id: 'desk', tls: tls('desk'), listen: next() },
      admin: next(),
      store: { embedded: 'data/control/warrants' },
      dir: 'data/control',
      identityKey: 'keys/identity.key',
      authorities: auths,
    },
    mediation: {
      id: 'mdf',
      tls: tls('mdf'),
      x1: next(),
      x2x3: next(),
      admin: next(),
      dir: 'data/mdf',
      integrityKey: 'keys/mdf-integrity.key.pem',
      outboxKey: 'keys/mdf-outbox.key',
      authorizationCountryCode: 'PK',
      deliveryCountryCode: 'PK',
    },
    operators: operators.map((op, i) => ({
      id: op,
      name: `Demo Operator ${String.fromCharCode(65 + (i % 26))}`,
      policy: { fourEyes: i === 0, officers: [`${op}-officer-1`, `${op}-officer-2`] },
      elements: [
        { id: `${op}-ims`, services: ['voice'], x1: next(), simulated: 'ims', tls: tls(`${op}-ims`) },
        {
          id: `${op}-5gc`,
          services: ['sms', 'data', 'location'],
          x1: next(),
          simulated: '5gc',
          tls: tls(`${op}-5gc`),
        },
      ],
      simulation: {
        subscribers: 200,
        seed: i + 1,
        mcc: '410',
        mnc: String(1 + i * 5).padStart(2, '0'),
        countryCode: '92',
        msisdnPrefix: `923${i}0`,
        cells: 24,
        centre: CENTRES[i % CENTRES.length]!,
        admin: next(),
        dir: `data/network-${op}`,
      },
    })),
    agencies: agencies.map((ag) => ({
      id: ag,
      name: AGENCY_NAMES[ag] ?? `Agency ${ag}`,
      lemf: {
        id: `lemf-${ag}`,
        tls: tls(`lemf-${ag}`),
        hi2: next(),
        hi3: next(),
        admin: next(),
        dir: `data/lemf-${ag}`,
        integrityPublicKey: 'keys/mdf-integrity.pub.pem',
        evidenceKey: evidenceKey(ag),
      },
    })),
    // Ports after every other one, so adding witnesses moved no address of the roles above.
    witnesses: witnesses.map((id) => {
      files.push(
        { path: `keys/witnesses/${id}.key.pem`, kind: 'ed25519-private' },
        { path: `keys/witnesses/${id}.pub.pem`, kind: 'ed25519-public', pairOf: `keys/witnesses/${id}.key.pem` },
      );
      return {
        id,
        tls: tls(id),
        listen: next(),
        admin: next(),
        name: `${id.replace(/-witness$/, '')}.example/witness`,
        signingKey: `keys/witnesses/${id}.key.pem`,
        publicKey: `keys/witnesses/${id}.pub.pem`,
        dir: `data/${id}`,
      };
    }),
  };
  // Each agency's console: ports after the witnesses', so adding it moved no address of the roles above.
  for (const a of doc.agencies) {
    const logKey = `keys/${a.lemf.id}-access-log.key.pem`;
    files.push({ path: logKey, kind: 'ed25519-private' }, { path: logKey.replace('.key.pem', '.pub.pem'), kind: 'ed25519-public', pairOf: logKey });
    Object.assign(a.lemf, { console: { listen: next(), logKey, hi1: tls(a.id) } });
  }
  const header =
    "# warranted deployment (docs/configuration.md describes every key).\n# Relative paths are resolved against this file's directory.\n";
  const yaml = new Document(doc);
  // Short lists of scalars (services, officers) read better on one line: `services: [voice]`.
  visit(yaml, { Seq: (_, node) => void (node.flow = node.items.every((item) => isScalar(item))) });
  return { yaml: header + yaml.toString({ lineWidth: 0, flowCollectionPadding: false }), files };
}

/**
 * Writes warranted.yaml and a dummy, PEM-looking file for every file it names into `dir`
 * (private ones mode 0600); returns the absolute path of warranted.yaml. For tests.
 */
export function exampleDeploymentYaml(dir: string, o: ExampleOptions = {}): string {
  const { yaml, files } = exampleDeployment(o);
  for (const f of files) {
    const p = join(dir, f.path);
    mkdirSync(dirname(p), { recursive: true });
    const secret = f.kind === 'tls-key' || f.kind === 'ed25519-private' || f.kind === 'secret-32';
    const label = f.kind.endsWith('cert')
      ? 'CERTIFICATE'
      : f.kind === 'ed25519-public'
        ? 'PUBLIC KEY'
        : 'PRIVATE KEY';
    const body =
      f.kind === 'secret-32'
        ? randomBytes(32)
        : `-----BEGIN ${label}-----\n${randomBytes(48).toString('base64')}\n-----END ${label}-----\n`;
    writeFileSync(p, body, { mode: secret ? 0o600 : 0o644 });
    chmodSync(p, secret ? 0o600 : 0o644); // writeFileSync's mode applies only to a new file
  }
  const file = join(dir, EXAMPLE_FILE_NAME);
  writeFileSync(file, yaml);
  return file;
}

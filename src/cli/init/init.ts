/**
 * `warranted init DIR`: a complete demo deployment on one machine — the CA and one certificate per
 * component (src/platform/pki.ts), the audit log's checkpoint key, the MDF's Annex J key pair, the
 * demo authorities' signing keys, the identity-tag key, the MDF's outbox key, each LEMF's evidence
 * key and console keys (access-log checkpoint key, first supervisor's password), the two witnesses' cosignature keys (court
 * and regulator; the audit log's quorum is both), each operator's retained data (an embedded store,
 * retention 12 months per category) and RDHI (its certificate, its answer-signing key, its orders
 * directory; docs/rd.md "Running an RDHI"), and DIR/warranted.yaml naming all of them.
 * Every private key is written with mode 0600. Nothing is started.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { ensureDemoPki } from '../../platform/pki.ts';
import { choosePorts, DEMO_AGENCIES, DEMO_AUTHORITIES, DEMO_OPERATORS, DEMO_PORT_COUNT, DEMO_WITNESSES, demoIdentities, elementIds, rdhiId, SYSTEM_IDS } from './layout.ts';

export interface InitOptions {
  dir: string;
  subscribers?: number;
  seed?: number;
  basePort?: number;
  /** Short timers (tests, the demo): TIME_P1/TIME_P2, reconciliation, keepalives. */
  fastTimers?: boolean;
  /** Overwrite an existing deployment file (certificates and keys already there are kept). */
  force?: boolean;
}

export class InitError extends Error {
  readonly code = 'CLI_INIT_EXISTS';
}

function keyPair(dir: string, name: string): { key: string; pub: string } {
  const key = join(dir, `${name}.key.pem`);
  const pub = join(dir, `${name}.pub.pem`);
  if (!existsSync(key)) {
    const k = generateKeyPairSync('ed25519');
    writeFileSync(key, k.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    writeFileSync(pub, k.publicKey.export({ format: 'pem', type: 'spki' }));
  }
  return { key, pub };
}

/** Writes the deployment; returns the path of DIR/warranted.yaml. */
export async function initDeployment(o: InitOptions): Promise<string> {
  const dir = resolve(o.dir);
  const file = join(dir, 'warranted.yaml');
  if (existsSync(file) && !o.force) throw new InitError(`${file} exists: refusing to overwrite a deployment (use --force to rewrite the file; keys are kept)`);
  mkdirSync(join(dir, 'keys', 'authorities'), { recursive: true, mode: 0o700 });
  mkdirSync(join(dir, 'keys', 'witnesses'), { recursive: true, mode: 0o700 });
  await ensureDemoPki(join(dir, 'pki'), demoIdentities());
  keyPair(join(dir, 'keys'), 'audit-log');
  keyPair(join(dir, 'keys'), 'mdf-integrity');
  for (const a of DEMO_AUTHORITIES) keyPair(join(dir, 'keys', 'authorities'), a.id);
  for (const w of DEMO_WITNESSES) keyPair(join(dir, 'keys', 'witnesses'), w.id);
  // Each RDHI signs every answer (TS 102 657 §8.3); agencies verify with the .pub.pem beside the key.
  for (const op of DEMO_OPERATORS) keyPair(join(dir, 'keys'), rdhiId(op.id));
  const identityKey = join(dir, 'keys', 'identity-hmac.key');
  if (!existsSync(identityKey)) writeFileSync(identityKey, randomBytes(32), { mode: 0o600 });
  const outboxKey = join(dir, 'keys', 'mdf-outbox.key');
  if (!existsSync(outboxKey)) writeFileSync(outboxKey, randomBytes(32), { mode: 0o600 });
  // Each agency's LEMF: the master key of its evidence at rest (it wraps one data key per LIID).
  for (const a of DEMO_AGENCIES) {
    const evidenceKey = join(dir, 'keys', `${a.lemf}-evidence.key`);
    if (!existsSync(evidenceKey)) writeFileSync(evidenceKey, randomBytes(32), { mode: 0o600 });
    // The console: its access log's checkpoint key, and the first supervisor's password (docs/console.md).
    keyPair(join(dir, 'keys'), `${a.lemf}-access-log`);
    const adminPassword = join(dir, 'keys', `${a.lemf}-console-admin.password`);
    if (!existsSync(adminPassword)) writeFileSync(adminPassword, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  }

  // The consoles' ports, then the RDHIs', come after every other one (they were added later: no
  // address of the roles above moves).
  const ports = await choosePorts(DEMO_PORT_COUNT + DEMO_AGENCIES.length, o.basePort);
  const consolePorts = ports.splice(DEMO_PORT_COUNT - DEMO_OPERATORS.length);
  const rdhiPorts = consolePorts.splice(DEMO_AGENCIES.length);
  const at = () => `127.0.0.1:${ports.shift()!}`;
  const tls = (id: string) => ({ cert: `pki/${id}.pem`, key: `pki/${id}.key.pem` });
  const fast = o.fastTimers ?? false;
  const doc = {
    version: 1,
    dataDir: 'data',
    ca: 'pki/ca.pem',
    logging: { level: 'info' },
    timers: {
      reconciliationMs: fast ? 2000 : 5000,
      x1KeepaliveMs: fast ? 1000 : 5000,
      x1FailSafeMs: fast ? 20000 : 30000,
      x1TimeoutMs: 5000,
      hiKeepaliveMs: fast ? 1000 : 10000,
      annexJHashIntervalMs: fast ? 500 : 2000,
      warrantTickMs: 250,
    },
    audit: {
      id: SYSTEM_IDS.audit,
      tls: tls(SYSTEM_IDS.audit),
      listen: at(),
      admin: at(),
      origin: 'warranted.demo/audit',
      signingKey: 'keys/audit-log.key.pem',
      publicKey: 'keys/audit-log.pub.pem',
      dir: 'data/audit',
      checkpointIntervalMs: fast ? 2000 : 10000,
      // Both witnesses must cosign: neither the court nor the regulator alone can be talked round.
      witnessPolicy: { witnesses: DEMO_WITNESSES.map((w) => w.id), quorum: DEMO_WITNESSES.length, maxWaitMs: 2000 },
    },
    control: {
      admf: { id: SYSTEM_IDS.admf, tls: tls(SYSTEM_IDS.admf), listen: at() },
      desk: { id: SYSTEM_IDS.desk, tls: tls(SYSTEM_IDS.desk), listen: at() },
      admin: at(),
      store: { embedded: 'data/control/warrants' },
      dir: 'data/control',
      identityKey: 'keys/identity-hmac.key',
      authorities: DEMO_AUTHORITIES.map((a) => ({ ...a, publicKey: `keys/authorities/${a.id}.pub.pem` })),
    },
    mediation: {
      id: SYSTEM_IDS.mdf,
      tls: tls(SYSTEM_IDS.mdf),
      x1: at(),
      x2x3: at(),
      admin: at(),
      dir: 'data/mdf',
      integrityKey: 'keys/mdf-integrity.key.pem',
      outboxKey: 'keys/mdf-outbox.key',
      authorizationCountryCode: 'PK',
      deliveryCountryCode: 'PK',
      ...(fast ? { delivery: { ackTimeoutMs: 10000 } } : {}),
    },
    operators: DEMO_OPERATORS.map((op, i) => {
      const ne = elementIds(op.id);
      return {
        id: op.id,
        name: op.name,
        policy: { fourEyes: op.fourEyes, officers: [...op.officers] },
        elements: [
          { id: ne.ims, services: ['voice'], x1: at(), simulated: 'ims', tls: tls(ne.ims) },
          { id: ne.fivegc, services: ['sms', 'data', 'location'], x1: at(), simulated: '5gc', tls: tls(ne.fivegc) },
        ],
        simulation: {
          subscribers: o.subscribers ?? 1000,
          seed: (o.seed ?? 1) + i,
          mcc: op.mcc,
          mnc: op.mnc,
          countryCode: '92',
          msisdnPrefix: op.msisdnPrefix,
          cells: 24,
          centre: op.centre,
          rates: { voiceCallsPerMinute: 30, smsPerMinute: 60, dataSessionsPerMinute: 30, locationUpdatesPerMinute: 120 },
          admin: at(),
          dir: `data/network-${op.id}`,
        },
        // Retained data (docs/retained-data.md): written by the network role as traffic happens;
        // 12 months per category, the longest an IPA 2016 s.87(3) notice may require and the one-year
        // minimum of PECA 2016 s.32. The RDHI answers only exact requests under a signed order.
        retainedData: {
          store: { embedded: `data/network-${op.id}/retained-data` },
          retention: { subscribers: 'P12M', equipment: 'P12M', calls: 'P12M', sms: 'P12M', dataSessions: 'P12M', locations: 'P12M' },
          flushMs: fast ? 250 : 1000,
          rdhi: {
            id: rdhiId(op.id),
            tls: tls(rdhiId(op.id)),
            listen: `127.0.0.1:${rdhiPorts.shift()!}`,
            ordersDir: `data/network-${op.id}/rdhi-orders`,
            signingKey: `keys/${rdhiId(op.id)}.key.pem`,
          },
        },
      };
    }),
    agencies: DEMO_AGENCIES.map((a) => ({
      id: a.id,
      name: a.name,
      lemf: {
        id: a.lemf,
        tls: tls(a.lemf),
        hi2: at(),
        hi3: at(),
        admin: at(),
        dir: `data/${a.lemf}`,
        integrityPublicKey: 'keys/mdf-integrity.pub.pem',
        evidenceKey: `keys/${a.lemf}-evidence.key`,
        console: { listen: `127.0.0.1:${consolePorts.shift()!}`, logKey: `keys/${a.lemf}-access-log.key.pem`, adminPassword: `keys/${a.lemf}-console-admin.password`, hi1: tls(a.id), exportApproval: true },
      },
    })),
    // Outside the system, like the agencies: on a real deployment each runs on its owner's machine.
    witnesses: DEMO_WITNESSES.map((w) => ({
      id: w.id,
      tls: tls(w.id),
      listen: at(),
      admin: at(),
      name: w.name,
      signingKey: `keys/witnesses/${w.id}.key.pem`,
      publicKey: `keys/witnesses/${w.id}.pub.pem`,
      dir: `data/${w.id}`,
    })),
  };
  const header = '# warranted deployment (written by `warranted init`): every role of one machine.\n# Reference: docs/configuration.md. Check it with `warranted config check`.\n';
  writeFileSync(file, header + stringify(doc, { lineWidth: 0 }), { mode: 0o600 });
  return file;
}

/**
 * The deployment file (`warranted.yaml`) as the roles see it once loaded and validated
 * (schema.ts is the single source of the file's shape and of docs/configuration.md).
 * Every path here is already absolute (resolved against the file's directory) and every
 * address already parsed. One file describes the whole deployment; each role reads its section.
 */
import type { AuthorityRole } from '../authority-roles.ts';

/** A listen or connect address, `host:port` in the file (`[::1]:7400` for IPv6). */
export interface Address {
  host: string;
  port: number;
}

/** A component's mutual-TLS identity: its certificate's identity is `id` of the section naming it. */
export interface TlsFiles {
  /** PEM certificate (leaf) of this component. */
  cert: string;
  /** PEM private key (must be mode 0600 or stricter). */
  key: string;
}

export interface Timers {
  /** ADMF reconciliation period: ListAllDetails/GetTaskDetails on every element (default 5000). */
  reconciliationMs: number;
  /** TS 103 221-1 §6.6 TIME_P1: the ADMF sends a Keepalive to every element this often (default 5000). */
  x1KeepaliveMs: number;
  /** TS 103 221-1 §6.6 TIME_P2: an element that heard nothing from its ADMF for this long deactivates every task (default 30000). */
  x1FailSafeMs: number;
  /** X1 request timeout (default 5000). */
  x1TimeoutMs: number;
  /** HI2/HI3 keepalive after this much idle time (TS 102 232-1 §6.3.5; default 10000). */
  hiKeepaliveMs: number;
  /** Annex J hash check interval (TS 102 232-1 Annex J; default 2000). */
  annexJHashIntervalMs: number;
  /** How often the warrant service looks for warrants to start, expire or lapse (default 250). */
  warrantTickMs: number;
}

export type StoreConfig = { kind: 'embedded'; dir: string } | { kind: 'postgres'; url: string };

export interface AuditSection {
  id: string;
  tls: TlsFiles;
  /** HTTPS (mutual TLS) address the other roles append to. */
  listen: Address;
  admin: Address;
  /** Checkpoint origin line (C2SP signed-note key name), e.g. `warranted.example/audit`. */
  origin: string;
  /** Ed25519 PKCS#8 PEM that signs checkpoints. */
  signingKey: string;
  /** Where entries.jsonl and checkpoints/ live. */
  dir: string;
  /** Publish a signed checkpoint this often (default 10000). */
  checkpointIntervalMs: number;
  /** The public key (SPKI PEM) of `signingKey`: the witnesses verify checkpoints with it (required with witnesses). */
  publicKey?: string;
  /** Which witnesses must cosign, and how many (absent: checkpoints are signed by the log alone). */
  witnessPolicy?: WitnessPolicyConfig;
}

/** The audit log's witness quorum (C2SP tlog-witness; docs/witness.md). */
export interface WitnessPolicyConfig {
  /** Ids of `witnesses` entries the log sends every checkpoint to. */
  witnesses: string[];
  /** How many of them must cosign a checkpoint before an anchor is answered (≤ the number listed). */
  quorum: number;
  /** Longest POST /v1/anchor waits for the quorum before AUDIT_NO_QUORUM (default 2000). */
  maxWaitMs: number;
}

/** A witness (a court, a regulator): outside the system, it cosigns the audit log's checkpoints. */
export interface WitnessConfig {
  /** Its certificate identity; `audit.witnessPolicy.witnesses` names it. */
  id: string;
  tls: TlsFiles;
  /** HTTPS (mutual TLS) address of its C2SP tlog-witness `add-checkpoint` endpoint. */
  listen: Address;
  admin: Address;
  /** Key name on its cosignature lines (C2SP signed-note), e.g. `court.demo/witness`. */
  name: string;
  /** Ed25519 PKCS#8 PEM: its tlog-cosignature/v1 key. */
  signingKey: string;
  /** Its public key (SPKI PEM): the audit log and overseers verify its cosignatures with it. */
  publicKey: string;
  /** The latest checkpoint it cosigned per log, and fork evidence. */
  dir: string;
}

export interface AuthorityConfig {
  /** Authority id = its HI-1 client certificate identity. */
  id: string;
  role: AuthorityRole;
  name: string;
  /** Ed25519 public key (SPKI PEM) registered for its signatures. */
  publicKey: string;
}

export interface ControlSection {
  /** ADMF identity (X1 client, /X1/ADMF responder). */
  admf: { id: string; tls: TlsFiles; listen: Address };
  /** Warrant desk identity (HI-1 server). */
  desk: { id: string; tls: TlsFiles; listen: Address };
  admin: Address;
  store: StoreConfig;
  /** Directory for the ADMF's X1 journal and other control state. */
  dir: string;
  /** 32-byte key for identity tags in audit events (created 0600 by `init`). */
  identityKey: string;
  /** Profiles directory (default: the profiles shipped with warranted). */
  profilesDir?: string;
  authorities: AuthorityConfig[];
}

export interface MediationSection {
  id: string;
  tls: TlsFiles;
  /** X1 responder (/X1/NE) for the ADMF. */
  x1: Address;
  /** X2/X3 ingest from the POIs. */
  x2x3: Address;
  admin: Address;
  dir: string;
  /** Ed25519 PKCS#8 PEM signing the Annex J hash chains. */
  integrityKey: string;
  /** 32-byte AES-256-GCM key: the outboxes (target content) are encrypted at rest with it. */
  outboxKey: string;
  authorizationCountryCode: string;
  deliveryCountryCode: string;
  delivery: MediationDelivery;
}

/** How the MDF hands PS-PDUs over to the LEMFs (TS 102 232-1 §6.3) and keeps them meanwhile. */
export interface MediationDelivery {
  /** §6.3.6 PDU acknowledgement: `negotiate` (§6.3.5 option), `required` (both ends configured), `off`. */
  acknowledgement: 'negotiate' | 'required' | 'off';
  /** A pDUAcknowledgementRequest after this many PDUs … */
  ackEveryPdus: number;
  /** … or this long after the first PDU not yet covered (TIME6). */
  ackIntervalMs: number;
  /** TIME5: no response this long → reconnect and resend everything unacknowledged. */
  ackTimeoutMs: number;
  /** Group commit: converted records are fsync'd within this long. */
  commitMs: number;
  /** Disk quota of each destination's outbox (bytes); reached: alarm, audit event, records refused. */
  quotaBytes: number;
}

export type ServiceCategory = 'voice' | 'sms' | 'data' | 'location';

export interface NetworkElementConfig {
  /** X1 neIdentifier = certificate identity. */
  id: string;
  services: ServiceCategory[];
  /** The element's X1 /X1/NE address (the ADMF connects here; the network role listens here). */
  x1: Address;
  /** Present when the `network` role simulates this element: which synthetic POI it is. */
  simulated?: 'ims' | '5gc';
  /** Credentials the network role uses for a simulated element. */
  tls?: TlsFiles;
}

/** A synthetic operator's subscribers and traffic (the `network` role; demos and tests only). */
export interface SimulationConfig {
  subscribers: number;
  seed: number;
  mcc: string;
  mnc: string;
  countryCode: string;
  msisdnPrefix: string;
  cells: number;
  centre: { latitude: number; longitude: number };
  rates: { voiceCallsPerMinute: number; smsPerMinute: number; dataSessionsPerMinute: number; locationUpdatesPerMinute: number };
  admin: Address;
  dir: string;
}

/** An operator's retained data (docs/retained-data.md); periods are ISO 8601 durations (P12M …). */
export interface RetainedDataConfig {
  /** Absent: embedded, in `<simulation.dir>/retained-data`. */
  store?: StoreConfig;
  retention: { subscribers: string; equipment: string; calls: string; sms: string; dataSessions: string; locations: string };
  sweepIntervalMs: number;
  flushMs: number;
  rdhi?: RdhiConfig;
}

/** The operator's RDHI (TS 102 656/657), docs/rd.md "Running an RDHI". */
export interface RdhiConfig {
  /** Certificate identity (actor of rd.* audit events). */
  id: string;
  tls: TlsFiles;
  listen: Address;
  /** `<orderId>.json`: signed order bundle + identifier salt (src/roles/rdhi-orders.ts). */
  ordersDir: string;
  /** Ed25519 PKCS#8 PEM signing every answer; its public key is `.pub.pem` beside it. */
  signingKey: string;
}

export interface OperatorConfig {
  id: string;
  name: string;
  /** Compliance policy: officers who confirm warrants, and whether two must (four-eyes). */
  policy: { fourEyes: boolean; officers: string[] };
  elements: NetworkElementConfig[];
  simulation?: SimulationConfig;
  retainedData?: RetainedDataConfig;
}

/** The agency's console on the LEMF (docs/console.md). */
export interface LemfConsoleConfig {
  listen: Address;
  /** Ed25519 PKCS#8 PEM signing the access log's checkpoints (public key beside it: `.pub.pem`). */
  logKey: string;
  /** File with the password of the first supervisor `admin` (created when there is no supervisor). */
  adminPassword?: string;
  /** The agency's HI-1 client credentials: the console reads the warrants' terms from the desk. */
  hi1?: TlsFiles;
  exportApproval: boolean;
  /** The query store: PostgreSQL by configuration; absent = embedded PGlite in memory (docs/console-data.md). */
  store?: { kind: 'postgres'; url: string };
  tileUrl?: string;
}

export interface LemfConfig {
  /** The LEMF identity = the warrant's delivery destination id. */
  id: string;
  tls: TlsFiles;
  hi2: Address;
  hi3: Address;
  admin: Address;
  dir: string;
  /** The MDF's Annex J public key (SPKI PEM). */
  integrityPublicKey: string;
  /** 32-byte master key of the evidence at rest: wraps one random data key per LIID (src/monitoring/at-rest). */
  evidenceKey: string;
  /** Answer the MDF's pDUAcknowledgementRequests (TS 102 232-1 §6.3.6), each after an fsync. */
  acknowledge: boolean;
  console?: LemfConsoleConfig;
}

export interface AgencyConfig {
  /** Agency id = its HI-1 client certificate identity. */
  id: string;
  name: string;
  lemf: LemfConfig;
}

export interface Deployment {
  version: 1;
  /** Absolute path of the file this was loaded from. */
  file: string;
  /** Root of every role's state (logs, pid files, supervisor state). */
  dataDir: string;
  /** PEM of the CA every component chains to. */
  ca: string;
  logging: { level: 'debug' | 'info' | 'warn' | 'error' };
  timers: Timers;
  audit: AuditSection;
  control: ControlSection;
  mediation: MediationSection;
  operators: OperatorConfig[];
  agencies: AgencyConfig[];
  /** Witnesses of the audit log (default none). */
  witnesses: WitnessConfig[];
}

export type RoleName = 'audit' | 'control' | 'mdf' | 'lemf' | 'network' | 'witness';

/** One process of the deployment: a role and the id of the section it serves. */
export interface RoleInstance {
  role: RoleName;
  id: string;
  admin: Address;
}

/**
 * Every process the deployment runs, in start order: the witnesses (the audit log sends its first
 * checkpoint to them), the audit log (every other role appends to it), then the rest.
 */
export function roleInstances(d: Deployment): RoleInstance[] {
  return [
    ...d.witnesses.map((w) => ({ role: 'witness' as const, id: w.id, admin: w.admin })),
    { role: 'audit', id: d.audit.id, admin: d.audit.admin },
    ...d.agencies.map((a) => ({ role: 'lemf' as const, id: a.lemf.id, admin: a.lemf.admin })),
    { role: 'mdf', id: d.mediation.id, admin: d.mediation.admin },
    { role: 'control', id: d.control.admf.id, admin: d.control.admin },
    ...d.operators.flatMap((o) => (o.simulation ? [{ role: 'network' as const, id: o.id, admin: o.simulation.admin }] : [])),
  ];
}

export function formatAddress(a: Address): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}

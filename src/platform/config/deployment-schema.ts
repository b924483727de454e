/**
 * The deployment file's schema (YAML key names = the field names of types.ts). The `satisfies`
 * clause below makes the compiler hold it to `Deployment` exactly; docs/configuration.md is
 * rendered from it (docs.ts).
 */
import { AUTHORITY_ROLES } from '../authority-roles.ts';
import { address, boolean, duration, file, integer, oneOf, path, string } from './scalars.ts';
import { choice, list, object, optional, withDefault, type Infer, type Schema } from './schema.ts';
import type { Deployment } from './types.ts';
import { countryCode, identity, keyName, storeChoice, tls } from './deployment-schema-fields.ts';
import { operator } from './deployment-schema-operators.ts';

const timers = object(
  {
    reconciliationMs: withDefault(
      duration('ADMF reconciliation period: ListAllDetails/GetTaskDetails on every element.'),
      5000,
    ),
    x1KeepaliveMs: withDefault(
      duration('TS 103 221-1 §6.6 TIME_P1: the ADMF sends a Keepalive to every element this often.'),
      5000,
    ),
    x1FailSafeMs: withDefault(
      duration(
        'TS 103 221-1 §6.6 TIME_P2: an element that heard nothing from its ADMF for this long deactivates every task.',
      ),
      30000,
    ),
    x1TimeoutMs: withDefault(duration('X1 request timeout.'), 5000),
    hiKeepaliveMs: withDefault(
      duration('HI2/HI3 keepalive after this much idle time (TS 102 232-1 §6.3.5).'),
      10000,
    ),
    annexJHashIntervalMs: withDefault(duration('Annex J hash check interval (TS 102 232-1 Annex J).'), 2000),
    warrantTickMs: withDefault(
      duration('How often the warrant service looks for warrants to start, expire or lapse.'),
      250,
    ),
  },
  'Timers of every role (all optional).',
);

const audit = object(
  {
    id: identity('Identity of the audit log service (its certificate identity).'),
    tls: tls('the audit log service'),
    listen: address('HTTPS (mutual TLS) address the other roles append to.'),
    admin: address('Admin address (/healthz, /metrics).'),
    origin: string('Checkpoint origin line (C2SP signed-note key name), e.g. `warranted.example/audit`.'),
    signingKey: file('Ed25519 PKCS#8 PEM that signs checkpoints (mode 0600 or stricter).', { secret: true }),
    dir: path('Where entries.jsonl and checkpoints/ live.'),
    checkpointIntervalMs: withDefault(duration('Publish a signed checkpoint this often (and collect witness cosignatures for it).'), 10000),
    publicKey: optional(
      file('Public key (SPKI PEM) of `signingKey`: the witnesses verify checkpoints with it. Required when `witnesses` are listed.'),
    ),
    witnessPolicy: optional(
      object(
        {
          witnesses: list(identity('Id of a `witnesses` entry.'), 'Witnesses every checkpoint is sent to.', { minItems: 1 }),
          quorum: integer('How many of them must cosign a checkpoint before an anchor is answered (at most the number listed).', { min: 1 }),
          maxWaitMs: withDefault(duration('Longest `POST /v1/anchor` waits for the quorum before answering 503 AUDIT_NO_QUORUM.'), 2000),
        },
        "The witness quorum (C2SP tlog-witness; docs/witness.md). The audit role writes it to `<dir>/witness-policy.txt` for offline verifiers.",
      ),
    ),
  },
  'The audit log (transparency log) role.',
);

const witness = object(
  {
    id: identity('Witness identity (its certificate identity); `audit.witnessPolicy.witnesses` names it.'),
    tls: tls('the witness'),
    listen: address('HTTPS (mutual TLS) address of its C2SP tlog-witness `add-checkpoint` endpoint (the audit log connects here).'),
    admin: address('Admin address (/healthz, /metrics).'),
    name: keyName('Key name on its cosignature lines (C2SP signed-note), e.g. `court.example/witness`.'),
    signingKey: file('Ed25519 PKCS#8 PEM: its tlog-cosignature/v1 key (mode 0600 or stricter; created by `init`).', { secret: true }),
    publicKey: file('Its public key (SPKI PEM): the audit log and overseers verify its cosignatures with it.'),
    dir: path('State: the latest checkpoint it cosigned per log (reloaded at start), and fork evidence.'),
  },
  "A witness of the audit log (a court, a regulator): cosigns its checkpoints only when consistent with every one it cosigned before (docs/witness.md). It stands outside the system, like an agency.",
);

const store = storeChoice('Warrant store: `{ embedded: <dir> }` or `{ postgres: <url> }`.');

const authority = object(
  {
    id: identity('Authority id = its HI-1 client certificate identity.'),
    role: oneOf(
      AUTHORITY_ROLES,
      'What the authority may sign (the jurisdiction profile says whose signatures a warrant needs).',
    ),
    name: string('Name shown on warrants and in the audit log.'),
    publicKey: file('Ed25519 public key (SPKI PEM) registered for its signatures.'),
  },
  'An approving authority (judge, minister, compliance officer, …).',
);

const control = object(
  {
    admf: object(
      {
        id: identity('ADMF identity (X1 client, /X1/ADMF responder).'),
        tls: tls('the ADMF'),
        listen: address('/X1/ADMF responder address.'),
      },
      'The ADMF (LIPF).',
    ),
    desk: object(
      {
        id: identity('Warrant desk identity (HI-1 server).'),
        tls: tls('the warrant desk'),
        listen: address('HI-1 (HTTPS, mutual TLS) address.'),
      },
      'The HI-1 warrant desk.',
    ),
    admin: address('Admin address (/healthz, /metrics).'),
    store,
    dir: path("Directory for the ADMF's X1 journal and other control state."),
    identityKey: file('32-byte key for identity tags in audit events (created 0600 by `init`).', {
      secret: true,
    }),
    profilesDir: optional(path('Profiles directory (default: the profiles shipped with warranted).')),
    authorities: list(authority, 'Every approving authority and its public key.', { minItems: 1 }),
  },
  'The control role: warrant desk + warrant service + ADMF.',
);

const mediation = object(
  {
    id: identity('MDF identity (X1 /X1/NE responder, HI2/HI3 sender).'),
    tls: tls('the MDF'),
    x1: address('X1 responder (/X1/NE) for the ADMF.'),
    x2x3: address('X2/X3 ingest from the POIs.'),
    admin: address('Admin address (/healthz, /metrics).'),
    dir: path('State directory (delivery buffers, Annex J chains).'),
    integrityKey: file('Ed25519 PKCS#8 PEM signing the Annex J hash chains (mode 0600 or stricter).', {
      secret: true,
    }),
    outboxKey: file('32-byte AES-256-GCM key encrypting the outboxes at rest (created 0600 by `init`).', {
      secret: true,
    }),
    authorizationCountryCode: countryCode(
      'Country of the authorisation (TS 102 232-1 authorizationCountryCode).',
    ),
    deliveryCountryCode: countryCode('Country of delivery (TS 102 232-1 deliveryCountryCode).'),
    delivery: object(
      {
        acknowledgement: withDefault(
          oneOf(
            ['negotiate', 'required', 'off'] as const,
            'TS 102 232-1 §6.3.6 PDU acknowledgement: `negotiate` it as a §6.3.5 option (a LEMF that declines gets "written" delivery), `required` (both ends configured for it), `off`.',
          ),
          'negotiate',
        ),
        ackEveryPdus: withDefault(integer('A pDUAcknowledgementRequest after this many PDUs …', { min: 1 }), 2000),
        ackIntervalMs: withDefault(duration('… or this long after the first PDU not yet covered (TIME6).'), 500),
        ackTimeoutMs: withDefault(
          duration('TIME5: no response this long after a request → reconnect and resend everything unacknowledged.'),
          60000,
        ),
        commitMs: withDefault(duration('Group commit: converted records are fsync\'d within this long.'), 10),
        quotaBytes: withDefault(
          integer("Disk quota of each destination's outbox, in bytes; reached: alarm, audit event, records refused.", { min: 1048576 }),
          1073741824,
        ),
      },
      'How the MDF hands PS-PDUs to the LEMFs and keeps them meanwhile (all optional).',
    ),
  },
  'The mediation (MDF2/MDF3) role.',
);

const lemfConsole = object(
  {
    listen: address("HTTPS address of the agency's console (docs/console.md); browsers get the LEMF's certificate, no client certificate is asked for."),
    logKey: file(
      "Ed25519 PKCS#8 PEM key that signs the checkpoints of the LEMF's access log (`<dir>/access-log`; its public key is beside it as `.pub.pem`, for `warranted audit verify`). Created 0600 by `init`.",
      { secret: true },
    ),
    adminPassword: optional(
      file("A file holding the password of the console's first supervisor, `admin`, created at start when the console has no supervisor. Created 0600 by `init`.", { secret: true }),
    ),
    hi1: optional(
      tls("the agency as HI-1 client (its certificate identity is the agency's `id`): the console asks the warrant desk what the agency's warrants say (TS 103 120 LIST/GET of Authorisation and LITask objects; docs/console.md)"),
    ),
    exportApproval: withDefault(boolean("Exports wait for a supervisor's approval before they can be downloaded."), true),
    store: optional(
      choice(
        {
          postgres: string("PostgreSQL connection URL (one database per LEMF; needs pg_trgm). It holds the LEMF's records in clear: put it on encrypted storage with access for the LEMF only (docs/console-data.md).", {
            pattern: /^postgres(ql)?:\/\/\S+$/,
            patternText: 'a postgres:// URL',
          }),
        },
        "The console's query store: `{ postgres: <url> }`; absent: embedded PGlite in the LEMF's memory, rebuilt from the sealed evidence at every start. Either way the evidence stays the source of truth: at start the store is brought to what the evidence holds.",
        (_key, value) => ({ kind: 'postgres' as const, url: value as string }),
      ),
    ),
    tileUrl: optional(string('Map tile URL template (`https://tiles.example/{z}/{x}/{y}.png`); absent: no tile server, the map shows cells on a blank background.', { pattern: /^https:\/\/[^\s"'<>]+$/, patternText: 'an https:// URL template' })),
  },
  "The agency's monitoring-centre console (issue 10): an HTTPS server on the LEMF with users, roles, and every look at intercepted material in the LEMF's access log.",
);

const lemf = object(
  {
    id: identity("The LEMF identity = the warrant's delivery destination id."),
    tls: tls('the LEMF'),
    hi2: address('HI2 (IRI) receiver address.'),
    hi3: address('HI3 (CC) receiver address.'),
    admin: address('Admin address (/healthz, /metrics, console).'),
    dir: path('State directory (received products, access log).'),
    integrityPublicKey: file("The MDF's Annex J public key (SPKI PEM)."),
    evidenceKey: file(
      "32-byte master key of the LEMF's evidence at rest: it wraps one random AES-256-GCM data key per LIID (destroyed at retention end: crypto-shredding). Created 0600 by `init`.",
      { secret: true },
    ),
    acknowledge: withDefault(
      boolean("Answer the MDF's pDUAcknowledgementRequests (TS 102 232-1 §6.3.6), each after an fsync."),
      true,
    ),
    console: optional(lemfConsole),
  },
  "The agency's monitoring centre (reference LEMF).",
);

const agency = object(
  { id: identity('Agency id = its HI-1 client certificate identity.'), name: string('Agency name.'), lemf },
  'A law enforcement agency.',
);

export const deploymentSchema = object(
  {
    version: oneOf([1] as const, 'Version of this file format.'),
    dataDir: path("Root of every role's state (logs, pid files, supervisor state)."),
    ca: file('PEM of the CA every component chains to.'),
    logging: object(
      {
        level: withDefault(
          oneOf(['debug', 'info', 'warn', 'error'] as const, 'Lowest level logged.'),
          'info',
        ),
      },
      'Logging (all optional).',
    ),
    timers,
    audit,
    control,
    mediation,
    operators: list(operator, 'Every telecom operator.', { minItems: 1 }),
    agencies: list(agency, 'Every agency and its monitoring centre.', { minItems: 1 }),
    witnesses: withDefault(list(witness, "Witnesses of the audit log's checkpoints (`warranted serve witness --id ID`)."), []),
  },
  'A warranted deployment.',
) satisfies Schema<Omit<Deployment, 'file'>>;

// The schema yields exactly `Deployment` minus `file` (checked both ways: no field missing, none extra).
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const SCHEMA_MATCHES_DEPLOYMENT: Exact<
  Infer<typeof deploymentSchema>,
  Omit<Deployment, 'file'>
> = true;

/**
 * The operators' section of the deployment file's schema: network elements, the synthetic network's
 * simulation and the operator's retained data (store, retention, RDHI).
 */
import { address, boolean, duration, file, integer, number, oneOf, path, string } from './scalars.ts';
import { list, object, optional, withDefault } from './schema.ts';
import { digits, identity, storeChoice, tls } from './deployment-schema-fields.ts';

const element = object(
  {
    id: identity('X1 neIdentifier = certificate identity.'),
    services: list(
      oneOf(['voice', 'sms', 'data', 'location'] as const, 'A service category.'),
      'Service categories this element intercepts.',
      { minItems: 1 },
    ),
    x1: address("The element's X1 /X1/NE address (the ADMF connects here; the network role listens here)."),
    simulated: optional(
      oneOf(
        ['ims', '5gc'] as const,
        'Present when the `network` role simulates this element: which synthetic POI it is.',
      ),
    ),
    tls: optional(tls('the simulated element (used by the network role)')),
  },
  'A network element (POI).',
);

const simulation = object(
  {
    subscribers: withDefault(integer('Number of synthetic subscribers.', { min: 1, max: 1_000_000 }), 100),
    seed: withDefault(integer('Random seed (same seed, same subscribers and traffic).', { min: 0 }), 1),
    mcc: digits('Mobile country code.', 3, 3),
    mnc: digits('Mobile network code.', 2, 3),
    countryCode: digits('E.164 country calling code.', 1, 3),
    msisdnPrefix: digits('Prefix of every synthetic MSISDN (country code included).', 1, 12),
    cells: withDefault(integer('Number of cells.', { min: 1, max: 10_000 }), 24),
    centre: object(
      {
        latitude: number('Latitude (degrees).', { min: -90, max: 90 }),
        longitude: number('Longitude (degrees).', { min: -180, max: 180 }),
      },
      'Centre of the cells.',
    ),
    rates: object(
      {
        voiceCallsPerMinute: withDefault(number('New voice calls per simulated minute.', { min: 0 }), 6),
        smsPerMinute: withDefault(number('New SMS per simulated minute.', { min: 0 }), 12),
        dataSessionsPerMinute: withDefault(number('New data sessions per simulated minute.', { min: 0 }), 6),
        locationUpdatesPerMinute: withDefault(
          number('Location updates per simulated minute.', { min: 0 }),
          20,
        ),
      },
      'Traffic rates (all optional; 0 turns a kind off).',
    ),
    admin: address("Admin address of this operator's network role (/healthz, /metrics)."),
    dir: path('State directory of the network role.'),
  },
  "A synthetic operator's subscribers and traffic (the `network` role; demos and tests only).",
);

// An ISO 8601 duration in whole years, months, days or hours (src/retained-data/retention.ts).
const retentionPeriod = (description: string) =>
  string(description, {
    pattern: /^P(?=\d|T\d)(\d{1,3}Y)?(\d{1,4}M)?(\d{1,5}D)?(T\d{1,6}H)?$/,
    patternText: 'an ISO 8601 period such as P12M, P90D, P1Y6M or PT36H',
  });
const retention = (what: string) => withDefault(retentionPeriod(`How long ${what} kept.`), 'P12M');

const retainedData = object(
  {
    store: optional(storeChoice("The operator's retained-data store: `{ embedded: <dir> }` or `{ postgres: <url> }`; absent: embedded, in `<simulation.dir>/retained-data`.")),
    retention: object(
      {
        subscribers: retention('a subscriber record is, from the end of its contract,'),
        equipment: retention('an IMEI ↔ IMSI/MSISDN association is, from its end,'),
        calls: retention('a call record is, from the call\'s start,'),
        sms: retention('an SMS record is'),
        dataSessions: retention('a data session record (with its CGNAT binding) is, from the session\'s start,'),
        locations: retention('a cell/location history entry is'),
      },
      'Retention per category (default 12 months each: the longest a retention notice may require under IPA 2016 s.87(3)).',
    ),
    rdhi: optional(
      object(
        {
          id: identity("The RDHI's certificate identity: the actor of its rd.* events on the audit log (which accepts appends from it, in its own name only)."),
          tls: tls("the operator's RDHI (TLS server towards the agencies, client of the audit log)"),
          listen: address("HI-A/HI-B address of the RDHI (TS 102 657 §7.3 direct TCP, BER, inside mutual TLS): agencies connect here with their client certificate."),
          ordersDir: path("Directory of production orders served on the operator by hand, one `<orderId>.json` each (the signed order bundle and its identifier salt, docs/rd.md). The RDHI asks the warrant desk first, at every request (`control.desk`, with the RDHI's own certificate); a file here is used for an order the desk does not show it, or while the desk cannot be reached."),
          signingKey: file("Ed25519 PKCS#8 PEM key that signs every answer (TS 102 657 §8.3 retainedDataDigest); agencies verify with its public key, `.pub.pem` beside it (`<name>.key.pem` → `<name>.pub.pem`).", { secret: true }),
        },
        "The operator's RDHI (docs/rd.md \"Running an RDHI\"): started by the `network` role over this retained-data store; answers only exact requests under a signed production order, auditing each. Absent: no RDHI.",
      ),
    ),
    sweepIntervalMs: withDefault(duration('How often records older than their retention are deleted (and the deletion reported).'), 3600000),
    flushMs: withDefault(duration('Records are written in batches at least this often (a crash can lose the batch being gathered).'), 1000),
  },
  "The operator's retained data (docs/retained-data.md): written by the `network` role as traffic happens, read only by exact identifier and period (ETSI TS 102 657). Absent: nothing is retained.",
);

export const operator = object(
  {
    id: identity('Operator id.'),
    name: string('Operator name.'),
    policy: object(
      {
        fourEyes: withDefault(boolean('Two different officers must confirm each warrant.'), false),
        officers: list(
          identity('Authority id of a compliance officer.'),
          'Authorities (role compliance-officer) who confirm warrants for this operator.',
          { minItems: 1 },
        ),
      },
      'Compliance policy.',
    ),
    elements: list(element, "The operator's network elements.", { minItems: 1 }),
    simulation: optional(simulation),
    retainedData: optional(retainedData),
  },
  'A telecom operator.',
);


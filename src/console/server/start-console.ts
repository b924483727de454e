/**
 * The console of one LEMF, as the `lemf` role starts it (src/roles/lemf.ts): the access log is
 * opened first (the LEMF's own reads and destructions go into it from the start), then, once the
 * monitoring centre runs, the user store, the warrant catalog and the HTTPS server. This is the
 * console's one entry point for the roles (eslint.config.js allow-list).
 */
import type { AccessEvent, DestructionEvent, IntegrityVerdictEntry, MonitoringRecord, SequenceReport } from '../../monitoring/types.ts';
import type { Address } from '../../platform/config/types.ts';
import type { Credentials } from '../../platform/pki.ts';
import type { ApiRoute } from '../api/contract.ts';
import { consoleApiRoutes } from '../api/index.ts';
import { openEmbeddedConsoleStore, openPostgresConsoleStore, type ConsoleQueryStore } from '../store/index.ts';
import { ConsoleAccessLog } from '../access-log/access-log.ts';
import { UserStore } from '../users/user-store.ts';
import { WarrantCatalog, type WarrantSource } from '../warrants/catalog.ts';
import { Hi1WarrantSource } from '../warrants/hi1-source.ts';
import { DestructionGate, keepRetention, type RetentionStore } from '../warrants/retention.ts';
import { Hi1Client } from '../../warrants/desk/index.ts';
import { RdEvidenceStore } from '../rd/evidence.ts';
import { deskOrderSource, type DeskOrderLike, type RdOrderSource } from '../rd/orders.ts';
import { RdRequester, type RdOperatorEndpoint } from '../rd/requester.ts';
import { loggedMarks } from './privileged-marks.ts';
import { MarksSnapshot } from './privileged-snapshot.ts';
import { startConsoleServer, type ConsoleServer } from './server.ts';

export type { RdOperatorEndpoint };

export interface ConsoleConfig {
  lemfId: string;
  /** The LEMF's state directory (users and access log live under it). */
  dir: string;
  listen: Address;
  creds: Pick<Credentials, 'certPem' | 'keyPem'>;
  logKeyPem: string;
  /** The LEMF's evidence master key: the user file's key is derived from it. */
  evidenceKey: Uint8Array;
  /** Password of the first supervisor `admin`, created when the console has no supervisor. */
  adminPassword?: string;
  exportApproval: boolean;
  tileUrl?: string;
  /** PostgreSQL connection URL of the query store (`console.store.postgres`); absent: embedded PGlite in memory. */
  postgres?: string;
  /** The warrant desk and the agency's HI-1 client credentials: where the warrants' terms come from (hi1-source.ts). */
  warrantDesk?: { creds: Credentials; endpoint: Address; agencyId: string; deskId: string };
  /**
   * Retained-data requests (docs/console.md "Retained data"): the agency's client credentials (the
   * HI-1 ones: the RDHI requires the TLS peer to be the order's agency), the operators' RDHIs and
   * their answer keys; the orders from `orders`, else from the desk through `listOrders`, else none
   * (the analyst enters the order id).
   */
  retainedData?: {
    creds: Credentials;
    agencyId: string;
    countryCode: string;
    operators: RdOperatorEndpoint[];
    timeoutMs?: number;
    orders?: RdOrderSource;
    listOrders?: (desk: Hi1Client) => Promise<readonly DeskOrderLike[]>;
  };
  /** How often the privileged-mark snapshot is advanced to the access log (default 10 min). */
  marksSnapshotIntervalMs?: number;
  /** How often retention ends are set from the warrants and expired material destroyed (default 60 s). */
  retentionIntervalMs?: number;
  onAlarm: (code: string, detail: string) => void;
}

/** What the console reads (and, for retention, changes) of the LEMF's own store (MonitoringStore satisfies it). */
export interface LemfStoreView extends RetentionStore {
  records(liid: string): MonitoringRecord[];
  evidenceOf(record: Pick<MonitoringRecord, 'liid' | 'evidence'>): Uint8Array;
  retentionOf(liid: string): Date | undefined;
  integrity(): { verdicts: IntegrityVerdictEntry[] };
  gaps(): SequenceReport[];
}

export interface PreparedConsole {
  accessLog: ConsoleAccessLog;
  /** The query store the data routes read (rebuilt from the LEMF's records at start); each change of a privileged mark is logged first. */
  queryStore: ConsoleQueryStore;
  /** For MonitoringCentreOptions: the LEMF's reads, destructions and new records. */
  onAccess: (e: AccessEvent) => void;
  onDestruction: (e: DestructionEvent) => void;
  onRecords: (records: readonly MonitoringRecord[]) => void;
  /** `routes` replaces the data routes (default: consoleApiRoutes over the query store). */
  start(store: LemfStoreView, o?: { source?: WarrantSource; routes?: readonly ApiRoute[] }): Promise<RunningConsole>;
  close(): Promise<void>;
}

export interface RunningConsole {
  server: ConsoleServer;
  users: UserStore;
  close(): Promise<void>;
}

function ended(store: RetentionStore, liid: string): boolean {
  const until = store.retentionOf(liid);
  return until !== undefined && until.getTime() <= Date.now();
}

export async function prepareConsole(c: ConsoleConfig): Promise<PreparedConsole> {
  const accessLog = await ConsoleAccessLog.open({ dir: c.dir, lemfId: c.lemfId, signingKeyPem: c.logKeyPem, onAlarm: c.onAlarm });
  let lemfStore: LemfStoreView | undefined;
  const storeOptions = {
    evidence: (r: Pick<MonitoringRecord, 'liid' | 'evidence'>) => {
      if (!lemfStore) throw new Error('the LEMF store is not open yet');
      return lemfStore.evidenceOf(r);
    },
    onError: (e: Error) => c.onAlarm('CONSOLE_QUERY_STORE_FAILED', e.message),
  };
  // Embedded: in memory, rebuilt from the LEMF's sealed records at every start — it holds content in
  // clear, so it is never written to disk by the LEMF. PostgreSQL (configured): resumed at start and
  // brought to what the evidence holds (rebuild); the operator keeps that database encrypted and closed.
  let store: ConsoleQueryStore;
  try {
    store = c.postgres ? await openPostgresConsoleStore({ connectionString: c.postgres, ...storeOptions }) : await openEmbeddedConsoleStore(storeOptions);
  } catch (e) {
    await accessLog.close();
    throw e;
  }
  // Every change of a privileged mark on the record before it applies (privileged-marks.ts).
  const queryStore = loggedMarks(store, accessLog);
  const marksSnapshot = new MarksSnapshot(c.dir, c.evidenceKey, c.onAlarm);
  // The LEMF's own events are not requests anybody waits on: a failed append is an alarm.
  const record = (type: string, subject: string, details: Record<string, unknown>) =>
    void accessLog.record({ type, actor: c.lemfId, subject, details }).catch(() => undefined);
  // The LEMF's destructions: each `lemf.destruction` entry (the digests of what goes) durable before anything is destroyed.
  const gate = new DestructionGate((e) => accessLog.record({ type: 'lemf.destruction', actor: c.lemfId, subject: e.liid, details: { liid: e.liid, retentionEnd: e.retentionEnd, records: e.records, evidenceBytes: e.evidenceBytes, files: e.files, ...(e.dataKey ? { dataKey: e.dataKey } : {}) } }));
  let running: RunningConsole | undefined;
  return {
    accessLog,
    queryStore,
    onAccess: (e) => record('lemf.access', e.liid, { who: e.who, liid: e.liid, what: e.what }),
    onDestruction: (e) => {
      // Nothing is destroyed before its entry is durable (retention.ts DestructionGate): throws otherwise, which stops the purge.
      gate.check(e);
      void queryStore.destroy(e.liid).catch((err: unknown) => c.onAlarm('CONSOLE_QUERY_STORE_FAILED', `rows of a destroyed LIID not deleted: ${(err as Error).message}`));
    },
    onRecords: (records) => {
      queryStore.ingest(records);
    },
    async start(store, o = {}) {
      lemfStore = store;
      // Everything the LEMF held before this start (records of PDUs stored since are ingested as they come).
      await queryStore.rebuild({
        liids: () => store.liids().filter((l) => !ended(store, l)),
        records: (l) => store.records(l),
      });
      // Before any request is served: the marks in force, from the access log (the store may be new),
      // through the sealed snapshot so only the entries since it are read (privileged-snapshot.ts).
      await queryStore.replacePrivileged((await marksSnapshot.current(accessLog)).marks);
      const users = UserStore.open(c.dir, c.evidenceKey);
      if (c.adminPassword !== undefined && !users.list().some((u) => u.role === 'supervisor') && !users.get('admin')) {
        await accessLog.record({ type: 'console.user-added', actor: c.lemfId, subject: 'admin', details: { user: 'admin', role: 'supervisor', liids: [], by: 'bootstrap (console.adminPassword)' } });
        await users.add('admin', 'supervisor', c.adminPassword);
      }
      let client: Hi1Client | undefined;
      let source = o.source;
      const rd = c.retainedData;
      if ((!source || rd?.listOrders) && c.warrantDesk) {
        const w = c.warrantDesk;
        // Country code as the agency's own HI-1 client uses it (src/cli/demo/parties.ts).
        client = new Hi1Client({ creds: w.creds, endpoint: w.endpoint, self: { countryCode: 'XX', uniqueIdentifier: w.agencyId }, desk: { countryCode: 'XX', uniqueIdentifier: w.deskId } });
      }
      if (!source && client) source = new Hi1WarrantSource({ client, onError: (e) => c.onAlarm('CONSOLE_WARRANT_DESK_UNREACHABLE', `warrant terms not refreshed from the desk: ${e.message}`) });
      const desk = client;
      const rdOrders = rd?.orders ?? (rd?.listOrders && desk ? deskOrderSource(() => rd.listOrders!(desk)) : undefined);
      const catalog = new WarrantCatalog({
        ...(source ? { source } : {}),
        counts: async (liid) => Object.fromEntries(Object.entries(await queryStore.counts(liid)).filter(([, n]) => n > 0)),
        retentionOf: (liid) => store.retentionOf(liid),
        integrity: () => store.integrity(),
        gaps: () => store.gaps(),
      });
      const server = await startConsoleServer({
        creds: c.creds,
        host: c.listen.host,
        port: c.listen.port,
        users,
        accessLog,
        warrants: catalog,
        // evidenceOf: PCAP exports read IP content back from the sealed evidence (src/console/api/pcap-export.ts).
        routes: o.routes ?? consoleApiRoutes(queryStore, { exportApproval: c.exportApproval, evidenceOf: (r) => store.evidenceOf(r) }),
        // After each committed batch: a page that re-queries on the event finds the rows.
        subscribe: (cb) => queryStore.subscribe(cb),
        ...(c.tileUrl ? { tileUrl: c.tileUrl } : {}),
        ...(rd
          ? {
              retainedData: {
                requester: new RdRequester({ creds: rd.creds, agencyId: rd.agencyId, countryCode: rd.countryCode, operators: rd.operators, ...(rd.timeoutMs === undefined ? {} : { timeoutMs: rd.timeoutMs }) }),
                evidence: new RdEvidenceStore(c.dir, c.evidenceKey),
                ...(rdOrders ? { orders: rdOrders } : {}),
              },
            }
          : {}),
        onAlarm: c.onAlarm,
      });
      // Retention from the warrants' own terms (retention.ts), at start and then periodically.
      let retention: NodeJS.Timeout | undefined;
      if (source) {
        const terms = source;
        const keep = () => void keepRetention(store, terms, new Date(), gate).catch((e: unknown) => c.onAlarm('CONSOLE_RETENTION_FAILED', `retention not applied: ${(e as Error).message}`));
        keep();
        retention = setInterval(keep, c.retentionIntervalMs ?? 60_000);
        retention.unref();
      }
      // The snapshot follows the log while the LEMF runs, so a start after months reads little of it.
      const snapshots = setInterval(() => void marksSnapshot.current(accessLog).catch(() => undefined), c.marksSnapshotIntervalMs ?? 600_000);
      snapshots.unref();
      running = {
        server,
        users,
        close: async () => {
          clearInterval(snapshots);
          clearInterval(retention);
          await server.close();
          client?.close();
        },
      };
      return running;
    },
    async close() {
      try {
        await running?.close();
      } finally {
        await queryStore.close().catch(() => undefined);
        await accessLog.close();
      }
    },
  };
}

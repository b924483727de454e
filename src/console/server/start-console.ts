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
import { ConsoleAccessLog } from '../access-log/access-log.ts';
import { UserStore } from '../users/user-store.ts';
import { RecordCounts } from '../warrants/counts.ts';
import { WarrantCatalog, type WarrantSource } from '../warrants/catalog.ts';
import { Hi1WarrantSource } from '../warrants/hi1-source.ts';
import { keepRetention, type RetentionStore } from '../warrants/retention.ts';
import { Hi1Client } from '../../warrants/desk/index.ts';
import { startConsoleServer, type ConsoleServer } from './server.ts';

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
  /** The warrant desk and the agency's HI-1 client credentials: where the warrants' terms come from (hi1-source.ts). */
  warrantDesk?: { creds: Credentials; endpoint: Address; agencyId: string; deskId: string };
  /** How often retention ends are set from the warrants and expired material destroyed (default 60 s). */
  retentionIntervalMs?: number;
  onAlarm: (code: string, detail: string) => void;
}

/** What the console reads (and, for retention, changes) of the LEMF's own store (MonitoringStore satisfies it). */
export interface LemfStoreView extends RetentionStore {
  countsByKind(liid: string): Record<string, number>;
  retentionOf(liid: string): Date | undefined;
  integrity(): { verdicts: IntegrityVerdictEntry[] };
  gaps(): SequenceReport[];
}

export interface PreparedConsole {
  accessLog: ConsoleAccessLog;
  /** For MonitoringCentreOptions: the LEMF's reads, destructions and new records. */
  onAccess: (e: AccessEvent) => void;
  onDestruction: (e: DestructionEvent) => void;
  onRecords: (records: readonly MonitoringRecord[]) => void;
  start(store: LemfStoreView, o?: { source?: WarrantSource; routes?: readonly ApiRoute[] }): Promise<RunningConsole>;
  close(): Promise<void>;
}

export interface RunningConsole {
  server: ConsoleServer;
  users: UserStore;
  close(): Promise<void>;
}

export async function prepareConsole(c: ConsoleConfig): Promise<PreparedConsole> {
  const accessLog = await ConsoleAccessLog.open({ dir: c.dir, lemfId: c.lemfId, signingKeyPem: c.logKeyPem, onAlarm: c.onAlarm });
  let counts: RecordCounts | undefined;
  // The LEMF's own events are not requests anybody waits on: a failed append is an alarm.
  const record = (type: string, subject: string, details: Record<string, unknown>) =>
    void accessLog.record({ type, actor: c.lemfId, subject, details }).catch(() => undefined);
  let running: RunningConsole | undefined;
  return {
    accessLog,
    onAccess: (e) => record('lemf.access', e.liid, { who: e.who, liid: e.liid, what: e.what }),
    onDestruction: (e) => {
      counts?.forget(e.liid);
      record('lemf.destruction', e.liid, { liid: e.liid, retentionEnd: e.retentionEnd, records: e.records, evidenceBytes: e.evidenceBytes, files: e.files, ...(e.dataKey ? { dataKey: e.dataKey } : {}) });
    },
    onRecords: (records) => counts?.add(records),
    async start(store, o = {}) {
      const users = UserStore.open(c.dir, c.evidenceKey);
      if (c.adminPassword !== undefined && !users.list().some((u) => u.role === 'supervisor') && !users.get('admin')) {
        await accessLog.record({ type: 'console.user-added', actor: c.lemfId, subject: 'admin', details: { user: 'admin', role: 'supervisor', liids: [], by: 'bootstrap (console.adminPassword)' } });
        await users.add('admin', 'supervisor', c.adminPassword);
      }
      let client: Hi1Client | undefined;
      let source = o.source;
      if (!source && c.warrantDesk) {
        const w = c.warrantDesk;
        // Country code as the agency's own HI-1 client uses it (src/cli/demo/parties.ts).
        client = new Hi1Client({ creds: w.creds, endpoint: w.endpoint, self: { countryCode: 'XX', uniqueIdentifier: w.agencyId }, desk: { countryCode: 'XX', uniqueIdentifier: w.deskId } });
        source = new Hi1WarrantSource({ client, onError: (e) => c.onAlarm('CONSOLE_WARRANT_DESK_UNREACHABLE', `warrant terms not refreshed from the desk: ${e.message}`) });
      }
      const seedCounts = new RecordCounts((liid) => store.countsByKind(liid));
      counts = seedCounts;
      const catalog = new WarrantCatalog({
        ...(source ? { source } : {}),
        counts: (liid) => Promise.resolve(seedCounts.counts(liid)),
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
        routes: o.routes ?? [],
        subscribe: (cb) => seedCounts.subscribe(cb),
        ...(c.tileUrl ? { tileOrigin: new URL(c.tileUrl.replace(/[{}]/g, '')).origin } : {}),
        onAlarm: c.onAlarm,
      });
      // Retention from the warrants' own terms (retention.ts), at start and then periodically.
      let retention: NodeJS.Timeout | undefined;
      if (source) {
        const terms = source;
        const keep = () => void keepRetention(store, terms).catch((e: unknown) => c.onAlarm('CONSOLE_RETENTION_FAILED', `retention not applied: ${(e as Error).message}`));
        keep();
        retention = setInterval(keep, c.retentionIntervalMs ?? 60_000);
        retention.unref();
      }
      running = {
        server,
        users,
        close: async () => {
          clearInterval(retention);
          await server.close();
          client?.close();
        },
      };
      return running;
    },
    async close() {
      await running?.close();
      await accessLog.close();
    },
  };
}

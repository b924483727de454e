/**
 * A point of interception (POI) of a synthetic operator: an X1 responder at /X1/NE (TS 103 221-1)
 * that keeps its tasks and destinations in an X1TaskTable, and an X2/X3 sender per destination
 * (TS 103 221-2, mutual TLS). For each event of its operator and its network elements it looks up
 * the served subscribers' identities EXACTLY among the active tasks' targets and emits X2/X3 for
 * those tasks only (docs/profile.md). No match, nothing emitted.
 *
 * Delivery problems are reported back over X1 (ReportTaskIssue, §6.5.1) when the ADMF's /X1/ADMF
 * address is configured. An ADMF silent for TIME_P2 makes the POI deactivate every task (the
 * §6.6.2 fail-safe) and say so with ReportNEIssue (§6.5.4); only the ADMF re-tasks it.
 */
import { encodeX2X3Pdu, PduType } from '../../standards/x2x3/index.ts';
import { DEFAULT_TIME_P2_MS, X1Client, X1FailSafe, X1TaskTable, startX1Server } from '../../wires/x1/index.ts';
import type { X1Server, X1ServerExchange } from '../../wires/x1/index.ts';
import { X2X3Sender } from '../../wires/x2x3/sender.ts';
import { tlsConnector, type Endpoint } from '../../wires/transport.ts';
import type { Credentials } from '../../platform/pki.ts';
import type { DestinationDetails } from '../../standards/x1/index.ts';
import type { EventCategory, NetworkElementType, NetworkEvent } from '../events.ts';
import { draftFor, pduFor, serviceCovered } from './emit.ts';
import { POI_TARGET_KINDS, TargetIndex } from './matching.ts';

const MAX_SEQUENCE_CONTEXTS = 10_000;

export interface PoiOptions {
  /** X1 neIdentifier and certificate identity, e.g. 'opA-ims'; also the X2/X3 Network Function ID. */
  identifier: string;
  operatorId: string;
  /** Network elements whose events this POI sees ('ims'; or 'amf', 'smsf', 'smf', 'upf'). */
  elements: readonly NetworkElementType[];
  creds: Credentials;
  /** Where the X1 server listens (port 0: any). */
  bind: Endpoint;
  /** The only peer allowed to task this POI. */
  admfIdentifier: string;
  /** The ADMF's /X1/ADMF address, for ReportTaskIssue (optional). */
  admfEndpoint?: Endpoint;
  /** TS 103 221-2 §6.2.4 TIME_P1 for the X2/X3 senders. */
  keepaliveIntervalMs?: number;
  /** How often destinations are checked for reachability (default 5 s). */
  healthCheckMs?: number;
  /**
   * TS 103 221-1 §6.6.2 TIME_P2: no X1 request from the ADMF for this long while tasks run → every
   * task is deactivated (default 1 hour, the standard's; 0 disables it by "prior agreement").
   */
  failSafeMs?: number;
  /** Sees every X1 exchange (verbatim documents). */
  onX1Exchange?: (ex: X1ServerExchange) => void;
  /** Sees every encoded X2/X3 PDU handed to a sender (tests, capture). */
  onPdu?: (bytes: Uint8Array, xid: string) => void;
}

export interface PoiTaskCounters {
  x2: number;
  x3: number;
  /** PDUs per event category. */
  byCategory: Partial<Record<EventCategory, number>>;
}

export interface PoiStats {
  identifier: string;
  /** Events of this POI's operator and elements looked at. */
  eventsSeen: number;
  /** Events that matched at least one active task. */
  eventsMatched: number;
  /** PDUs emitted per XID. */
  byXid: Record<string, PoiTaskCounters>;
  /** PDUs a sender refused (queue full). */
  refused: number;
  /** Issue reports sent to the ADMF: ReportTaskIssue per task (§6.5.2), ReportNEIssue per fail-safe (§6.5.4, counted once acknowledged). */
  issuesReported: number;
  /** The §6.6.2 fail-safe: how often it fired, the tasks it deactivated, whether the ADMF got the last report. */
  failSafe: { trips: number; tasksDeactivated: number; lastAt: string | null; reported: boolean };
}

export class Poi {
  readonly table: X1TaskTable;
  private readonly index = new TargetIndex();
  private readonly senders = new Map<string, X2X3Sender>();
  /**
   * TS 103 221-2 §5.3.9 Sequence Numbers: from 0, per XID, DID, NFID, IPID and Correlation ID, X2 and
   * X3 separately (one NFID, no IPID here, and every DID gets the same bytes), by XID then
   * "correlationId/X2|X3". At most MAX_SEQUENCE_CONTEXTS per XID: the oldest context is dropped and
   * would start again from 0, which the MDF reads as a restart, never as loss.
   */
  private readonly sequence = new Map<string, Map<string, number>>();
  private readonly nfId: Uint8Array;
  private readonly elements: ReadonlySet<NetworkElementType>;
  private readonly counters: PoiStats;
  private readonly reporter: X1Client | undefined;
  private readonly reportedDestinations = new Set<string>();
  private server: X1Server | undefined;
  private health: NodeJS.Timeout | undefined;
  private readonly failSafe: X1FailSafe;
  /** The ReportNEIssue of the last fail-safe, until the ADMF acknowledged it. */
  private pendingReport: string | undefined;
  private reporting = false;

  private constructor(private readonly o: PoiOptions) {
    this.table = new X1TaskTable({ supportedTargetKinds: POI_TARGET_KINDS });
    this.nfId = new TextEncoder().encode(o.identifier);
    this.elements = new Set(o.elements);
    this.counters = {
      identifier: o.identifier, eventsSeen: 0, eventsMatched: 0, byXid: {}, refused: 0, issuesReported: 0,
      failSafe: { trips: 0, tasksDeactivated: 0, lastAt: null, reported: false },
    };
    this.failSafe = new X1FailSafe({
      timeP2Ms: o.failSafeMs ?? DEFAULT_TIME_P2_MS,
      hasTasks: () => this.table.taskCount > 0,
      onExpire: (silentMs) => this.failSafeExpired(silentMs),
    });
    this.reporter = o.admfEndpoint
      ? new X1Client({ creds: o.creds, endpoint: o.admfEndpoint, path: '/X1/ADMF', admfIdentifier: o.admfIdentifier, neIdentifier: o.identifier })
      : undefined;
    this.table.onChange((c) => {
      if (c.kind === 'destination-created') this.openSender(c.destination);
      else if (c.kind === 'destination-modified') {
        void this.closeSender(c.destination.dId);
        this.openSender(c.destination);
      } else if (c.kind === 'destination-removed') void this.closeSender(c.destination.dId);
      // The index is kept current per change (a rebuild per change is quadratic in the tasks,
      // bench/x1-activation-scale): a deactivation stops emission for the very next event.
      else if (c.kind === 'task-activated') this.index.add(c.task);
      else if (c.kind === 'task-modified') {
        this.index.remove(c.previous ?? c.task);
        this.index.add(c.task);
      } else if (c.kind === 'task-deactivated') {
        this.index.remove(c.task);
        this.sequence.delete(c.task.xId);
      }
    });
  }

  static async start(o: PoiOptions): Promise<Poi> {
    const poi = new Poi(o);
    poi.server = await startX1Server({
      creds: o.creds,
      bind: o.bind,
      path: '/X1/NE',
      identifier: o.identifier,
      allowedPeers: [o.admfIdentifier],
      handler: poi.table.asHandler(),
      onExchange: (ex) => {
        // §6.6.2: any X1 request from the ADMF (the only allowed peer) resets TIME_P2.
        if (ex.container && ex.peer === o.admfIdentifier) poi.failSafe.heard();
        o.onX1Exchange?.(ex);
      },
    });
    poi.failSafe.start();
    poi.health = setInterval(() => poi.checkDestinations(), o.healthCheckMs ?? 5000);
    poi.health.unref();
    return poi;
  }

  get identifier(): string {
    return this.o.identifier;
  }

  /** The X1 /X1/NE address. */
  get x1Endpoint(): Endpoint {
    if (!this.server) throw new Error('POI not started');
    return this.server.endpoint;
  }

  /** Looks at a batch of network events; emits X2/X3 for exact matches of active tasks only. */
  handle(events: readonly NetworkEvent[]): void {
    for (const e of events) {
      if (e.operatorId !== this.o.operatorId || !this.elements.has(e.element)) continue;
      this.counters.eventsSeen++;
      if (this.index.size === 0) continue;
      let matched = false;
      for (const s of e.served) {
        for (const m of this.index.match(s)) {
          // TS 103 221-1 §6.2.1.2: with ListOfServiceTypes the task covers those services only.
          if (!serviceCovered(m.task.listOfServiceTypes, e.category)) continue;
          const draft = draftFor(e, s, m.task.deliveryType);
          if (!draft) continue;
          matched = true;
          this.emit(m, draft, e);
        }
      }
      if (matched) this.counters.eventsMatched++;
    }
  }

  stats(): PoiStats {
    return structuredClone(this.counters);
  }

  /** Resolves once every sender has written its queue (or the timeout passes). */
  async drain(timeoutMs = 5000): Promise<boolean> {
    const results = await Promise.all([...this.senders.values()].map((s) => s.drain(timeoutMs)));
    return results.every(Boolean);
  }

  async stop(): Promise<void> {
    this.failSafe.stop();
    if (this.health) clearInterval(this.health);
    await this.server?.close();
    await Promise.all([...this.senders.keys()].map((d) => this.closeSender(d)));
    this.reporter?.close();
  }

  private emit(m: Parameters<typeof pduFor>[1], draft: ReturnType<typeof draftFor> & object, e: NetworkEvent): void {
    const x2 = draft.pduType === PduType.X2;
    let contexts = this.sequence.get(m.task.xId);
    if (!contexts) this.sequence.set(m.task.xId, (contexts = new Map<string, number>()));
    const seqKey = `${draft.correlationId}/${x2 ? 'X2' : 'X3'}`;
    const sequenceNumber = contexts.get(seqKey) ?? 0;
    if (sequenceNumber === 0 && contexts.size >= MAX_SEQUENCE_CONTEXTS) contexts.delete(contexts.keys().next().value!);
    contexts.set(seqKey, (sequenceNumber + 1) >>> 0);
    const bytes = encodeX2X3Pdu(pduFor(draft, m, { sequenceNumber, timeMs: e.timeMs, networkFunctionId: this.nfId }));
    this.o.onPdu?.(bytes, m.task.xId);
    for (const dId of m.task.listOfDIDs) {
      const dest = this.table.destination(dId);
      const takes = dest && (dest.deliveryType === 'X2andX3' || dest.deliveryType === (x2 ? 'X2Only' : 'X3Only'));
      if (!takes) continue;
      if (this.senders.get(dId)?.sendEncoded(bytes) === false) this.counters.refused++;
    }
    const c = (this.counters.byXid[m.task.xId] ??= { x2: 0, x3: 0, byCategory: {} });
    if (x2) c.x2++;
    else c.x3++;
    c.byCategory[e.category] = (c.byCategory[e.category] ?? 0) + 1;
    this.table.recordIntercept(m.task.xId, x2 ? 'X2' : 'X3', new Date(e.timeMs));
  }

  private openSender(d: DestinationDetails): void {
    const a = d.deliveryAddress;
    if (a.kind !== 'ipAddressAndPort') return; // the table refuses other kinds (6020)
    const sender = new X2X3Sender({
      endpoint: { host: a.address.value, port: a.port.value },
      connector: tlsConnector(this.o.creds),
      ...(this.o.keepaliveIntervalMs !== undefined && { keepaliveIntervalMs: this.o.keepaliveIntervalMs }),
      onAlarm: (code, detail) => this.deliveryProblem(d.dId, code, detail),
    });
    this.senders.set(d.dId, sender);
    sender.start();
  }

  private async closeSender(dId: string): Promise<void> {
    const s = this.senders.get(dId);
    this.senders.delete(dId);
    this.reportedDestinations.delete(dId);
    await s?.stop();
  }

  /**
   * §6.6.2: the ADMF has been silent for TIME_P2 — "perform a DeactivateAllTasks command". The
   * destinations stay (the standard asks only for the tasks); the index follows the table's
   * change events, so nothing more is emitted for any XID. The POI never re-activates by itself.
   */
  private failSafeExpired(silentMs: number): void {
    const gone = this.table.deactivateAllTasks();
    const f = this.counters.failSafe;
    f.trips++;
    f.tasksDeactivated += gone.length;
    f.lastAt = new Date().toISOString();
    f.reported = false;
    this.pendingReport = `no X1 request from the ADMF for ${silentMs} ms (TIME_P2 ${this.o.failSafeMs ?? DEFAULT_TIME_P2_MS} ms): ${gone.length} task(s) deactivated (TS 103 221-1 §6.6.2)`;
    this.reportFailSafe();
  }

  /**
   * §6.5.4 ReportNEIssue (a fault of the whole NE): sent at once and, while the ADMF does not
   * acknowledge it, again at every health check — the ADMF being unreachable is the likely cause.
   */
  private reportFailSafe(): void {
    const description = this.pendingReport;
    if (!this.reporter || description === undefined || this.reporting) return;
    this.reporting = true;
    this.reporter
      .request({ messageType: 'ReportNEIssueRequest', typeOfNeIssueMessage: 'FaultReport', description })
      .then(() => {
        if (this.pendingReport === description) this.pendingReport = undefined;
        this.counters.failSafe.reported = true;
        this.counters.issuesReported++;
      })
      .catch(() => undefined) // retried by the next health check; the trip itself is in stats()
      .finally(() => (this.reporting = false));
  }

  /** A destination with PDUs waiting and no connection is unreachable; one that reconnected has recovered. */
  private checkDestinations(): void {
    this.reportFailSafe();
    for (const [dId, s] of this.senders) {
      if (!s.connected && s.stats.queued > 0) this.deliveryProblem(dId, 'X2X3_UNREACHABLE', 'destination unreachable, PDUs queued');
      else if (s.connected && this.reportedDestinations.delete(dId)) {
        this.table.setDestinationStatus(dId, { destinationDeliveryStatus: 'activeAndWorking', listOfFaults: [] });
      }
    }
  }

  /** §6.5.1 ReportTaskIssue for each task using the destination, once per destination until it recovers. */
  private deliveryProblem(dId: string, code: string, detail: string): void {
    this.table.setDestinationStatus(dId, { destinationDeliveryStatus: 'deliveryFault', listOfFaults: [{ errorCode: 9020, errorDescription: `${code}: ${detail}`.slice(0, 200) }] });
    if (this.reportedDestinations.has(dId)) return;
    this.reportedDestinations.add(dId);
    if (!this.reporter) return;
    const tasks = this.table.tasks().filter((t) => t.listOfDIDs.includes(dId));
    if (tasks.length === 0) return;
    this.counters.issuesReported += tasks.length;
    this.reporter
      .send(tasks.map((t) => ({ messageType: 'ReportTaskIssueRequest' as const, xId: t.xId, taskReportType: 'NonTerminatingFault' as const, taskIssueErrorCode: 9020, taskIssueDetails: `X2/X3 delivery problem: ${code}` })))
      .catch(() => undefined); // the ADMF being unreachable too is visible in its own reconciliation
  }
}

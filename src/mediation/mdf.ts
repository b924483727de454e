/**
 * The mediation function (MDF2/MDF3, TS 33.127): X1 responder for its tasks, X2/X3 ingest from the
 * POIs, the task guard ("is XID x live for this record, now?"), conversion to TS 102 232 PS-PDUs and
 * delivery to the monitoring centres. Fail closed: a record that no live warranted task covers is
 * dropped with an alarm and an audit event; if the audit log refuses events, mediation stops
 * delivering altogether.
 */
import { createHash } from 'node:crypto';
import { firstAttribute, PduType, timestampToMillis, type DecodedX2X3Pdu } from '../standards/x2x3/index.ts';
import { startX1Server, X1TaskTable, type X1Server } from '../wires/x1/index.ts';
import { startX2X3Receiver, type X2X3Receiver } from '../wires/x2x3/receiver.ts';
import { tlsConnector, tlsListener } from '../wires/transport.ts';
import type { Mediation, MediationAlarm, MediationOptions } from './api.ts';
import { RecordConverter } from './convert.ts';
import { DeliveryManager, type DeliveryBatch } from './delivery.ts';
import { MediationRefusal } from './errors.ts';
import { FAIL_SAFE_REASON, MdfFailSafe } from './fail-safe.ts';
import { recoverMediation, type RecoveryReport } from './recover.ts';
import { SequenceStore } from './sequence-store.ts';
import { stateKeyFrom, MdfStateStore, type MdfX1Change } from './state.ts';
import { MediationTaskTable, type MediationTask } from './task-table.ts';
import { X2X3SequenceTracker } from './x2x3-sequence.ts';
import { endAllTasks, mdfX1Handler, type MdfX1Hooks } from './x1-handler.ts';

export type { AuditSink, Mediation, MediationAlarm, MediationOptions, MediationStats } from './api.ts';

/**
 * Starts the MDF on `dataDir`: first it reloads what an earlier run left there (recover.ts: tasks,
 * destinations, outboxes, sequence counters) and throws MDF_STATE_CORRUPT, before binding any port,
 * if that cannot be read; then it serves X1 and X2/X3.
 */
export async function startMediation(o: MediationOptions): Promise<Mediation> {
  const now = o.now ?? (() => new Date());
  const tasks = new MediationTaskTable();
  const x1 = new X1TaskTable({ now });
  // Both throw MDF_STATE_CORRUPT on a damaged file: fail closed, never start empty over it.
  // The file names target identities: sealed at rest with a key derived from the outbox key (issue 8).
  const state = new MdfStateStore(o.dataDir, { key: stateKeyFrom(o.outboxKey) });
  const sequences = new SequenceStore(state.dir);
  const converter = new RecordConverter({
    operatorOf: o.operatorOf ?? ((p) => p.split('-')[0] ?? p),
    deliveryCountryCode: o.deliveryCountryCode,
    nextSequence: (key) => sequences.get(key),
  });
  const refused: Record<string, number> = {};
  let received = 0;
  let failedClosed = false;
  const alarm = (a: Omit<MediationAlarm, 'at'>) => o.onAlarm?.({ ...a, at: now() });

  // Audit appends are ordered by the log; a rejected append means the trail is broken: stop.
  const audit = (type: string, subject: string | undefined, details: Record<string, unknown>) => {
    o.audit.append({ type, at: now().toISOString(), actor: o.identifier, ...(subject ? { subject } : {}), details }).catch((e: unknown) => {
      if (!failedClosed) alarm({ code: 'MDF_AUDIT_UNAVAILABLE', detail: `audit log refused an event; delivery stopped: ${String(e)}` });
      failedSince ??= now();
      failedClosed = true;
    });
  };

  // Refusals are audited once per XID and code per second with a count, so a flood cannot drown the log.
  const refusalCounts = new Map<string, { code: string; xid: string; poi: string; count: number }>();
  // X2/X3 loss (TS 103 221-2 §4.2.2, Annex A.1.8): alarmed at the first gap of a POI and XID, audited each second.
  const x2x3Sequence = new X2X3SequenceTracker({
    onFirstGap: (r) => alarm({ code: 'MDF_X2X3_SEQUENCE_GAP', detail: `X2/X3 sequence gap from ${r.poi}: ${r.lost} PDU(s) lost (stream ${r.missing[0]?.stream}, numbers ${r.missing[0]?.from}-${r.missing[0]?.to})`, xid: r.xid, poi: r.poi }),
  });
  let failedSince: Date | undefined;
  let probing = false;
  const flushRefusals = setInterval(() => {
    if (failedClosed) {
      void probeAudit();
      return;
    }
    for (const r of refusalCounts.values()) audit('mdf.record-refused', r.xid, { code: r.code, poi: r.poi, count: r.count });
    refusalCounts.clear();
    for (const r of x2x3Sequence.flush()) audit('mdf.x2x3-loss', r.xid, { ...r });
    x2x3Sequence.forgetEnded((xid) => tasks.get(xid) !== undefined);
  }, 1000);
  flushRefusals.unref();
  // The guard's refusals are preallocated { code, message } (task-table.ts): a refused record costs no Error.
  const refuse = (e: Pick<MediationRefusal, 'code' | 'message'>, xid: string, poi: string) => {
    refused[e.code] = (refused[e.code] ?? 0) + 1;
    const key = `${xid}\u0000${e.code}\u0000${poi}`;
    const r = refusalCounts.get(key);
    if (r) r.count++;
    else {
      refusalCounts.set(key, { code: e.code, xid, poi, count: 1 });
      alarm({ code: e.code, detail: e.message, xid, poi });
    }
  };

  /**
   * Failed closed, the MDF asks the log once a second whether it is back (a restarted audit role):
   * the first event it accepts records the outage — how long, what was refused meanwhile — and only
   * then are the held-back records' batches audited and released, and X2/X3 accepted again.
   */
  const probeAudit = async (): Promise<void> => {
    if (probing || !failedClosed) return;
    probing = true;
    try {
      const refusedMeanwhile = [...refusalCounts.values()].reduce((n, r) => n + r.count, 0);
      await o.audit.append({ type: 'mdf.audit-restored', at: now().toISOString(), actor: o.identifier, details: { failedSince: (failedSince ?? now()).toISOString(), refusedMeanwhile, heldBack: delivery.heldBack } });
      for (const r of refusalCounts.values()) audit('mdf.record-refused', r.xid, { code: r.code, poi: r.poi, count: r.count });
      refusalCounts.clear();
      failedClosed = false;
      failedSince = undefined;
      delivery.resumeAudit();
      alarm({ code: 'MDF_AUDIT_RESTORED', detail: `the audit log accepts events again; ${refusedMeanwhile} records were refused while it was unavailable` });
    } catch {
      /* still unavailable: stay closed */
    } finally {
      probing = false;
    }
  };

  let paused = false;
  // Set once the X2/X3 port is open (the delivery manager exists before it).
  const ingest: { receiver?: X2X3Receiver } = {};
  const delivery = new DeliveryManager({
    dataDir: o.dataDir,
    connector: tlsConnector(o.creds),
    outboxKey: o.outboxKey,
    ...(o.delivery?.acknowledgement ? { acknowledgement: o.delivery.acknowledgement } : {}),
    ...(o.delivery?.commitMs !== undefined ? { commitMs: o.delivery.commitMs } : {}),
    ...(o.delivery?.quotaBytes !== undefined ? { quotaBytes: o.delivery.quotaBytes } : {}),
    // Delivery behind (commit or audit slower than ingest): stop reading the POIs' sockets, so TCP
    // pushes back on them, before anything would have to be refused.
    onPressure: (p) => {
      paused = p;
      if (p) ingest.receiver?.pause();
      else ingest.receiver?.resume();
      alarm({ code: p ? 'MDF_BACKPRESSURE' : 'MDF_BACKPRESSURE_CLEARED', detail: p ? `delivery is behind (${delivery.heldBack} records not yet durable and audited): X2/X3 reading paused` : 'X2/X3 reading resumed' });
    },
    ...(o.integrityKey ? { integrityKey: o.integrityKey } : {}),
    keepaliveIdleMs: o.keepaliveIdleMs ?? 30_000,
    hashIntervalMs: o.hashIntervalMs ?? 5000,
    onAlarm: (code, detail) => {
      if (code === 'MDF_AUDIT_UNAVAILABLE') {
        failedSince ??= now();
        failedClosed = true;
      }
      alarm({ code, detail });
    },
    auditBatch: (b: DeliveryBatch) => o.audit.append({ type: 'mdf.delivery-batch', at: now().toISOString(), actor: o.identifier, subject: b.liid, details: { ...b } }),
    sequences,
  });
  // A start that fails after this point releases what it opened (timers, senders, the journal).
  const abandon = async (e: unknown, ...close: (() => unknown)[]): Promise<never> => {
    for (const c of close) await c();
    clearInterval(flushRefusals);
    await delivery.close();
    sequences.close();
    throw e;
  };
  let recovered: RecoveryReport;
  try {
    recovered = recoverMediation({
      dataDir: o.dataDir,
      state,
      sequences,
      x1,
      tasks,
      delivery,
      outboxKey: o.outboxKey,
      authorizationCountryCode: o.authorizationCountryCode,
      now: now(),
      audit,
      alarm: (code, detail) => alarm({ code, detail }),
    });
  } catch (e) {
    return abandon(e);
  }
  const snapshot = () => ({ destinations: x1.destinations(), tasks: x1.tasks() });
  // One container's change as a journal line; without one (fail-safe, DeactivateAllTasks) a snapshot.
  const persist = (change?: MdfX1Change) => state.record(change, snapshot);

  /**
   * The receive time of the records of the chunk being handled: taken at its first record, once per
   * chunk (the receiver's onData clears it). Every octet of the chunk had arrived by then, and the
   * chunk is handled without yielding (no X1 change or sweep runs in between), so each record's time
   * is when its octets were read — the guard's window check (task-table.ts) is the same as with a
   * clock read per record, except that it cannot count the time spent on the chunk's earlier records.
   */
  let chunkAt: Date | undefined;
  let chunkMs = 0;
  /**
   * X1 TaskStatus counts (TS 103 221-1 §6.4.2): the delivered records of a run of one XID and kind in
   * a chunk are added up and recorded when the run ends or the chunk has been handled. A chunk is handled
   * without yielding, so GetTaskDetails (served between chunks) sees the same counts and time as with
   * one call per record: all records of a chunk share its receive time.
   */
  let runXid = '';
  let runKind: 'X2' | 'X3' = 'X2';
  let runCount = 0;
  let runAt = new Date(0);
  const recordRun = () => {
    if (runCount === 0) return;
    x1.recordIntercept(runXid, runKind, runAt, runCount);
    runCount = 0;
  };
  const onPdu = (pdu: DecodedX2X3Pdu, poi: string) => {
    received++;
    x2x3Sequence.observe(pdu, poi);
    if (failedClosed) {
      refuse(new MediationRefusal('MDF_AUDIT_UNAVAILABLE', 'audit log unavailable: nothing is delivered'), pdu.xid, poi);
      return;
    }
    const kind = pdu.pduType === PduType.X3 ? 'X3' : 'X2';
    const ts = firstAttribute(pdu, 'timestamp');
    const interceptedMs = ts ? timestampToMillis(ts.value) : undefined;
    if (chunkAt === undefined) {
      chunkAt = now();
      chunkMs = chunkAt.getTime();
    }
    const receivedAt = chunkAt;
    // The whole warrant: XID, window, POI, HI delivery, services, matched target (task-table.ts).
    const verdict = tasks.checkRecordAt(pdu, poi, chunkMs, interceptedMs);
    if (!verdict.ok) {
      refuse(verdict.refusal, pdu.xid, poi);
      return;
    }
    const task = verdict.task;
    try {
      const rec = converter.convert(pdu, task, poi, chunkMs, interceptedMs);
      const did = rec.channel === 'HI2' ? task.hi2Destination : task.hi3Destination;
      if (!did || !delivery.hasDestination(did)) throw new MediationRefusal('MDF_NO_DESTINATION', `no ${rec.channel} destination for the task`);
      delivery.enqueue(did, rec);
      if (runCount > 0 && (pdu.xid !== runXid || kind !== runKind || receivedAt !== runAt)) recordRun();
      runXid = pdu.xid;
      runKind = kind;
      runAt = receivedAt;
      runCount++;
    } catch (e) {
      refuse(e instanceof MediationRefusal ? e : new MediationRefusal('MDF_OUTBOX_FAILED', String(e), { cause: e }), pdu.xid, poi);
    }
  };

  const x2x3 = await startX2X3Receiver({
    bind: { host: o.bindHost, port: o.x2x3Port ?? 0 },
    listener: tlsListener(o.creds),
    onData: () => {
      chunkAt = undefined;
    },
    onChunkEnd: recordRun,
    onPdu: (pdu, peer) => {
      if (o.allowedPois && o.allowedPois.length > 0 && !o.allowedPois.includes(peer)) {
        refuse(new MediationRefusal('MDF_POI_NOT_TASKED', `${peer} is not a registered POI`), pdu.xid, peer);
        return;
      }
      onPdu(pdu, peer);
    },
    onAlarm: (code, detail, peer) => {
      alarm({ code, detail, poi: peer });
      audit('mdf.x2x3-stream-closed', undefined, { code, poi: peer, detail });
    },
  }).catch((e: unknown) => abandon(e));
  ingest.receiver = x2x3;
  if (paused) x2x3.pause();

  const ended = (t: MediationTask, reason: string) => {
    // A warrant has one task per target per operator, all under its LIID: its chains and counters
    // go only with the last of them.
    // After a fail-safe the ADMF re-activates the same tasks: nothing of the LIID is forgotten then.
    if (reason !== FAIL_SAFE_REASON && !tasks.othersWithLiid(t.liid, t.xid))
      void delivery.closeLiid(t.liid).then(() => {
        converter.forget(t.liid);
        sequences.forget(t.liid);
      });
    audit('mdf.task-ended', t.xid, { liid: t.liid, warrantId: t.warrantId, warrantHash: t.warrantHash, reason });
  };
  // At the task's EndTime delivery stops by the guard alone; this sweep records it and frees state.
  const sweep = setInterval(() => {
    // Only the tasks that ended (by EndTime order), not a scan of every task.
    for (const t of tasks.takeExpired(now())) ended(t, 'EndTime reached');
  }, 200);
  sweep.unref();

  const hooks: MdfX1Hooks = {
    tasks,
    x1,
    authorizationCountryCode: o.authorizationCountryCode,
    now,
    setDestination: (did, ep) => delivery.setDestination(did, ep),
    removeDestination: (did) => void delivery.removeDestination(did),
    taskEnded: ended,
    persist,
    taskStarted: (t) => audit('mdf.task-started', t.xid, { liid: t.liid, warrantId: t.warrantId, warrantHash: t.warrantHash, start: t.start.toISOString(), end: t.end.toISOString(), hiDelivery: t.hiDelivery }),
  };
  const failSafe = new MdfFailSafe({
    identifier: o.identifier,
    admfIdentifier: o.admfIdentifier,
    creds: o.creds,
    ...(o.failSafeMs !== undefined && { timeP2Ms: o.failSafeMs }),
    ...(o.admfEndpoint && { admfEndpoint: o.admfEndpoint }),
    hasTasks: () => x1.taskCount > 0,
    deactivateAll: (reason) => endAllTasks(hooks, reason),
    persist,
    audit,
    alarm: (code, detail) => alarm({ code, detail }),
  });
  const x1Server: X1Server = await startX1Server({
    creds: o.creds,
    bind: { host: o.bindHost, port: o.x1Port ?? 0 },
    path: '/X1/NE',
    identifier: o.identifier,
    allowedPeers: [o.admfIdentifier],
    now,
    handler: mdfX1Handler(hooks),
    // Hashes only: the X1 documents name target identities, which never enter the audit log in clear.
    onExchange: (ex) => {
      // §6.6.2: any X1 request from the ADMF resets TIME_P2.
      if (ex.container && ex.peer === o.admfIdentifier) failSafe.heard();
      audit('x1.received', undefined, {
        peer: ex.peer,
        path: ex.path,
        requestSha256: createHash('sha256').update(ex.requestBytes).digest('hex'),
        responseSha256: createHash('sha256').update(ex.responseXml).digest('hex'),
        requests: ex.container?.x1RequestMessage.map((m) => m.messageType) ?? [],
        topLevelError: ex.topLevelError?.code ?? null,
      });
    },
  }).catch((e: unknown) => abandon(e, () => clearInterval(sweep), () => failSafe.stop(), () => x2x3.close()));
  failSafe.start();

  return {
    x1Endpoint: x1Server.endpoint,
    x2x3Endpoint: x2x3.endpoint,
    recovered,
    stats: () => ({ received, delivered: delivery.delivered, heldBack: delivery.heldBack, paused, x2x3: x2x3Sequence.stats(), refused: { ...refused }, tasks: tasks.size, failedClosed, failSafe: failSafe.stats(), destinations: delivery.stats() }),
    tasks: () => tasks.list(),
    flush: (ms) => delivery.flush(ms),
    stop: async () => {
      failSafe.stop();
      clearInterval(sweep);
      clearInterval(flushRefusals);
      await x1Server.close();
      // A clean stop leaves the X1 state as one snapshot (state.ts); if it cannot, the journal stays valid.
      if (state.hasJournal) {
        try {
          state.save(snapshot());
        } catch {
          /* the next start reads the journal */
        }
      }
      await x2x3.close();
      await delivery.close();
      sequences.close();
    },
  };
}

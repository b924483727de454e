/**
 * What `startMediation` does with its data directory before it accepts anything (DESIGN.md: "the role
 * that owns state recovers from it at start; nothing lawful depends on a process's memory"):
 *
 *  1. the X1 destinations and tasks of the state file (state.ts) go back into the X1 task table (so
 *     ListAllDetails / GetTaskDetails answer as before) and the guard; a task whose EndTime passed
 *     while the MDF was down is not reloaded, is audited as ended and leaves the state file;
 *  2. every destination's sender starts on its outbox, so what the previous run left is delivered;
 *     durable records the previous run never audited are audited first (destination.ts); an outbox
 *     whose destination is gone is kept as it is and raises MDF_OUTBOX_ORPHANED;
 *  3. every sequence counter is raised to the highest number found in any outbox + 1, in case the
 *     process died between an outbox write and the counter commit (sequence-store.ts).
 *
 * Any inconsistency in the state (a task naming an unknown destination, an invalid window) is
 * MDF_STATE_CORRUPT: the MDF refuses to start rather than run with fewer tasks than the ADMF set.
 */
import { decodePsPdu } from '../standards/hi2hi3/index.ts';
import type { X1TaskTable } from '../wires/x1/index.ts';
import type { DeliveryManager } from './delivery.ts';
import { outboxDids, outboxPath } from './destination.ts';
import { MediationStateError } from './errors.ts';
import { DurableOutbox } from './outbox/index.ts';
import { sequenceKeyOf, type SequenceStore } from './sequence-store.ts';
import type { MdfStateStore } from './state.ts';
import type { MediationTask, MediationTaskTable } from './task-table.ts';
import { endpointOf, mediationTaskOf } from './x1-handler.ts';

export interface RecoveryContext {
  dataDir: string;
  state: MdfStateStore;
  sequences: SequenceStore;
  x1: X1TaskTable;
  tasks: MediationTaskTable;
  delivery: DeliveryManager;
  /** To read an orphaned outbox (its destination gone) without delivering it. */
  outboxKey: Uint8Array;
  authorizationCountryCode: string;
  now: Date;
  audit: (type: string, subject: string | undefined, details: Record<string, unknown>) => void;
  alarm: (code: string, detail: string) => void;
}

export interface RecoveryReport {
  destinations: number;
  tasks: number;
  /** Tasks not reloaded because their EndTime had passed. */
  expired: number;
  /** Records found waiting in outboxes (delivered from now on, or kept for a missing destination). */
  pendingRecords: number;
  /** DIDs whose outbox holds records but which the MDF no longer has. */
  orphanedOutboxes: string[];
}

export function recoverMediation(c: RecoveryContext): RecoveryReport {
  c.x1.storeTasksCompactly(); // as the X1 handler keeps them (x1-handler.ts), from the first task on
  const s = c.state.load();
  const corrupt = (what: string, cause: unknown) =>
    new MediationStateError('MDF_STATE_CORRUPT', `MDF state file ${c.state.path}: ${what}; the MDF does not start without its tasks`, { cause, details: { file: c.state.path } });

  for (const d of s.destinations) {
    try {
      c.x1.createDestination(d);
      c.delivery.setDestination(d.dId, endpointOf(d));
    } catch (e) {
      throw corrupt(`destination ${d.dId} cannot be restored`, e);
    }
  }
  const restored: MediationTask[] = [];
  let expired = 0;
  for (const t of s.tasks) {
    let task: MediationTask;
    try {
      task = mediationTaskOf(t, c.x1, c.authorizationCountryCode);
      if (c.now >= task.end) {
        expired++;
        c.audit('mdf.task-ended', task.xid, { liid: task.liid, warrantId: task.warrantId, warrantHash: task.warrantHash, reason: 'EndTime passed before the MDF started' });
        continue;
      }
      c.x1.activateTask(t);
    } catch (e) {
      throw corrupt(`task ${t.xId} cannot be restored`, e);
    }
    c.tasks.put(task);
    restored.push(task);
    c.audit('mdf.task-restored', task.xid, { liid: task.liid, warrantId: task.warrantId, warrantHash: task.warrantHash, end: task.end.toISOString(), hiDelivery: task.hiDelivery });
  }
  // The expired tasks leave the file now, so that a second restart does not audit them again; the
  // journal is folded into a new snapshot (state.ts).
  if (expired > 0 || c.state.hasJournal) c.state.save({ destinations: c.x1.destinations(), tasks: c.x1.tasks() });

  let pendingRecords = 0;
  const orphanedOutboxes: string[] = [];
  for (const did of outboxDids(c.dataDir)) {
    if (c.delivery.hasDestination(did)) {
      pendingRecords += c.delivery.pendingCount(did);
      raiseFromOutbox(c.sequences, c.delivery.undelivered(did));
      continue;
    }
    // Opened only to count and read: nothing is delivered from it, nothing is written to it.
    const ob = DurableOutbox.open({ dir: outboxPath(c.dataDir, did), key: c.outboxKey, quotaBytes: Number.MAX_SAFE_INTEGER });
    try {
      if (ob.length > 0) {
        orphanedOutboxes.push(did);
        pendingRecords += ob.length;
        c.alarm('MDF_OUTBOX_ORPHANED', `outbox of destination ${did} holds ${ob.length} undelivered records but the destination is gone; kept at ${outboxPath(c.dataDir, did)}`);
        raiseFromOutbox(c.sequences, bytesOf(ob.read(ob.confirmed, ob.durable)));
      }
    } finally {
      ob.closeUnchanged();
    }
  }
  c.sequences.commit();
  c.audit('mdf.state-restored', undefined, { destinations: s.destinations.length, tasks: restored.length, expired, pendingRecords, orphanedOutboxes });
  return { destinations: s.destinations.length, tasks: restored.length, expired, pendingRecords, orphanedOutboxes };
}

/** The records' octets, streamed (an orphaned backlog is never held in memory at once). */
function* bytesOf(records: Iterable<{ bytes: Uint8Array }>): Iterable<Uint8Array> {
  for (const r of records) yield r.bytes;
}

/** Every counter above the highest number its context has in the outbox (the MDF wrote these PDUs). */
function raiseFromOutbox(sequences: SequenceStore, records: Iterable<Uint8Array>): void {
  for (const bytes of records) {
    let key: string | undefined;
    let seq: number;
    try {
      const pdu = decodePsPdu(bytes);
      key = sequenceKeyOf(pdu);
      seq = pdu.pSHeader.sequenceNumber;
    } catch {
      continue; // the MDF wrote every record itself; one that does not decode carries no number to keep
    }
    if (key !== undefined) sequences.raise(key, (seq + 1) >>> 0);
  }
}

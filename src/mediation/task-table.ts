/**
 * Mediation's view of its tasks (TS 103 221-1 Annex C: the MDF receives the task with its
 * MediationDetails: LIID, HI delivery type, destinations, Start/End time). The guard below answers
 * the one question the rest of mediation asks: "is XID x live for this record, now?"
 */
import { MediationRefusal } from './errors.ts';

export type HiDeliveryType = 'HI2Only' | 'HI3Only' | 'HI2andHI3';

export interface MediationTask {
  xid: string;
  liid: string;
  hiDelivery: HiDeliveryType;
  /** X1 destinations (DIDs) toward the LEMF: HI2 and HI3 ports. */
  hi2Destination?: string;
  hi3Destination?: string;
  start: Date;
  end: Date;
  /** From the warrant binding extension (docs/x1.md), carried into the audit trail. */
  warrantId?: string;
  warrantHash?: string;
  /** Two-letter codes for the PSHeader (TS 102 232-1 §5.2.2). */
  authorizationCountryCode: string;
  /** POI identifiers allowed to send records for this XID; empty = any authenticated POI. */
  taskedPois: string[];
}

export type GuardVerdict = { ok: true; task: MediationTask } | { ok: false; refusal: MediationRefusal };

export interface LiveTaskCheck {
  /** `kind` says whether the record is IRI (X2) or content (X3). */
  check(xid: string, kind: 'X2' | 'X3', poi: string, receivedAt: Date, interceptedAt: Date | undefined): GuardVerdict;
}

export class MediationTaskTable implements LiveTaskCheck {
  private readonly tasks = new Map<string, MediationTask>();
  /** Ended tasks are remembered so late records are refused as ENDED, not UNKNOWN. */
  private readonly ended = new Map<string, Date>();

  put(task: MediationTask): void {
    this.tasks.set(task.xid, task);
    this.ended.delete(task.xid);
  }

  get(xid: string): MediationTask | undefined {
    return this.tasks.get(xid);
  }

  /** Deactivation: from this instant nothing more is delivered for the XID. */
  remove(xid: string, at: Date): boolean {
    const had = this.tasks.delete(xid);
    if (had) this.ended.set(xid, at);
    return had;
  }

  list(): MediationTask[] {
    return [...this.tasks.values()];
  }

  check(xid: string, kind: 'X2' | 'X3', poi: string, receivedAt: Date, interceptedAt: Date | undefined): GuardVerdict {
    const t = this.tasks.get(xid);
    if (!t) return this.ended.has(xid) ? refuse('MDF_TASK_ENDED', 'task was deactivated', xid, poi) : refuse('MDF_UNKNOWN_XID', 'no task for this XID', xid, poi);
    if (t.taskedPois.length > 0 && !t.taskedPois.includes(poi)) return refuse('MDF_POI_NOT_TASKED', `POI ${poi} was not tasked for this XID`, xid, poi);
    // Both the time we received it and the time the POI says it intercepted it must lie inside the
    // window: a record cannot be laundered into the window by a wrong POI clock, nor delivered late.
    const r = receivedAt.getTime();
    const i = interceptedAt ? interceptedAt.getTime() : r;
    const start = t.start.getTime();
    const end = t.end.getTime();
    if (r < start || i < start) return refuse('MDF_TASK_NOT_STARTED', 'before the task start time', xid, poi);
    if (r >= end || i >= end) return refuse('MDF_TASK_ENDED', 'after the task end time', xid, poi);
    if (kind === 'X3' && t.hiDelivery === 'HI2Only') return refuse('MDF_CONTENT_NOT_WARRANTED', 'content for an IRI-only task', xid, poi);
    if (kind === 'X2' && t.hiDelivery === 'HI3Only') return refuse('MDF_CONTENT_NOT_WARRANTED', 'IRI for a content-only task', xid, poi);
    return { ok: true, task: t };
  }
}

function refuse(code: string, msg: string, xid: string, poi: string): GuardVerdict {
  return { ok: false, refusal: new MediationRefusal(code, msg, { details: { xid, poi } }) };
}

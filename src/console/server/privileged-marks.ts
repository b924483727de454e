/**
 * Minimisation marks that survive a restart (issue 10 "a supervisor can mark a record privileged;
 * analysts no longer see its content; the marking is audited"). The query store may be rebuilt or
 * held in memory, so a mark kept only there would be lost at a restart and analysts would see
 * privileged content again. The LEMF's access log is the durable place: every change of a mark is a
 * `console.privileged` entry, appended (durably) *before* the store applies it, and at start the
 * marks are replayed from the log into the store before the console serves any request.
 *
 * - Fail closed: if the entry cannot be appended the mark is not changed (503, as every look).
 *   A crash after the append and before the store applied it leaves the entry: the restart applies it
 *   (the safe way round — content withheld that the supervisor saw no answer for).
 * - One change at a time, so the log's order is the order the store saw (a concurrent mark and unmark
 *   of one record cannot end differently after a restart).
 * - A `lemf.destruction` entry ends every mark of its LIID: the LIID's records are gone, and a LIID
 *   that receives data again numbers its records anew.
 * - Entries of earlier versions (a `console.access` whose `what` the data handler wrote as
 *   `mark privileged id=N reason="…"` / `unmark privileged id=N …`) are replayed too.
 */
import type { AuditEvent } from '../../audit/index.ts';
import type { ConsoleAccessLog } from '../access-log/access-log.ts';
import type { ConsoleQueryStore, PrivilegedMark } from '../store/types.ts';

export const PRIVILEGED_EVENT = 'console.privileged';
/** Entries read per step at start. */
const PAGE = 2000;
const LEGACY = /^(mark|unmark) privileged id=(\d+) reason=(.*)$/s;

/** The store as the data routes see it, with every change of a mark on the record first. */
export function loggedMarks(store: ConsoleQueryStore, log: ConsoleAccessLog): ConsoleQueryStore {
  let chain: Promise<unknown> = Promise.resolve();
  const setPrivileged = (liid: string, id: number, privileged: boolean, by: string, reason: string): Promise<boolean> => {
    const next = chain.then(async () => {
      // A record that is not there is not marked, and not logged as marked (404 from the handler).
      if (!(await store.record(liid, id))) return false;
      await log.record({ type: PRIVILEGED_EVENT, actor: `console:${by}`, subject: liid, details: { user: by, liid, id, privileged, reason } });
      return store.setPrivileged(liid, id, privileged, by, reason);
    });
    chain = next.catch(() => undefined);
    return next;
  };
  return new Proxy(store, {
    get(target, p) {
      if (p === 'setPrivileged') return setPrivileged;
      const v: unknown = Reflect.get(target, p, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/**
 * The marks in force after the log's entries `from`..`to` (exclusive), in order, starting from the
 * marks in force before `from` (none from 0; a snapshot's otherwise, privileged-snapshot.ts).
 */
export async function marksFromLog(log: ConsoleAccessLog, from = 0, before: readonly PrivilegedMark[] = [], to = log.size): Promise<PrivilegedMark[]> {
  const marks = new Map<string, PrivilegedMark>(before.map((m) => [`${m.liid}\u0000${m.id}`, m]));
  for (let at = from; at < to; at += PAGE) {
    for (const { event } of await log.entries(at, Math.min(to, at + PAGE))) apply(marks, event);
  }
  return [...marks.values()];
}

function apply(marks: Map<string, PrivilegedMark>, e: AuditEvent): void {
  const d = e.details;
  const liid = typeof d.liid === 'string' ? d.liid : undefined;
  if (liid === undefined) return;
  const set = (id: number, on: boolean, by: string, reason: string) => {
    if (on) marks.set(`${liid}\u0000${id}`, { liid, id, by, reason });
    else marks.delete(`${liid}\u0000${id}`);
  };
  if (e.type === PRIVILEGED_EVENT && Number.isSafeInteger(d.id) && typeof d.privileged === 'boolean') {
    set(d.id as number, d.privileged, String(d.user), String(d.reason));
  } else if (e.type === 'lemf.destruction') {
    for (const k of [...marks.keys()]) if (k.startsWith(`${liid}\u0000`)) marks.delete(k);
  } else if (e.type === 'console.access' && typeof d.what === 'string') {
    const m = LEGACY.exec(d.what);
    if (m) set(Number(m[2]), m[1] === 'mark', String(d.user), legacyReason(m[3]!));
  }
}

function legacyReason(text: string): string {
  try {
    const r: unknown = JSON.parse(text);
    return typeof r === 'string' ? r : text;
  } catch {
    // `what` is cut at 512 characters: the reason may be cut too.
    return text;
  }
}

/** Replays the log's marks into the store (at start, before any request is served); returns how many are in force. */
export async function restoreMarks(store: ConsoleQueryStore, log: ConsoleAccessLog): Promise<number> {
  const marks = await marksFromLog(log);
  await store.replacePrivileged(marks);
  return marks.length;
}

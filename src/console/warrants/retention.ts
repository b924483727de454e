/**
 * Retention at the LEMF, from what the warrants say: a LIID's material is kept until its warrant's
 * window ends plus the warrant's `retentionDays` (the national parameter the approvers signed), and
 * destroyed then (MonitoringStore.purgeExpired: crypto-shredding of the LIID's data key first, a
 * `lemf.destruction` entry with the SHA-256 of every destroyed file in the access log). Once the
 * end has passed every console route of the LIID answers 410.
 *
 * The retention end is only ever set from the warrant's own terms; a LIID whose warrant is unknown
 * keeps no retention entry (nothing is destroyed on a guess).
 */
import type { WarrantSource } from './catalog.ts';

const DAY_MS = 86_400_000;

/** What the keeper reads and changes of the LEMF's store (MonitoringStore satisfies it). */
export interface RetentionStore {
  liids(): string[];
  retentionOf(liid: string): Date | undefined;
  setRetention(liid: string, until: Date): void;
  purgeExpired(now?: Date): { liid: string }[];
}

export interface RetentionReport {
  set: string[];
  destroyed: string[];
}

/** Sets each held LIID's retention end from its warrant, then destroys what is past it. */
export async function keepRetention(store: RetentionStore, source: WarrantSource, now: Date = new Date()): Promise<RetentionReport> {
  const set: string[] = [];
  for (const liid of store.liids()) {
    const t = await source.terms(liid);
    if (!t?.window || t.retentionDays === undefined) continue;
    const end = Date.parse(t.window.end);
    if (Number.isNaN(end)) continue;
    const until = new Date(end + t.retentionDays * DAY_MS);
    if (store.retentionOf(liid)?.getTime() === until.getTime()) continue;
    store.setRetention(liid, until);
    set.push(liid);
  }
  return { set, destroyed: store.purgeExpired(now).map((e) => e.liid) };
}

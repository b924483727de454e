/**
 * Retention at the LEMF, from what the warrants say: a LIID's material is kept until its warrant's
 * window ends plus the warrant's `retentionDays` (the national parameter the approvers signed), and
 * destroyed then (MonitoringStore.purgeExpired: crypto-shredding of the LIID's data key first, a
 * `lemf.destruction` entry with the SHA-256 of every destroyed file in the access log). Once the
 * end has passed every console route of the LIID answers 410.
 *
 * The retention end is only ever set from the warrant's own terms; a LIID whose warrant is unknown
 * keeps no retention entry (nothing is destroyed on a guess).
 *
 * Logged before destroyed (issue 10 "the destruction is logged with the digests of what was
 * destroyed"): the store announces each destruction synchronously, before touching a file, with the
 * digests it is about to destroy. The gate lets a destruction through only when exactly that
 * announcement (same files, same key, same count) is already durable in the access log; otherwise it
 * stops the purge, the sweep appends the entry, waits for it to be durable and purges again. An
 * append that fails stops the sweep with nothing destroyed; the next sweep tries again.
 */
import type { DestructionEvent } from '../../monitoring/types.ts';
import type { WarrantSource } from './catalog.ts';

const DAY_MS = 86_400_000;
const MAX_TRIES = 3;

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

/** Thrown by the gate inside the store's destruction callback: this destruction is not on the record yet. */
export class DestructionNotLogged extends Error {
  constructor(readonly event: DestructionEvent) {
    super(`destruction of ${event.liid} not yet durable in the access log`);
  }
}

/** What a destruction destroys, without the moment it is announced: two announcements of the same purge are equal. */
function fingerprint(e: DestructionEvent): string {
  return JSON.stringify([e.liid, e.retentionEnd, e.records, e.evidenceBytes, e.files, e.dataKey ?? null]);
}

export class DestructionGate {
  /** Per LIID: the fingerprint of the destruction whose entry is durable and not yet carried out. */
  private readonly logged = new Map<string, string>();
  private readonly destroyed: string[] = [];
  private busy = false;

  constructor(private readonly log: (e: DestructionEvent) => Promise<void>) {}

  /** For the store's `onDestruction`: returns when the destruction may go ahead, throws DestructionNotLogged otherwise. */
  check(e: DestructionEvent): void {
    if (this.logged.get(e.liid) !== fingerprint(e)) throw new DestructionNotLogged(e);
    this.logged.delete(e.liid);
    this.destroyed.push(e.liid);
  }

  /**
   * Purges what is past its retention end, each destruction logged durably first. Throws (nothing
   * more destroyed) when an entry cannot be appended; what was logged and destroyed before stays so.
   */
  async sweep(store: Pick<RetentionStore, 'purgeExpired'>, now: Date): Promise<string[]> {
    // One sweep at a time (a slow append must not let the periodic sweep start a second one).
    if (this.busy) return [];
    this.busy = true;
    try {
      return await this.rounds(store, now);
    } finally {
      this.busy = false;
    }
  }

  private async rounds(store: Pick<RetentionStore, 'purgeExpired'>, now: Date): Promise<string[]> {
    this.destroyed.length = 0;
    // Each round carries out what is logged and stops at the first destruction that is not. A LIID
    // whose material changes between its entry and its purge is logged again, at most MAX_TRIES times.
    const tries = new Map<string, number>();
    for (;;) {
      try {
        store.purgeExpired(now);
        return [...this.destroyed];
      } catch (e) {
        if (!(e instanceof DestructionNotLogged)) throw e;
        const n = (tries.get(e.event.liid) ?? 0) + 1;
        if (n > MAX_TRIES) throw new Error(`the material of ${e.event.liid} changed while its destruction was logged, ${MAX_TRIES} times: not destroyed yet`, { cause: e });
        tries.set(e.event.liid, n);
        await this.log(e.event);
        this.logged.set(e.event.liid, fingerprint(e.event));
      }
    }
  }
}

/** Sets each held LIID's retention end from its warrant, then destroys what is past it (through the gate when given). */
export async function keepRetention(store: RetentionStore, source: WarrantSource, now: Date = new Date(), gate?: DestructionGate): Promise<RetentionReport> {
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
  const destroyed = gate ? await gate.sweep(store, now) : store.purgeExpired(now).map((e) => e.liid);
  return { set, destroyed };
}

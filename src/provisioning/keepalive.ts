/**
 * The ADMF's X1 keepalives (TS 103 221-1 §6.6.2): "the ADMF shall send out a Keepalive message at
 * least every TIME_P1", to every network element and the MDF. They serve twice: the elements'
 * fail-safe (an element that hears nothing for TIME_P2 deactivates every task) never fires while
 * the ADMF lives, and the ADMF learns within TIME_P1 that an element went away — alarmed once per
 * outage — and that it came back, which triggers an immediate reconciliation of that element.
 *
 * A restart can also fall between two keepalives and go unseen as an outage. So each Keepalive
 * travels with a ListAllDetails in the same RequestContainer (§6.1 allows several requests): an
 * element that no longer lists an XID or DID it listed last time, or a DID the ADMF created there,
 * has lost state and is reconciled at once too — an MDF or POI that restarted empty gets its
 * destinations and tasks back within about one TIME_P1, not only at the next reconciliation.
 *
 * Keepalive rounds are journaled verbatim like every X1 exchange but not appended to the audit log
 * one by one (they change nothing); the audit log gets each outage, recovery and finding.
 */
import type { AdmfCore } from './core.ts';
import { ProvisioningError } from './errors.ts';
import { allElements, type ElementRef } from './registry.ts';

export class KeepaliveLoop {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** What each element listed at the previous round. */
  private readonly last = new Map<string, { xids: Set<string>; dids: Set<string> }>();
  /** Rounds completed (tests and metrics). */
  rounds = 0;

  constructor(
    private readonly core: AdmfCore,
    /** Called with an element that answers again after an outage, or that lost state. */
    private readonly reconcileElement: (element: string) => void,
  ) {}

  /** Sends one round now and then every `intervalMs` (TIME_P1), one round at a time. */
  start(intervalMs: number): void {
    this.stop();
    const tick = () => {
      if (this.running) return;
      this.running = true;
      this.round()
        .catch((e: unknown) => {
          // Only the audit log can fail a round (a silent element is a finding, not an error);
          // it has raised PROVISIONING_AUDIT_UNAVAILABLE already.
          if (!(e instanceof ProvisioningError)) this.core.alarm('PROVISIONING_NE_UNREACHABLE', `keepalive round failed: ${String(e)}`);
        })
        .finally(() => (this.running = false));
    };
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
    tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One Keepalive (with a ListAllDetails) to every element, in parallel. */
  async round(): Promise<void> {
    await Promise.all(allElements(this.core.registry()).map((el) => this.one(el)));
    this.rounds++;
  }

  private async one(el: ElementRef): Promise<void> {
    let listing: { listOfXIDs: string[]; listOfDIDs: string[] } | undefined;
    try {
      const [keepalive, list] = await this.core.client(el).send([{ messageType: 'KeepaliveRequest' }, { messageType: 'ListAllDetailsRequest' }]);
      if (keepalive && !keepalive.ok) throw keepalive.error;
      if (list?.ok && list.response.messageType === 'ListAllDetailsResponse') listing = list.response;
    } catch (e) {
      if (e instanceof ProvisioningError) throw e;
      // Stopped meanwhile (close() closes the clients): not an outage of the element.
      if (!this.timer) return;
      this.last.delete(el.id);
      await this.core.reachability.lost(el.id, `Keepalive: ${(e as { code?: string }).code ?? 'error'}`);
      return;
    }
    const regained = await this.core.reachability.regained(el.id);
    if (regained || (listing && this.lostState(el, listing))) this.reconcileElement(el.id);
  }

  private lostState(el: ElementRef, listing: { listOfXIDs: string[]; listOfDIDs: string[] }): boolean {
    const now = { xids: new Set(listing.listOfXIDs), dids: new Set(listing.listOfDIDs) };
    const before = this.last.get(el.id);
    this.last.set(el.id, now);
    const gone = (was: Iterable<string>, is: Set<string>) => [...was].some((x) => !is.has(x));
    return (before !== undefined && (gone(before.xids, now.xids) || gone(before.dids, now.dids))) || gone(this.core.destinations.list(el.id), now.dids);
  }
}

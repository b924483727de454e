/**
 * The ADMF's X1 keepalives (TS 103 221-1 §6.6.2): "the ADMF shall send out a Keepalive message at
 * least every TIME_P1", to every network element and the MDF. They serve twice: the elements'
 * fail-safe (an element that hears nothing for TIME_P2 deactivates every task) never fires while
 * the ADMF lives, and the ADMF learns within TIME_P1 that an element went away — alarmed once per
 * outage — and that it came back, which triggers an immediate reconciliation of that element (an
 * MDF or POI that restarted empty gets its destinations and tasks back within about one period).
 *
 * Keepalive exchanges are journaled verbatim like every X1 exchange but not appended to the audit
 * log one by one (they carry no tasking); the audit log gets each outage and each recovery.
 */
import type { AdmfCore } from './core.ts';
import { ProvisioningError } from './errors.ts';
import { allElements, type ElementRef } from './registry.ts';

export class KeepaliveLoop {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** Rounds completed (tests and metrics). */
  rounds = 0;

  constructor(
    private readonly core: AdmfCore,
    /** Called with an element that answers again after an outage. */
    private readonly onRegained: (element: string) => void,
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
          // audit() has raised PROVISIONING_AUDIT_UNAVAILABLE already.
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

  /** One KeepaliveRequest to every element, in parallel. */
  async round(): Promise<void> {
    await Promise.all(allElements(this.core.registry()).map((el) => this.one(el)));
    this.rounds++;
  }

  private async one(el: ElementRef): Promise<void> {
    try {
      await this.core.client(el).request({ messageType: 'KeepaliveRequest' });
    } catch (e) {
      if (e instanceof ProvisioningError) throw e;
      await this.core.reachability.lost(el.id, `Keepalive: ${(e as { code?: string }).code ?? 'error'}`);
      return;
    }
    if (await this.core.reachability.regained(el.id)) this.onRegained(el.id);
  }
}

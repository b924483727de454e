/**
 * The contract between `warranted serve` (src/cli/serve) and one role's composition function:
 * the role gets the loaded deployment, its id, a logger, a metrics registry and an alarm hook;
 * it returns what the admin endpoint and the signal handlers need.
 */
import type { Deployment, RoleName } from '../platform/config/types.ts';
import type { Logger } from '../platform/log.ts';
import type { HealthReport } from '../platform/admin.ts';
import type { MetricsRegistry } from '../platform/metrics.ts';

export interface RoleContext {
  deployment: Deployment;
  role: RoleName;
  id: string;
  log: Logger;
  metrics: MetricsRegistry;
  /** An alarm: logged at error level, counted in warranted_alarms_total{code}. */
  alarm(code: string, detail: string): void;
}

export type { HealthReport };

export interface RunningRole {
  health(): Promise<HealthReport>;
  /** Drains and stops (SIGTERM). */
  stop(reason: string): Promise<void>;
  /** Applies what can change without a restart (SIGHUP); returns what changed. */
  reload?(next: Deployment): Promise<string[]>;
  /** Extra admin routes (demo/test controls of the synthetic network, for instance). */
  routes?: Record<string, (body: unknown) => Promise<unknown>>;
}

export type RoleFactory = (ctx: RoleContext) => Promise<RunningRole>;

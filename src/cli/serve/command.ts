/**
 * `warranted serve ROLE --config FILE [--id ID]`: runs one role of the deployment as a long-running
 * process — its admin address serves /healthz, /metrics and POST /reload; SIGTERM drains and exits 0;
 * SIGHUP (or POST /reload) re-reads the file and applies what can change without a restart.
 */
import type { Command } from 'commander';
import { loadDeployment } from '../../platform/config/load.ts';
import type { RoleName } from '../../platform/config/types.ts';
import { createLogger } from '../../platform/log.ts';
import { MetricsRegistry } from '../../platform/metrics.ts';
import { startAdminServer, type AdminRoute } from '../../platform/admin.ts';
import { runService } from '../../platform/service.ts';
import { watchSupervisor } from '../../platform/supervisor/role-watch.ts';
import { ROLE_FACTORIES, findInstance } from '../../roles/index.ts';

const ROLES = Object.keys(ROLE_FACTORIES) as RoleName[];

export async function serveRole(role: RoleName, configFile: string, id?: string): Promise<void> {
  // On its own machine a role holds only its own keys: check only the files it opens.
  const filesOf = { role, ...(id === undefined ? {} : { id }) };
  let deployment = loadDeployment(configFile, filesOf);
  const inst = findInstance(deployment, role, id);
  const log = createLogger({ role, id: inst.id, level: deployment.logging.level });
  const metrics = new MetricsRegistry();
  const alarms = metrics.counter('warranted_alarms_total', 'Alarms raised by this role', ['code']);
  const restarts = Number(process.env.WARRANTED_RESTARTS ?? '0');
  metrics.gauge('warranted_role_restarts', 'Times the supervisor restarted this role before this process').set(Number.isFinite(restarts) ? restarts : 0);
  // Started by a supervisor that was then killed: drain and exit rather than live on unsupervised.
  watchSupervisor(() => process.kill(process.pid, 'SIGTERM'));
  await runService({
    role,
    id: inst.id,
    logger: log,
    start: async () => {
      const running = await ROLE_FACTORIES[role]({
        deployment,
        role,
        id: inst.id,
        log,
        metrics,
        alarm: (code, detail) => {
          alarms.inc({ code });
          log.error('alarm', { code, detail });
        },
      });
      const reload = async (): Promise<string[]> => {
        const next = loadDeployment(configFile, filesOf);
        const changed = (await running.reload?.(next)) ?? [];
        if (next.logging.level !== deployment.logging.level) changed.push(`logging.level ${deployment.logging.level} → ${next.logging.level} (applies after a restart)`);
        deployment = next;
        return changed;
      };
      const routes: AdminRoute[] = [
        { method: 'POST', path: '/reload', handler: async () => ({ changed: await reload() }) },
        ...Object.entries(running.routes ?? {}).map(([key, handler]) => {
          const [method, path] = key.split(' ') as [string, string];
          return { method, path, handler: (req: { body: unknown }) => handler(req.body) };
        }),
      ];
      const admin = await startAdminServer({ bind: inst.admin, role, id: inst.id, metrics, health: () => running.health(), extraRoutes: routes, logger: log });
      log.info('admin endpoint', { url: admin.url });
      return {
        stop: async (reason) => {
          await running.stop(reason);
          await admin.close();
        },
        reload,
      };
    },
  });
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(`run one role of a deployment as a long-running process (${ROLES.join(', ')})`)
    .argument('<role>', `one of ${ROLES.join(', ')}`)
    .requiredOption('--config <file>', 'the deployment file (warranted.yaml)')
    .option('--id <id>', 'which instance of the role (an agency LEMF, an operator network, a witness)')
    .action(async (role: string, o: { config: string; id?: string }) => {
      if (!ROLES.includes(role as RoleName)) program.error(`unknown role ${role}: expected one of ${ROLES.join(', ')}`, { exitCode: 2 });
      await serveRole(role as RoleName, o.config, o.id);
    });
}

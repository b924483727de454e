/**
 * `warranted up|status|down --config FILE` and the `supervise` process behind them: every role of
 * the deployment file as its own OS process on this machine, supervised (src/platform/supervisor).
 */
import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { loadDeployment } from '../../platform/config/load.ts';
import { roleInstances, type Deployment } from '../../platform/config/types.ts';
import { down, formatStatusTable, status, up } from '../../platform/supervisor/control.ts';
import { runSupervisor } from '../../platform/supervisor/main.ts';
import type { SupervisedRole } from '../../platform/supervisor/supervisor.ts';

const BIN = fileURLToPath(new URL('../../../bin/warranted.mjs', import.meta.url));

/** The supervised command of every role instance (node + bin/warranted.mjs serve …). */
export function supervisedRoles(d: Deployment): SupervisedRole[] {
  // Waves: the witnesses and the audit log first (every system role appends to the log, which sends
  // its checkpoints to the witnesses), then the LEMFs, the MDF and the networks together, then
  // control, whose first reconciliation then finds every element up.
  const wave = { witness: 0, audit: 0, lemf: 1, mdf: 1, network: 1, control: 2 } as const;
  return roleInstances(d).map((r) => ({ ...r, wave: wave[r.role], argv: [process.execPath, BIN, 'serve', r.role, '--config', d.file, '--id', r.id] }));
}

export async function upDeployment(configFile: string, timeoutMs: number): Promise<Awaited<ReturnType<typeof up>>> {
  const d = loadDeployment(configFile);
  return up({ dataDir: d.dataDir, roles: roleInstances(d), supervisorArgv: [process.execPath, BIN, 'supervise', '--config', d.file], timeoutMs });
}

export function registerDeployCommands(program: Command): void {
  // A refusal is a message and an exit status, not a usage error: no help text after it.
  const fail = (e: unknown): void => {
    const code = (e as { code?: string }).code;
    process.stderr.write(`${code ? `${code}: ` : ''}${e instanceof Error ? e.message : String(e)}\n`);
    for (const line of (e as { errors?: readonly string[] }).errors ?? []) process.stderr.write(`${line}\n`);
    process.exitCode = code === 'CONFIG_INVALID' ? 2 : 1;
  };

  program
    .command('up')
    .description('start every role of the deployment as its own supervised process; returns once all are healthy')
    .requiredOption('--config <file>', 'the deployment file')
    .option('--timeout <s>', 'longest wait for every role to be healthy', (v) => Number.parseInt(v, 10), 120)
    .action(async (o: { config: string; timeout: number }) => {
      try {
        const r = await upDeployment(o.config, o.timeout * 1000);
        process.stdout.write(`${formatStatusTable(r.rows)}\n`);
        if (!r.ok) {
          for (const f of r.failing) process.stderr.write(`\n${f.role} ${f.id} is not healthy (last exit ${JSON.stringify(f.lastExit)}); ${f.log}:\n${f.logTail}\n`);
          process.exitCode = 1;
        } else process.stdout.write(`all ${r.rows.length} roles healthy (supervisor pid ${r.supervisorPid})\n`);
      } catch (e) {
        fail(e);
      }
    });
  program
    .command('status')
    .description('one row per role: role, id, pid, healthy, restarts, admin address')
    .requiredOption('--config <file>', 'the deployment file')
    .option('--json', 'an array of { role, id, pid, healthy, restarts, admin }')
    .action(async (o: { config: string; json?: boolean }) => {
      try {
        const d = loadDeployment(o.config);
        const r = await status({ dataDir: d.dataDir });
        if (o.json) process.stdout.write(`${JSON.stringify(r.rows, null, 2)}\n`);
        else {
          process.stdout.write(r.supervisor ? `supervisor pid ${r.supervisor.pid}: ${r.supervisor.running ? 'running' : 'not running'} (${r.supervisor.status}) since ${r.supervisor.startedAt}\n` : 'not started on this data directory\n');
          if (r.rows.length > 0) process.stdout.write(`${formatStatusTable(r.rows)}\n`);
        }
        if (!r.supervisor?.running || r.rows.some((x) => !x.healthy)) process.exitCode = 1;
      } catch (e) {
        fail(e);
      }
    });
  program
    .command('down')
    .description('stop every role (SIGTERM, drained) and the supervisor')
    .requiredOption('--config <file>', 'the deployment file')
    .option('--timeout <s>', 'longest wait', (v) => Number.parseInt(v, 10), 60)
    .action(async (o: { config: string; timeout: number }) => {
      try {
        const d = loadDeployment(o.config);
        const r = await down({ dataDir: d.dataDir, timeoutMs: o.timeout * 1000 });
        process.stdout.write(r.supervisorPid === null && r.orphans.length === 0 ? 'nothing was running\n' : `stopped (supervisor pid ${r.supervisorPid}${r.forced ? ', killed after the timeout' : ''}${r.orphans.length ? `, ${r.orphans.length} orphaned roles stopped` : ''})\n`);
      } catch (e) {
        fail(e);
      }
    });
  program
    .command('reload')
    .description('re-read the deployment file in every role (SIGHUP through the supervisor); control audits each registry change')
    .requiredOption('--config <file>', 'the deployment file')
    .action(async (o: { config: string }) => {
      try {
        const d = loadDeployment(o.config);
        const r = await status({ dataDir: d.dataDir });
        if (!r.supervisor?.running) throw new Error(`not running on this data directory (${d.dataDir})`);
        process.kill(r.supervisor.pid, 'SIGHUP');
        process.stdout.write(`reload signalled to supervisor pid ${r.supervisor.pid} (each role logs what changed)\n`);
      } catch (e) {
        fail(e);
      }
    });
  program
    .command('supervise')
    .description('(started by `up`) run and restart every role of the deployment until SIGTERM')
    .requiredOption('--config <file>', 'the deployment file')
    .action(async (o: { config: string }) => {
      const d = loadDeployment(o.config);
      process.exit(await runSupervisor({ dataDir: d.dataDir, roles: supervisedRoles(d) }));
    });
}

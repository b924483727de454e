/**
 * `warranted config check FILE`: validates a deployment file and starts nothing. Prints every
 * problem (one `path: expected …, got …` per line, to stderr) and exits 2, or prints the roles the
 * file describes and exits 0 — so an operator can check a change before any role reads it. With
 * `--role` (and `--id`) only the files that role opens are checked on disk: a machine that runs one
 * role holds only that role's keys.
 */
import type { Command } from 'commander';
import { checkDeployment } from '../../platform/config/load.ts';
import { roleInstances, type RoleName } from '../../platform/config/types.ts';

const ROLES: readonly RoleName[] = ['audit', 'control', 'mdf', 'lemf', 'network', 'witness'];

export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('the deployment file (docs/configuration.md)');
  config
    .command('check')
    .description('validate a deployment file and print every problem; starts nothing (exit 2 when invalid)')
    .argument('<file>', 'deployment file (warranted.yaml)')
    .option('--role <role>', 'check only the files this role opens (as on a machine that runs only it): audit, control, mdf, lemf, network, witness')
    .option('--id <id>', 'with --role: which LEMF, operator network or witness')
    .action((file: string, o: { role?: string; id?: string }) => {
      if (o.role !== undefined && !ROLES.includes(o.role as RoleName)) {
        process.stderr.write(`--role: expected one of ${ROLES.join(', ')}, got ${JSON.stringify(o.role)}\n`);
        process.exitCode = 2;
        return;
      }
      const r = checkDeployment(file, o.role === undefined ? undefined : { role: o.role as RoleName, ...(o.id === undefined ? {} : { id: o.id }) });
      if (!r.ok) {
        for (const e of r.errors) process.stderr.write(`${e}\n`);
        process.stderr.write(`${file}: ${r.errors.length} problem${r.errors.length === 1 ? '' : 's'}\n`);
        process.exitCode = 2;
        return;
      }
      const roles = roleInstances(r.deployment);
      process.stdout.write(
        `${file}: ok (${roles.length} roles: ${roles.map((x) => `${x.role} ${x.id}`).join(', ')})\n`,
      );
    });
}

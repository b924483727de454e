/**
 * `warranted config check FILE`: validates a deployment file and starts nothing. Prints every
 * problem (one `path: expected …, got …` per line, to stderr) and exits 2, or prints the roles the
 * file describes and exits 0 — so an operator can check a change before any role reads it.
 */
import type { Command } from 'commander';
import { checkDeployment } from '../../platform/config/load.ts';
import { roleInstances } from '../../platform/config/types.ts';

export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('the deployment file (docs/configuration.md)');
  config
    .command('check')
    .description('validate a deployment file and print every problem; starts nothing (exit 2 when invalid)')
    .argument('<file>', 'deployment file (warranted.yaml)')
    .action((file: string) => {
      const r = checkDeployment(file);
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

/** `warranted init DIR`: writes a complete demo deployment (see init.ts). */
import type { Command } from 'commander';
import { InitError, initDeployment } from './init.ts';

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('write a complete demo deployment into DIR: CA, certificates, keys (0600), DIR/warranted.yaml')
    .argument('<dir>', 'directory to write the deployment into')
    .option('--subscribers <n>', 'subscribers per synthetic operator', (v) => Number.parseInt(v, 10), 1000)
    .option('--seed <n>', 'simulation seed', (v) => Number.parseInt(v, 10), 1)
    .option('--base-port <port>', 'listen on consecutive ports from here (default: free ports found now)', (v) => Number.parseInt(v, 10))
    .option('--fast-timers', 'short X1 keepalive/fail-safe, reconciliation and HI keepalive timers (tests, demos)')
    .option('--force', 'rewrite an existing warranted.yaml (certificates and keys are kept)')
    .action(async (dir: string, o: { subscribers: number; seed: number; basePort?: number; fastTimers?: boolean; force?: boolean }) => {
      try {
        const file = await initDeployment({ dir, subscribers: o.subscribers, seed: o.seed, ...(o.basePort === undefined ? {} : { basePort: o.basePort }), fastTimers: o.fastTimers === true, force: o.force === true });
        process.stdout.write(`${file}\nstart it with: warranted up --config ${file}\n`);
      } catch (e) {
        if (e instanceof InitError) program.error(e.message, { exitCode: 2 });
        throw e;
      }
    });
}

/** `warranted demo`: registers the command with commander. */
import type { Command } from 'commander';
import { runDemo } from './run.ts';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the whole system as a deployment on this machine (init + up): two operators, two agencies with a signed warrant each, delivery, expiry, audit')
    .option('--duration <seconds>', 'how long the network runs', '60')
    .option('--warrant-end <seconds>', 'when the warrant ends, in seconds from the start (default: two thirds of the duration)')
    .option('--seed <n>', 'seed of the synthetic network', '1')
    .option('--subscribers <n>', 'subscribers per operator', '1000')
    .option('--data-dir <dir>', 'each run writes a whole deployment (certificates, keys, state, evidence, audit log) into <dir>/runs/<time>', '.data/demo')
    .option('--keep', 'after the verdict, keep the deployment running (look around in the console) until Ctrl-C or `warranted down`')
    .option('--chaos', 'kill -9 the MDF, control, audit and one LEMF while the warrants are active; the supervisor restarts them')
    .action(async (opts: { duration: string; warrantEnd?: string; seed: string; subscribers: string; dataDir: string; chaos?: boolean; keep?: boolean }) => {
      const num = (v: string, name: string, min: number) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
        return n;
      };
      const durationS = num(opts.duration, 'duration', 10);
      const result = await runDemo({
        durationS,
        ...(opts.warrantEnd !== undefined ? { warrantEndS: num(opts.warrantEnd, 'warrant-end', 5) } : {}),
        seed: num(opts.seed, 'seed', 0),
        subscribers: num(opts.subscribers, 'subscribers', 10),
        dataDir: opts.dataDir,
        chaos: opts.chaos === true,
        keep: opts.keep === true,
      });
      process.exitCode = result.ok ? 0 : 1;
    });
}

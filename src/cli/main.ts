/**
 * The `warranted` command line (commander). Each command lives in its own folder under src/cli/ and
 * is added here through its register function — loaded only for the command being run (a role
 * process started by the supervisor should not load the inspectors and the demo), or all of them
 * for help.
 */
import { Command } from 'commander';

// `warranted inspect big.pcap | head`: a closed pipe ends the output, it is not a crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

type Register = (program: Command) => void;
const LOADERS: [commands: string[], load: () => Promise<Register[]>][] = [
  [['demo'], async () => [(await import('./demo/command.ts')).registerDemoCommand]],
  [['audit'], async () => [(await import('./audit/command.ts')).registerAuditCommands]],
  [['config'], async () => [(await import('./config/command.ts')).registerConfigCommand]],
  [['rd'], async () => [(await import('./rd/command.ts')).registerRdCommands]],
  [['inspect'], async () => [(await import('./inspect/index.ts')).registerInspectCommand]],
  [['warrant', 'keys'], async () => { const m = await import('./warrant/index.ts'); return [m.registerWarrantCommands, m.registerKeysCommands]; }],
  [['init'], async () => [(await import('./init/command.ts')).registerInitCommand]],
  [['serve'], async () => [(await import('./serve/command.ts')).registerServeCommand]],
  [['up', 'status', 'down', 'reload', 'supervise'], async () => [(await import('./deploy/command.ts')).registerDeployCommands]],
];

const program = new Command();
program.name('warranted').description('Lawful Interception Management System that cannot intercept without a signed warrant').showHelpAfterError();
const asked = process.argv[2];
const one = LOADERS.find(([names]) => asked !== undefined && names.includes(asked));
for (const [, load] of one ? [one] : LOADERS) for (const register of await load()) register(program);
await program.parseAsync(process.argv);

/**
 * The `warranted` command line (commander). Minimal entry point: each command lives in its own folder
 * under src/cli/ and is added here through its register function.
 */
import { Command } from 'commander';
import { registerInspectCommand } from './inspect/index.ts';
import { registerKeysCommands, registerWarrantCommands } from './warrant/index.ts';
import { registerDemoCommand } from './demo/command.ts';
import { registerAuditCommands } from './audit/command.ts';
import { registerConfigCommand } from './config/command.ts';

// `warranted inspect big.pcap | head`: a closed pipe ends the output, it is not a crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const program = new Command();
program.name('warranted').description('Lawful Interception Management System that cannot intercept without a signed warrant').showHelpAfterError();
registerDemoCommand(program);
registerAuditCommands(program);
registerConfigCommand(program);
registerInspectCommand(program);
registerWarrantCommands(program);
registerKeysCommands(program);
await program.parseAsync(process.argv);

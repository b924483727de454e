/**
 * The `warranted audit export` / `audit verify BUNDLE` commands as a process, for
 * bundle-cli.test.ts: a stand-in for src/cli/main.ts with the export command registered and a
 * verify that runs what `audit verify` runs on a directory holding a MANIFEST (verifyBundleCommand),
 * until src/cli/audit/command.ts registers them itself.
 */
import { Command } from 'commander';
import { registerExportCommand, verifyBundleCommand } from '../../src/cli/audit/export-command.ts';

const program = new Command('warranted');
const audit = program.command('audit');
registerExportCommand(audit);
audit
  .command('verify')
  .argument('<bundle>', 'export bundle directory')
  .option('--key <file>', "the log's key as the overseer holds it (default: the bundle's log.pub)")
  .option('--json', 'print the full report as JSON')
  .action(async (bundle: string, o: { key?: string; json?: boolean }) => {
    await verifyBundleCommand(bundle, { ...(o.key === undefined ? {} : { keyFile: o.key }), ...(o.json === undefined ? {} : { json: o.json }) });
  });
await program.parseAsync(process.argv);

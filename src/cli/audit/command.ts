/**
 * `warranted audit …`: what an overseer runs, offline, on a copy of an audit log directory
 * (entries.jsonl + checkpoints/) and the log's public key: verify (verify-command.ts), report,
 * opening-key / open-commitment (commitment-command.ts).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { decodeAuditEvent, ENTRIES_FILE, parseEntryLine, transparencyReport } from '../../audit/index.ts';
import { registerCommitmentCommands } from './commitment-command.ts';
import { registerExportCommand } from './export-command.ts';
import { registerVerifyCommand } from './verify-command.ts';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('verify an audit log offline and summarise it (for overseers)');
  registerVerifyCommand(audit);
  registerCommitmentCommands(audit);
  registerExportCommand(audit);
  audit
    .command('report')
    .description('transparency report: events per type and per day (no content, no identities)')
    .requiredOption('--dir <dir>', 'audit log directory')
    .action(async (o: { dir: string }) => {
      const text = await readFile(join(o.dir, ENTRIES_FILE), 'utf8');
      const events = text
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l, i) => decodeAuditEvent(parseEntryLine(l, i).leaf));
      process.stdout.write(`${JSON.stringify(transparencyReport(events), null, 2)}\n`);
    });
}

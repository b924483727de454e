/**
 * `warranted audit …`: what an overseer runs, offline, on a copy of an audit log directory
 * (entries.jsonl + checkpoints/) and the log's public key: verify (verify-command.ts), report,
 * opening-key / open-commitment (commitment-command.ts).
 */
import type { Command } from 'commander';
import { registerCommitmentCommands } from './commitment-command.ts';
import { registerExportCommand } from './export-command.ts';
import { registerReportCommand } from './report-command.ts';
import { registerVerifyCommand } from './verify-command.ts';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('verify an audit log offline and summarise it (for overseers)');
  registerVerifyCommand(audit);
  registerCommitmentCommands(audit);
  registerExportCommand(audit);
  registerReportCommand(audit);
}

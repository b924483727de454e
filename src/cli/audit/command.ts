/**
 * `warranted audit verify|report`: what an overseer runs, offline, on a copy of an audit log
 * directory (entries.jsonl + checkpoints/) and the log's public key (signed-note verifier key or
 * PEM). Verification re-derives the Merkle tree from every entry, checks the hash chain, every
 * checkpoint's signature, its root at its size and consistency between checkpoints (docs/audit.md).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { decodeAuditEvent, ENTRIES_FILE, parseEntryLine, transparencyReport, verifyCommand } from '../../audit/index.ts';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('verify an audit log offline and summarise it (for overseers)');
  audit
    .command('verify')
    .description('re-derive the Merkle tree and check the hash chain and every signed checkpoint')
    .requiredOption('--dir <dir>', 'audit log directory (entries.jsonl and checkpoints/)')
    .requiredOption('--key <file>', "the log's public key (verifier key text or PEM)")
    .option('--json', 'print the full report as JSON')
    .action(async (o: { dir: string; key: string; json?: boolean }) => {
      const report = await verifyCommand(o.dir, o.key);
      if (o.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        process.stdout.write(`entries: ${report.entries}\ncheckpoints verified: ${report.checkpointsVerified}/${report.checkpointsGiven}\n`);
        process.stdout.write(`entries after the last checkpoint (not yet covered by a signature): ${report.uncheckpointedEntries}\n`);
        for (const p of report.problems) process.stdout.write(`PROBLEM ${p.code}${p.index === undefined ? '' : ` at entry ${p.index}`}: ${p.message}\n`);
        process.stdout.write(report.ok ? 'VERIFIED\n' : 'NOT VERIFIED\n');
      }
      process.exitCode = report.ok ? 0 : 1;
    });
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

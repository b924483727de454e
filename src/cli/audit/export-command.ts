/**
 * `warranted audit export --dir D --key K [--from ISO] [--to ISO] OUT`: writes the self-contained
 * bundle an overseer checks offline with `warranted audit verify OUT` (docs/audit.md "Export
 * bundle"). `verifyBundleCommand` is what `audit verify` runs when its directory holds a MANIFEST.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AuditError, exportBundle, verifyBundle, type BundleVerificationReport, type VerifyBundleOptions } from '../../audit/index.ts';

interface ExportFlags {
  dir: string;
  key: string;
  from?: string;
  to?: string;
  json?: boolean;
}

export function registerExportCommand(audit: Command): void {
  audit
    .command('export')
    .description('write a self-contained bundle of the log, or of the entries in a period, that `audit verify OUT` checks offline')
    .argument('<out>', 'bundle directory to create (must not exist, or be empty)')
    .requiredOption('--dir <dir>', 'audit log directory (entries.jsonl and checkpoints/)')
    .requiredOption('--key <file>', "the log's public key (verifier key text or PEM); copied into the bundle as log.pub")
    .option('--from <iso>', 'first instant of the period (ISO 8601 UTC); default: the start of the log')
    .option('--to <iso>', 'last instant of the period (ISO 8601 UTC); default: the end of the log')
    .option('--json', 'print the result as JSON')
    .action(async (out: string, o: ExportFlags) => {
      try {
        const result = await exportBundle({ dir: o.dir, keyFile: o.key, out, ...(o.from === undefined ? {} : { from: o.from }), ...(o.to === undefined ? {} : { to: o.to }) });
        if (o.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else {
          process.stdout.write(
            [
              `exported entries ${result.start}..${result.end - 1} (${result.end - result.start}) of ${result.origin} into ${result.out}`,
              `legal context: ${result.contextEntries} earlier entries, each with its inclusion proof`,
              `checkpoints: ${result.checkpoints}, anchored by the one of size ${result.anchor.size} signed ${result.anchor.timestamp}`,
              `files: ${result.files}, bytes: ${result.bytes}`,
              `verify offline with: warranted audit verify ${result.out}`,
              '',
            ].join('\n'),
          );
        }
      } catch (error) {
        if (!(error instanceof AuditError)) throw error;
        process.stderr.write(`export refused: ${error.code}: ${error.message}\n`);
        process.exitCode = error.code === 'AUDIT_EXPORT_NOT_ANCHORED' ? 3 : 2;
      }
    });
}

/**
 * Verifies the bundle in `dir` and prints the report (text, or JSON with `json`); sets the exit
 * code to 0 only when everything verified. `keyFile`: the log's key as the overseer holds it
 * (default: the bundle's own log.pub).
 */
export async function verifyBundleCommand(
  dir: string,
  o: { json?: boolean; keyFile?: string } & Pick<VerifyBundleOptions, 'witnesses' | 'onEvent'> = {},
): Promise<BundleVerificationReport> {
  const publicKey = o.keyFile === undefined ? undefined : await readFile(o.keyFile, 'utf8');
  const report = await verifyBundle(dir, {
    ...(publicKey === undefined ? {} : { publicKey }),
    ...(o.witnesses === undefined ? {} : { witnesses: o.witnesses }),
    ...(o.onEvent === undefined ? {} : { onEvent: o.onEvent }),
  });
  process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : formatBundleReport(report));
  process.exitCode = report.ok ? 0 : 1;
  return report;
}

export function formatBundleReport(report: BundleVerificationReport): string {
  const { bundle } = report;
  const lines = [
    `export bundle: entries ${bundle.start}..${bundle.end - 1}${bundle.from === undefined && bundle.to === undefined ? ' (whole log)' : ` (period ${bundle.from ?? 'start'} .. ${bundle.to ?? 'end'})`}, written by ${bundle.tool ?? 'unknown tool'}`,
    `entries: ${report.entries}`,
    `legal context: ${bundle.contextProven}/${bundle.contextEntries} earlier entries proven included`,
    `checkpoints verified: ${report.checkpointsVerified}/${report.checkpointsGiven}${report.latest === undefined ? '' : ` (anchor: size ${report.latest.size}, ${report.latest.timestamp})`}`,
    `entries after the anchor checkpoint (not covered by a signature): ${report.uncheckpointedEntries}`,
  ];
  for (const p of report.problems) {
    const where = [p.index === undefined ? '' : ` at entry ${p.index}`, p.file === undefined ? '' : ` in ${p.file}`].join('');
    lines.push(`PROBLEM ${p.code}${where}: ${p.message}`);
  }
  lines.push(report.ok ? 'VERIFIED' : 'NOT VERIFIED', '');
  return lines.join('\n');
}

/**
 * `warranted audit report --dir D --key K [--period …|--from … --to …] --format html|csv|json [--out FILE]`:
 * the transparency report of issue 9 item 6, computed only from a log that verifies
 * (AUDIT_REPORT_UNVERIFIED otherwise), and `checkReportFile`, what `audit verify --report FILE`
 * runs to recompute a published report from the log and name every difference.
 * docs/audit.md "Transparency report" lists the fields and their legal sources.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import {
  checkReport,
  formatReportCsv,
  formatReportJson,
  renderReportHtml,
  reportFromVerifiedLog,
  resolvePeriod,
  type ReportVerification,
  type TransparencyReport,
} from '../../audit/report/index.ts';
import { WITNESS_POLICY_FILE } from '../../audit/witness-policy.ts';
import { WarrantedError } from '../../platform/errors.ts';
import { profileRules } from './profile-rules.ts';
import { loadWitnessQuorum } from './verify-command.ts';

type ReportFormat = 'json' | 'csv' | 'html';

/** The verification a report stands on: the same as `audit verify` with default tolerances. */
export interface ReportVerifyFlags {
  /** Witness policy file (default: DIR/witness-policy.txt). */
  witnessPolicy?: string;
  /** Jurisdiction profiles directory (default: the shipped profiles/). */
  profiles?: string;
}

interface ReportOptions extends ReportVerifyFlags {
  dir: string;
  key: string;
  period?: string;
  from?: string;
  to?: string;
  format: ReportFormat;
  out?: string;
}

const FORMATTERS: Record<ReportFormat, (report: TransparencyReport) => string> = {
  json: formatReportJson,
  csv: formatReportCsv,
  html: renderReportHtml,
};

/** Adds `report` to the `audit` command (replacing the old per-day event count). */
export function registerReportCommand(audit: Command): void {
  audit
    .command('report')
    .description(
      'transparency report from a VERIFIED log: per order the US Wiretap Report (18 U.S.C. §2519) and IFTA 2013 review fields; ' +
        'records summed per warrant, agency, channel and month; refused records; rogue tasks (no identities, no content)',
    )
    .requiredOption('--dir <dir>', 'audit log directory (entries.jsonl and checkpoints/)')
    .requiredOption('--key <file>', "the log's public key (verifier key text or PEM)")
    .option('--witness-policy <file>', 'witness policy (default: DIR/witness-policy.txt)')
    .option('--profiles <dir>', 'jurisdiction profiles the warrants were approved under (default: the profiles/ this release ships)')
    .option('--period <period>', 'YYYY, YYYY-MM, or A..B of those, e.g. 2026-01..2026-12 (default: the calendar years the log spans)')
    .option('--from <when>', 'period start: ISO date or UTC instant (with --to)')
    .option('--to <when>', 'period end: ISO date (that day included) or UTC instant (excluded)')
    .addOption(new Option('--format <format>', 'output form').choices(['json', 'csv', 'html']).default('json'))
    .option('--out <file>', 'write the report to FILE instead of standard output')
    .action(async (o: ReportOptions) => {
      try {
        const period = o.period === undefined && o.from === undefined && o.to === undefined ? undefined : resolvePeriod(o);
        const report = await reportFromVerifiedLog(o.dir, o.key, period, { verification: reportVerification(o.dir, o) });
        const text = FORMATTERS[o.format](report);
        if (o.out === undefined) process.stdout.write(text);
        else {
          await writeFile(o.out, text, 'utf8');
          const t = report.totals;
          process.stderr.write(
            `wrote ${o.out}: ${t.orders} order(s), ${t.records} record(s) (${t.iriRecords} IRI, ${t.contentRecords} content), ${t.refusedRecords} refused, ${t.rogueTasks} rogue task(s); period ${report.period.from} .. ${report.period.to}\n`,
          );
        }
      } catch (e) {
        fail(e);
      }
    });
}

function fail(e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(e instanceof WarrantedError ? `error: ${e.code}: ${message}\n` : `error: ${message}\n`);
  process.exitCode = 1;
}

/** What `audit verify` checks: the witness quorum of the policy file and the law of the profiles. */
export function reportVerification(dir: string, flags: ReportVerifyFlags = {}): ReportVerification {
  return { witnesses: loadWitnessQuorum(flags.witnessPolicy ?? join(dir, WITNESS_POLICY_FILE)), law: { profiles: profileRules(flags.profiles) } };
}

/**
 * Recomputes the report in `reportFile` (JSON, CSV or HTML) from the verified log in `dir` — for the
 * period and log prefix the file states — and returns every difference, field by field; [] when it
 * matches. The log is verified as `audit verify` does (witness policy, profiles: `flags`, defaults as
 * there). Throws AUDIT_REPORT_UNVERIFIED (log does not verify) or AUDIT_REPORT_UNREADABLE.
 */
export async function checkReportFile(dir: string, keyFile: string, reportFile: string, flags: ReportVerifyFlags = {}): Promise<string[]> {
  return checkReport(dir, keyFile, reportFile, reportVerification(dir, flags));
}

/**
 * `warranted audit verify`: what an overseer runs, offline, on a copy of an audit log directory
 * (entries.jsonl + checkpoints/), the log's public key, the witness policy and the public
 * jurisdiction profiles. It checks the structure (hash chain, Merkle tree, checkpoint signatures
 * and consistency), that the whole log is covered by a checkpoint the witness quorum cosigned, and
 * the law (src/audit/law/rules.ts); exit 0 only if everything holds (docs/audit.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { isBundleDirectory, verifyBundle } from '../../audit/bundle/index.ts';
import { LawChecker } from '../../audit/law/checker.ts';
import type { LawOptions } from '../../audit/law/rules.ts';
import { verifyCommand, type AuditVerificationReport, type WitnessQuorum } from '../../audit/verifier.ts';
import { cosignersOf, parseWitnessPolicy, quorumSatisfied, WITNESS_POLICY_FILE, type WitnessPolicy } from '../../audit/witness-policy.ts';
import { CliError } from '../warrant/errors.ts';
import { orderProfileRules, profileRules } from './profile-rules.ts';
import { checkReportFile } from './report-command.ts';

export interface VerifyFlags {
  /** A log directory, or an export bundle (it holds a MANIFEST). */
  dir: string;
  /** The log's public key; for a bundle, optional (then its own log.pub is used — the exporter's word). */
  key?: string;
  witnessPolicy?: string;
  profiles?: string;
  clockTolerance?: string;
  deactivationTolerance?: string;
  asOf?: string;
  json?: boolean;
  /** A transparency report to recompute from the verified log (report-command.ts). */
  report?: string;
}

function describe(policy: WitnessPolicy): string {
  const names = policy.witnesses.map((w) => w.name).join(', ');
  const q = policy.quorum;
  if (q.kind === 'none') return `none required (policy witnesses: ${names || 'none'})`;
  return q.kind === 'count' ? `${q.n} of ${names}` : `${q.name} (of ${names})`;
}

/** The witness quorum from the policy file (default: the one the audit role keeps beside the log). */
export function loadWitnessQuorum(file: string): WitnessQuorum {
  if (!existsSync(file)) throw new CliError('CLI_USAGE', `no witness policy at ${file}: without it nobody can tell the log showed everyone the same history (give --witness-policy)`);
  const policy = parseWitnessPolicy(readFileSync(file, 'utf8'));
  return {
    describe: describe(policy),
    check: (note) => {
      const cosigners = cosignersOf(note, policy);
      return { cosigners, satisfied: quorumSatisfied(policy, new Set(cosigners)) };
    },
  };
}

function seconds(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new CliError('CLI_USAGE', `${flag} must be a number of seconds ≥ 0`);
  return n * 1000;
}

function lawOptions(o: VerifyFlags): LawOptions {
  const asOf = o.asOf === undefined ? undefined : new Date(o.asOf);
  if (asOf !== undefined && Number.isNaN(asOf.getTime())) throw new CliError('CLI_USAGE', '--as-of must be an ISO 8601 time');
  const clockToleranceMs = seconds(o.clockTolerance, '--clock-tolerance');
  const deactivationToleranceMs = seconds(o.deactivationTolerance, '--deactivation-tolerance');
  const orderProfiles = orderProfileRules(o.profiles);
  return {
    profiles: profileRules(o.profiles),
    ...(orderProfiles === undefined ? {} : { orderProfiles }),
    ...(clockToleranceMs === undefined ? {} : { clockToleranceMs }),
    ...(deactivationToleranceMs === undefined ? {} : { deactivationToleranceMs }),
    ...(asOf === undefined ? {} : { asOf }),
  };
}

export async function runVerify(o: VerifyFlags): Promise<AuditVerificationReport> {
  const law = lawOptions(o);
  const witnesses = loadWitnessQuorum(o.witnessPolicy ?? join(o.dir, WITNESS_POLICY_FILE));
  if (await isBundleDirectory(o.dir)) return verifyBundleWithLaw(o, law, witnesses);
  if (o.key === undefined) throw new CliError('CLI_USAGE', "--key (the log's public key) is required for a log directory");
  return verifyCommand(o.dir, o.key, { witnesses, law });
}

/** An export bundle (src/audit/bundle): its own proofs, then the same law over its verified events. */
async function verifyBundleWithLaw(o: VerifyFlags, options: LawOptions, witnesses: WitnessQuorum): Promise<AuditVerificationReport> {
  const law = new LawChecker(options);
  const report = await verifyBundle(o.dir, {
    ...(o.key === undefined ? {} : { publicKey: readFileSync(o.key, 'utf8') }),
    witnesses,
    onEvent: (index, event) => law.observe(index, event),
  });
  const violations = law.finish();
  for (const v of violations) report.problems.push({ code: 'AUDIT_LAW_VIOLATED', index: v.index, rule: v.rule, message: `entry ${v.index} [${v.rule}]: ${v.message}` });
  report.law = { checked: true, signersJudged: law.signersJudged, violations: violations.length };
  report.ok = report.problems.length === 0;
  return report;
}

export function printReport(report: AuditVerificationReport): void {
  const out = (s: string): boolean => process.stdout.write(`${s}\n`);
  out(`entries: ${report.entries}`);
  out(`checkpoints verified: ${report.checkpointsVerified}/${report.checkpointsGiven}`);
  out(`entries after the last checkpoint (not yet covered by a signature): ${report.uncheckpointedEntries}`);
  if (report.witnesses !== 'none-required') out(`witness cosignatures on the latest checkpoint: ${report.witnesses.cosigners.join(', ') || 'none'} (quorum: ${report.witnesses.quorum})`);
  out(`law: ${report.law.checked ? `${report.law.violations} violation(s)` : 'not checked'}${report.law.signersJudged ? '' : ' (signers not judged: no profiles)'}`);
  const first = report.problems.find((p) => p.code === 'AUDIT_LAW_VIOLATED');
  if (first !== undefined) out(`first violation: entry ${first.index ?? '?'}, rule ${first.rule ?? '?'}`);
  for (const p of report.problems) out(`PROBLEM ${p.code}${p.index === undefined ? '' : ` at entry ${p.index}`}: ${p.message}`);
  out(report.ok ? 'VERIFIED' : 'NOT VERIFIED');
}

export function registerVerifyCommand(audit: Command): void {
  audit
    .command('verify')
    .description('check the log: hash chain, Merkle tree, signed and witness-cosigned checkpoints, and that every interception it records was lawful')
    .argument('[bundle]', 'an export bundle directory (`audit export`), instead of --dir')
    .option('--dir <dir>', 'audit log directory (entries.jsonl and checkpoints/)')
    .option('--key <file>', "the log's public key (verifier key text or PEM); for a bundle, default: its log.pub")
    .option('--witness-policy <file>', 'witness policy (default: DIR/witness-policy.txt)')
    .option('--profiles <dir>', 'jurisdiction profiles the warrants were approved under (default: the profiles/ this release ships)')
    .option('--clock-tolerance <seconds>', 'clock skew allowed between roles (default 5)')
    .option('--deactivation-tolerance <seconds>', 'how long after its end a task may still run (default 60)')
    .option('--as-of <iso>', 'judge deadlines as of this time (default: the last entry)')
    .option('--report <file>', 'recompute this transparency report (json, csv or html) from the verified log; fail on any difference')
    .option('--json', 'print the full report as JSON')
    .action(async (bundle: string | undefined, flags: Omit<VerifyFlags, 'dir'> & { dir?: string }) => {
      const dir = bundle ?? flags.dir;
      if (dir === undefined) throw new CliError('CLI_USAGE', 'give a bundle directory or --dir');
      const o: VerifyFlags = { ...flags, dir };
      const report = await runVerify(o);
      if (o.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else printReport(report);
      process.exitCode = report.ok ? 0 : 1;
      if (o.report !== undefined) {
        if (o.key === undefined) throw new CliError('CLI_USAGE', '--report needs --dir and --key (a log directory, not a bundle)');
        const differences = report.ok ? await checkReportFile(o.dir, o.key, o.report, o) : ['the log did not verify: no report can be checked against it'];
        for (const d of differences) process.stdout.write(`REPORT DIFFERENCE: ${d}\n`);
        if (differences.length === 0) process.stdout.write(`REPORT MATCHES: ${o.report}\n`);
        else process.exitCode = 1;
      }
    });
}

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
import { verifyCommand, type AuditVerificationReport, type WitnessQuorum } from '../../audit/verifier.ts';
import { cosignersOf, parseWitnessPolicy, quorumSatisfied, WITNESS_POLICY_FILE, type WitnessPolicy } from '../../audit/witness-policy.ts';
import { CliError } from '../warrant/errors.ts';
import { profileRules } from './profile-rules.ts';

export interface VerifyFlags {
  dir: string;
  key: string;
  witnessPolicy?: string;
  profiles?: string;
  clockTolerance?: string;
  deactivationTolerance?: string;
  asOf?: string;
  json?: boolean;
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

export async function runVerify(o: VerifyFlags): Promise<AuditVerificationReport> {
  const asOf = o.asOf === undefined ? undefined : new Date(o.asOf);
  if (asOf !== undefined && Number.isNaN(asOf.getTime())) throw new CliError('CLI_USAGE', '--as-of must be an ISO 8601 time');
  const clockToleranceMs = seconds(o.clockTolerance, '--clock-tolerance');
  const deactivationToleranceMs = seconds(o.deactivationTolerance, '--deactivation-tolerance');
  return verifyCommand(o.dir, o.key, {
    witnesses: loadWitnessQuorum(o.witnessPolicy ?? join(o.dir, WITNESS_POLICY_FILE)),
    law: {
      profiles: profileRules(o.profiles),
      ...(clockToleranceMs === undefined ? {} : { clockToleranceMs }),
      ...(deactivationToleranceMs === undefined ? {} : { deactivationToleranceMs }),
      ...(asOf === undefined ? {} : { asOf }),
    },
  });
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
    .requiredOption('--dir <dir>', 'audit log directory (entries.jsonl and checkpoints/)')
    .requiredOption('--key <file>', "the log's public key (verifier key text or PEM)")
    .option('--witness-policy <file>', 'witness policy (default: DIR/witness-policy.txt)')
    .option('--profiles <dir>', 'jurisdiction profiles the warrants were approved under (default: the profiles/ this release ships)')
    .option('--clock-tolerance <seconds>', 'clock skew allowed between roles (default 5)')
    .option('--deactivation-tolerance <seconds>', 'how long after its end a task may still run (default 60)')
    .option('--as-of <iso>', 'judge deadlines as of this time (default: the last entry)')
    .option('--json', 'print the full report as JSON')
    .action(async (o: VerifyFlags) => {
      const report = await runVerify(o);
      if (o.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else printReport(report);
      process.exitCode = report.ok ? 0 : 1;
    });
}

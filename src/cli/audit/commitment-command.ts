/**
 * `warranted audit opening-key` (operator side: the salt of one warrant, for whoever holds that
 * warrant) and `warranted audit open-commitment` (anyone holding it: prove, against a verified log,
 * that entry N concerns identity X — src/audit/commitment.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { commitmentsIn, opensTo, warrantSalt } from '../../audit/commitment.ts';
import { ENTRIES_FILE, decodeAuditEvent, parseEntryLine, type AuditEvent } from '../../audit/index.ts';
import { loadDeployment } from '../../platform/config/load.ts';
import { CliError } from '../warrant/errors.ts';
import { runVerify } from './verify-command.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function entryAt(dir: string, index: number): AuditEvent {
  const lines = readFileSync(join(dir, ENTRIES_FILE), 'utf8').split('\n');
  const line = lines[index];
  if (line === undefined || line.length === 0) throw new CliError('CLI_USAGE', `the log has no entry ${index}`);
  return decodeAuditEvent(parseEntryLine(line, index).leaf);
}

export interface OpenResult {
  proven: boolean;
  reason: string;
}

/** Opens entry `index`'s commitments with the warrant's salt against a log that verifies. */
export async function openCommitment(o: { dir: string; key: string; entry: number; warrant: string; salt: Uint8Array; kind: string; value: string; witnessPolicy?: string }): Promise<OpenResult> {
  // A proof about an entry is worth only as much as the log it is in.
  const report = await runVerify({ dir: o.dir, key: o.key, ...(o.witnessPolicy === undefined ? {} : { witnessPolicy: o.witnessPolicy }) });
  const structural = report.problems.filter((p) => p.code !== 'AUDIT_LAW_VIOLATED');
  if (structural.length > 0) return { proven: false, reason: `the log does not verify: ${structural[0]!.code} ${structural[0]!.message}` };
  if (o.entry >= report.entries) return { proven: false, reason: `the log has ${report.entries} entries` };
  const event = entryAt(o.dir, o.entry);
  if (event.details.warrantId !== o.warrant) return { proven: false, reason: `entry ${o.entry} (${event.type}) is not about warrant ${o.warrant}` };
  const commitments = commitmentsIn(event.details);
  if (commitments.length === 0) return { proven: false, reason: `entry ${o.entry} (${event.type}) carries no target commitment` };
  const opened = commitments.some((c) => opensTo(c, o.salt, o.kind, o.value));
  return opened
    ? { proven: true, reason: `entry ${o.entry} (${event.type}, ${event.at}) concerns ${o.kind} ${o.value} under warrant ${o.warrant}` }
    : { proven: false, reason: `no commitment of entry ${o.entry} opens to ${o.kind} ${o.value} with this warrant's key` };
}

export function registerCommitmentCommands(audit: Command): void {
  audit
    .command('opening-key')
    .description("print one warrant's opening key (its commitment salt) for whoever holds that warrant; reveals nothing about other warrants")
    .requiredOption('--config <file>', 'deployment file (its control.identityKey is used)')
    .requiredOption('--warrant <id>', 'warrant id (UUID)')
    .action((o: { config: string; warrant: string }) => {
      if (!UUID.test(o.warrant)) throw new CliError('CLI_USAGE', '--warrant must be a lower-case UUID');
      const d = loadDeployment(o.config, { role: 'control' });
      const key = new Uint8Array(readFileSync(d.control.identityKey));
      process.stdout.write(`${Buffer.from(warrantSalt(key, o.warrant)).toString('hex')}\n`);
    });
  audit
    .command('open-commitment')
    .description('prove, against the verified log, that entry N concerns identity KIND:VALUE under a warrant whose opening key you hold')
    .requiredOption('--dir <dir>', 'audit log directory')
    .requiredOption('--key <file>', "the log's public key")
    .requiredOption('--entry <n>', 'entry index')
    .requiredOption('--warrant <id>', 'warrant id')
    .requiredOption('--opening-key <hex>', "the warrant's opening key (from `audit opening-key`)")
    .requiredOption('--identity <kind:value>', 'e.g. MSISDN:929230041590 (normalised as in the warrant)')
    .option('--witness-policy <file>', 'witness policy (default: DIR/witness-policy.txt)')
    .action(async (o: { dir: string; key: string; entry: string; warrant: string; openingKey: string; identity: string; witnessPolicy?: string }) => {
      const entry = Number(o.entry);
      if (!Number.isSafeInteger(entry) || entry < 0) throw new CliError('CLI_USAGE', '--entry must be an entry index');
      if (!/^[0-9a-f]{64}$/.test(o.openingKey)) throw new CliError('CLI_USAGE', '--opening-key must be 64 lower-case hex digits');
      const colon = o.identity.indexOf(':');
      if (colon <= 0 || colon === o.identity.length - 1) throw new CliError('CLI_USAGE', '--identity must be KIND:VALUE');
      const r = await openCommitment({
        dir: o.dir,
        key: o.key,
        entry,
        warrant: o.warrant,
        salt: new Uint8Array(Buffer.from(o.openingKey, 'hex')),
        kind: o.identity.slice(0, colon),
        value: o.identity.slice(colon + 1),
        ...(o.witnessPolicy === undefined ? {} : { witnessPolicy: o.witnessPolicy }),
      });
      process.stdout.write(`${r.proven ? 'PROVEN' : 'NOT PROVEN'}: ${r.reason}\n`);
      process.exitCode = r.proven ? 0 : 1;
    });
}

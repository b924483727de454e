/** Shared plumbing of the warrant/keys commands: options, data directory, output, errors. */
import type { Command } from 'commander';
import { WarrantedError } from '../../platform/errors.ts';
import { toTs103120Status, type WarrantRecord } from '../../warrants/index.ts';
import { openDataDir, type OpenedData } from './data-dir.ts';

export interface CommonOptions {
  dataDir: string;
  json?: boolean;
  profiles?: string;
}

export interface Output {
  json: unknown;
  text: string;
  /** Non-zero when the command completed but reports a refusal (e.g. --hi1 actions refused). */
  exitCode?: number;
}

export function withCommon(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'data directory (warrant store, audit log, key registry)', '.data')
    .option('--json', 'machine-readable JSON output')
    .option('--profiles <dir>', 'jurisdiction profiles directory (default: the shipped profiles/)');
}

/** Opens the data directory, runs `fn`, prints its output, closes; errors go to stderr, exit 1. */
export async function run(opts: CommonOptions, withStore: boolean, fn: (d: OpenedData) => Promise<Output>): Promise<void> {
  let data: OpenedData | undefined;
  try {
    data = await openDataDir({ dataDir: opts.dataDir, ...(opts.profiles ? { profilesDir: opts.profiles } : {}) }, withStore);
    const out = await fn(data);
    process.stdout.write(opts.json ? `${JSON.stringify(out.json, null, 2)}\n` : `${out.text}\n`);
    if (out.exitCode) process.exitCode = out.exitCode;
  } catch (e) {
    const code = e instanceof WarrantedError ? e.code : 'CLI_FAILED';
    const message = e instanceof Error ? e.message : String(e);
    if (opts.json) process.stdout.write(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
    process.stderr.write(`error: ${code}: ${message}\n`);
    process.exitCode = 1;
  } finally {
    await data?.close();
  }
}

/** A warrant in a few lines for people (target identities are shown only as kinds and a count). */
export function describeWarrant(r: WarrantRecord): string {
  const w = r.warrant;
  const kinds = [...new Set(w.targets.map((t) => t.kind))].join(', ');
  const lines = [
    `warrant   ${w.id}`,
    `reference ${w.reference}   agency ${w.agency.id} (${w.agency.name})   profile ${w.profileId}`,
    `state     ${r.state} (TS 103 120: ${toTs103120Status(r.state)})`,
    `window    ${w.start} .. ${w.end}${w.emergency ? '   EMERGENCY' : ''}`,
    `targets   ${w.targets.length} (${kinds})   operators ${w.operators.join(', ')}   ${w.categories.content ? 'IRI and content' : 'IRI only'}: ${w.categories.services.join(', ')}`,
    `LIID      ${r.liid}`,
    `hash      ${r.hash}`,
  ];
  for (const s of r.signatures) lines.push(`signed    ${s.role} ${s.authorityId} at ${s.signedAt} (key ${s.keyId})`);
  for (const c of r.confirmations) lines.push(`confirmed ${c.subject} by ${c.authorityId} at ${c.signedAt}`);
  for (const s of r.statements) lines.push(`${s.purpose.padEnd(9)} ${s.authorityId} at ${s.signedAt}: ${s.subject}`);
  for (const h of r.history) lines.push(`history   ${h.at} ${h.from ?? '-'} -> ${h.to}: ${h.reason}`);
  return lines.join('\n');
}

export function oneLine(r: WarrantRecord): string {
  const w = r.warrant;
  return `${w.id}  ${r.state.padEnd(17)} ${w.reference.padEnd(12)} ${w.agency.id.padEnd(12)} ${w.profileId.padEnd(14)} ${w.end}`;
}

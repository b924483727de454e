/**
 * A report is computed only from a log that verified (issue 9 item 6): the report is built from
 * the very events `verifyCommand` decodes while it verifies (its `onEvent`), in the same pass, and
 * it is handed out only if that verification is ok — structure, witness quorum and the law. So
 * the numbers published are those of the history the overseer's verifier accepted, not of a file
 * read again afterwards.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ENTRIES_FILE } from '../directory.ts';
import { parseEntryLine } from '../entry.ts';
import { AuditError } from '../errors.ts';
import { decodeAuditEvent, encodeAuditEvent } from '../event.ts';
import { toHex } from '../hash.ts';
import { MerkleTree } from '../tree.ts';
import { verifyCommand, type AuditVerificationReport } from '../verifier.ts';
import { ReportBuilder } from './compute.ts';
import type { TransparencyReport } from './model.ts';
import { parsePeriod, type ReportPeriod } from './period.ts';

/** How the log is verified (verifyCommand's options: the witness quorum and the law). */
export type ReportVerification = Omit<Parameters<typeof verifyCommand>[2], 'onEvent'>;

export interface VerifiedReportOptions {
  verification: ReportVerification;
  /** Compute over the first `entries` entries only (a report made earlier, checked later). */
  entries?: number;
}

/** The whole UTC calendar years from the first entry's to the last one's (§2519 reports are yearly). */
async function yearsOfLog(dir: string): Promise<ReportPeriod> {
  let first: string | undefined;
  let last: string | undefined;
  const lines = createInterface({ input: createReadStream(join(dir, ENTRIES_FILE), { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY });
  let position = 0;
  try {
    for await (const line of lines) {
      const { at } = decodeAuditEvent(parseEntryLine(line, position++).leaf);
      if (first === undefined || at < first) first = at;
      if (last === undefined || at > last) last = at;
    }
  } catch (cause) {
    throw new AuditError('AUDIT_REPORT_UNVERIFIED', `the log cannot be read: ${(cause as Error).message}`, { cause });
  }
  const now = new Date().toISOString();
  return parsePeriod(`${(first ?? now).slice(0, 4)}..${(last ?? now).slice(0, 4)}`);
}

function refuse(verification: AuditVerificationReport): never {
  const first = verification.problems[0];
  throw new AuditError(
    'AUDIT_REPORT_UNVERIFIED',
    `the log does not verify (${verification.problems.length} problem(s); first: ${first?.code ?? '?'}${first?.index === undefined ? '' : ` at entry ${first.index}`}: ${first?.message ?? ''}); no report is computed from it`,
    { details: { problems: verification.problems.map((p) => p.code) } },
  );
}

/**
 * Verifies the log in `dir` with the key in `keyFile` and computes, from the events verified, the
 * report for `period` (by default the calendar years the log spans) over all entries or the first
 * `options.entries`. Throws AUDIT_REPORT_UNVERIFIED unless the verification is ok.
 */
export async function reportFromVerifiedLog(dir: string, keyFile: string, period: ReportPeriod | undefined, options: VerifiedReportOptions): Promise<TransparencyReport> {
  const chosen = period ?? (await yearsOfLog(dir));
  const builder = new ReportBuilder(chosen);
  const limit = options.entries;
  // Only a report over a prefix needs the root at that size: re-derive the tree then (decode
  // insisted on canonical bytes, so re-encoding an event gives its leaf back); else the verifier's root is it.
  const tree = limit === undefined ? undefined : new MerkleTree();
  let seen = 0;
  let verification: AuditVerificationReport;
  try {
    verification = await verifyCommand(dir, keyFile, {
      ...options.verification,
      onEvent: (index, event) => {
        if (index !== seen) return; // an entry that did not decode: the verification fails anyway
        seen++;
        tree?.appendLeaf(encodeAuditEvent(event));
        if (limit === undefined || index < limit) builder.add(event);
      },
    });
  } catch (cause) {
    throw new AuditError('AUDIT_REPORT_UNVERIFIED', `the log could not be verified: ${(cause as Error).message}`, { cause });
  }
  if (!verification.ok) refuse(verification);
  if (seen !== verification.entries || (tree !== undefined && toHex(tree.rootHash()) !== verification.rootHash)) {
    throw new AuditError('AUDIT_REPORT_UNVERIFIED', `the events seen (${seen}) are not the ${verification.entries} entries verified`);
  }
  if (tree === undefined || limit === undefined || limit >= seen) return builder.finish({ entries: seen, rootHash: verification.rootHash });
  return builder.finish({ entries: limit, rootHash: toHex(tree.rootHash(limit)) });
}

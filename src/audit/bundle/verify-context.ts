/**
 * The legal context: entries from before the range that the overseer's invariant checks need
 * (keys, warrants, task activations). Each is proven on its own with a C2SP tlog-proof: RFC 9162
 * §2.1.3.2 from its leaf hash, at its index, to the root of the anchor checkpoint — which must be
 * the bundle's anchor verbatim, so the proof rests on the same signature and witnesses.
 *
 * What this cannot prove: that the context is complete. The log's tree commits to leaves, not to
 * an index by type, so leaving an entry out (a revocation, say) leaves nothing to detect; see
 * docs/audit.md "What a partial bundle cannot prove".
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeAuditEvent, type AuditEvent } from '../event.ts';
import { hashEquals, leafHash } from '../hash.ts';
import { rootFromInclusionProof } from '../verify-proofs.ts';
import { CONTEXT_FILE, CONTEXT_PROOFS_DIR, contextProofFile, parseContextLine, type ContextEntry } from './format.ts';
import { readLines } from './lines.ts';
import type { ProblemList } from './problems.ts';
import { parseTlogProof } from './tlog-proof.ts';
import type { BundleCheckpoint } from './verify-checkpoints.ts';

export interface ContextResult {
  /** Lines read from context.jsonl. */
  entries: number;
  /** Entries whose inclusion in the anchor's tree is proven, in index order. */
  proven: { index: number; event: AuditEvent }[];
}

export async function checkContext(dir: string, rangeStart: number, anchor: BundleCheckpoint | undefined, problems: ProblemList): Promise<ContextResult> {
  const entries = await readContext(dir, problems);
  const proven: ContextResult['proven'] = [];
  let last = -1;
  const expectedProofs = new Set<string>();
  for (const entry of entries) {
    const { index } = entry;
    const file = contextProofFile(index);
    expectedProofs.add(file);
    if (index <= last || index >= rangeStart) {
      problems.add('AUDIT_BUNDLE_MALFORMED', `${CONTEXT_FILE}: entry ${index} is out of order or not before the range (which starts at ${rangeStart})`, { index, file: CONTEXT_FILE });
      continue;
    }
    last = index;
    let event: AuditEvent;
    try {
      event = decodeAuditEvent(entry.leaf);
    } catch (error) {
      problems.add('AUDIT_ENTRY_MALFORMED', `${CONTEXT_FILE}: entry ${index}: ${(error as Error).message}`, { index, file: CONTEXT_FILE });
      continue;
    }
    if (anchor !== undefined && (await proveIncluded(dir, entry, file, anchor, problems))) proven.push({ index, event });
  }
  await reportStrayProofs(dir, expectedProofs, problems);
  return { entries: entries.length, proven };
}

async function readContext(dir: string, problems: ProblemList): Promise<ContextEntry[]> {
  const entries: ContextEntry[] = [];
  try {
    for await (const line of readLines(join(dir, CONTEXT_FILE))) {
      if (!line.terminated) {
        problems.add('AUDIT_ENTRY_MALFORMED', `${CONTEXT_FILE}: partial last line (truncated file)`, { file: CONTEXT_FILE });
        break;
      }
      try {
        entries.push(parseContextLine(line.text, entries.length));
      } catch (error) {
        problems.addError(error, 'AUDIT_BUNDLE_MALFORMED', { file: CONTEXT_FILE });
      }
    }
  } catch (error) {
    problems.add('AUDIT_BUNDLE_MALFORMED', `${CONTEXT_FILE}: cannot read: ${(error as Error).message}`, { file: CONTEXT_FILE });
  }
  return entries;
}

async function proveIncluded(dir: string, entry: ContextEntry, file: string, anchor: BundleCheckpoint, problems: ProblemList): Promise<boolean> {
  const where = { index: entry.index, file };
  let text: string;
  try {
    text = await readFile(join(dir, file), 'utf8');
  } catch {
    problems.add('AUDIT_BUNDLE_MALFORMED', `${file} is missing: nothing proves entry ${entry.index} is in the log`, where);
    return false;
  }
  try {
    const proof = parseTlogProof(text);
    if (proof.index !== entry.index) {
      problems.add('AUDIT_BUNDLE_MALFORMED', `${file} proves index ${proof.index}, not ${entry.index}`, where);
      return false;
    }
    if (proof.checkpoint !== anchor.checkpoint.note) {
      problems.add('AUDIT_BUNDLE_MALFORMED', `${file}: its checkpoint is not the bundle's anchor ${anchor.file}`, where);
      return false;
    }
    const root = rootFromInclusionProof(entry.index, anchor.checkpoint.size, leafHash(entry.leaf), proof.path);
    if (root !== undefined && hashEquals(root, anchor.checkpoint.rootHash)) return true;
    problems.add('AUDIT_INCLUSION_PROOF_INVALID', `${file}: entry ${entry.index} and this path do not lead to the root of ${anchor.file} (size ${anchor.checkpoint.size})`, where);
  } catch (error) {
    problems.addError(error, 'AUDIT_BUNDLE_MALFORMED', where);
  }
  return false;
}

async function reportStrayProofs(dir: string, expected: ReadonlySet<string>, problems: ProblemList): Promise<void> {
  let names: string[];
  try {
    names = await readdir(join(dir, CONTEXT_PROOFS_DIR));
  } catch {
    return;
  }
  for (const name of names.sort()) {
    const file = `${CONTEXT_PROOFS_DIR}/${name}`;
    if (!expected.has(file)) problems.add('AUDIT_BUNDLE_MALFORMED', `${file} proves an entry that ${CONTEXT_FILE} does not hold (was an entry dropped?)`, { file });
  }
}

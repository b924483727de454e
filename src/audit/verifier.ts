/**
 * Offline verifier for an overseer. Needs only the entries file, the signed checkpoints and the
 * log's public key; trusts nothing the log operator says. It re-derives the RFC 9162 tree from
 * the entries and reports every problem it finds instead of stopping at the first.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { parseSignedCheckpoint, verifyCheckpoint, type SignedCheckpoint } from './checkpoint.ts';
import { ENTRIES_FILE, readCheckpointNotes } from './directory.ts';
import { GENESIS_PREV_HASH, parseEntryLine } from './entry.ts';
import { AuditError, type AuditErrorCode } from './errors.ts';
import { decodeAuditEvent, type AuditEvent } from './event.ts';
import { hashEquals, toHex } from './hash.ts';
import { createNoteVerifier, parseVerifierKey, type NoteVerifier } from './note.ts';
import { LawChecker } from './law/checker.ts';
import type { LawOptions, LawRule } from './law/rules.ts';
import { MerkleTree } from './tree.ts';
import { verifyConsistency } from './verify-proofs.ts';

export interface AuditProblem {
  code: AuditErrorCode;
  message: string;
  /** Entry index the problem is about, where there is one. */
  index?: number;
  /** Position in the `checkpoints` list the problem is about, where there is one. */
  checkpoint?: number;
  /** For AUDIT_LAW_VIOLATED: the rule broken (src/audit/law/rules.ts). */
  rule?: LawRule;
}

/** The witness policy the checkpoint covering the log must satisfy (src/audit/witness-policy.ts). */
export interface WitnessQuorum {
  /** The quorum rule in words, e.g. "2 of court, regulator". */
  describe: string;
  /** The policy's witnesses whose cosignature on the note verifies, and whether they make the quorum. */
  check(note: string): { cosigners: string[]; satisfied: boolean };
}

export interface AuditVerificationReport {
  ok: boolean;
  /** Entries read from the file (well-formed lines). */
  entries: number;
  /** Hex root of the re-derived tree. */
  rootHash: string;
  checkpointsGiven: number;
  /** Checkpoints whose signature verified AND whose root the entries reproduce. */
  checkpointsVerified: number;
  /** The largest verified checkpoint, if any. */
  latest: { size: number; rootHash: string; timestamp: string } | undefined;
  /** Entries past the latest verified checkpoint: not yet protected against tail truncation. */
  uncheckpointedEntries: number;
  /** Witnesses whose cosignature verified on the latest checkpoint, and the quorum asked for. */
  witnesses: { cosigners: string[]; quorum: string; satisfied: boolean } | 'none-required';
  /** The legal invariants: were they checked, were signatures judged against the profiles. */
  law: { checked: boolean; signersJudged: boolean; violations: number };
  problems: AuditProblem[];
}

export interface VerifyAuditLogOptions {
  entriesFile: string;
  /** Signed checkpoint notes, in any order. */
  checkpoints: readonly string[];
  /** The log's key: a KeyObject, a NoteVerifier, or text (signed-note vkey, or PEM SPKI). */
  publicKey: KeyObject | NoteVerifier | string;
  /** Expected origin; defaults to the vkey name, or the origin of the first checkpoint. */
  origin?: string;
  /**
   * The witnesses whose quorum must have cosigned the checkpoint that covers the whole log.
   * 'none-required' only where no witness exists yet (tests of structure alone); the CLI never passes it.
   */
  witnesses: WitnessQuorum | 'none-required';
  /** The legal invariants (law/rules.ts); false: structure only. Default: checked, with these options. */
  law?: LawOptions | false;
  /** Sees every decoded event in index order (for reports computed from what was verified). */
  onEvent?: (index: number, event: AuditEvent) => void;
}

const MAX_PROBLEMS = 1000;

export async function verifyAuditLog(options: VerifyAuditLogOptions): Promise<AuditVerificationReport> {
  const problems: AuditProblem[] = [];
  const add = (problem: AuditProblem): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  const law = options.law === false ? undefined : new LawChecker(options.law ?? {});
  const tree = await deriveTree(options.entriesFile, add, (index, event) => {
    law?.observe(index, event);
    options.onEvent?.(index, event);
  });

  const key = resolveKey(options.publicKey);
  const origin = options.origin ?? key.name ?? safeOrigin(options.checkpoints[0]);
  const verifier = origin === undefined ? undefined : createNoteVerifier(origin, key.publicKey);
  const valid: { position: number; checkpoint: SignedCheckpoint }[] = [];
  options.checkpoints.forEach((note, position) => {
    try {
      if (verifier === undefined) throw new AuditError('AUDIT_CHECKPOINT_MALFORMED', 'cannot tell the log origin');
      valid.push({ position, checkpoint: verifyCheckpoint(note, verifier, origin) });
    } catch (error) {
      const code = error instanceof AuditError ? error.code : 'AUDIT_CHECKPOINT_MALFORMED';
      add({ code, checkpoint: position, message: `checkpoint #${position}: ${(error as Error).message}` });
    }
  });
  valid.sort((a, b) => a.checkpoint.size - b.checkpoint.size);

  let verified = 0;
  let latest: SignedCheckpoint | undefined;
  for (const { position, checkpoint } of valid) {
    if (checkpoint.size > tree.size) {
      add({ code: 'AUDIT_ROOT_MISMATCH', checkpoint: position, message: `checkpoint #${position} covers ${checkpoint.size} entries but the file has ${tree.size}: entries were removed` });
    } else if (!hashEquals(tree.rootHash(checkpoint.size), checkpoint.rootHash)) {
      add({ code: 'AUDIT_ROOT_MISMATCH', checkpoint: position, message: `checkpoint #${position}: the entries do not reproduce its root at size ${checkpoint.size}` });
    } else {
      verified++;
      latest = checkpoint;
    }
  }
  // Consecutive signed checkpoints must be consistent with each other (RFC 9162 §2.1.4): two
  // signed heads of one size with different roots, or a pair no proof from these entries links,
  // prove the log rewrote its history — whatever the entries file now says.
  for (let i = 1; i < valid.length; i++) {
    const a = valid[i - 1]!;
    const b = valid[i]!;
    const first = a.checkpoint;
    const second = b.checkpoint;
    let consistent: boolean;
    if (first.size === second.size) consistent = hashEquals(first.rootHash, second.rootHash);
    else if (second.size > tree.size) continue; // cannot build the proof; reported as removed entries above
    else consistent = verifyConsistency(first.size, second.size, first.rootHash, second.rootHash, tree.consistencyProof(first.size, second.size));
    if (!consistent) {
      add({
        code: 'AUDIT_INCONSISTENT',
        checkpoint: b.position,
        message: `checkpoints #${a.position} (size ${first.size}) and #${b.position} (size ${second.size}) are not consistent: history was rewritten`,
      });
    }
  }
  const uncheckpointed = tree.size - (latest?.size ?? 0);
  if (latest === undefined) add({ code: 'AUDIT_UNANCHORED', message: 'no verified checkpoint: nothing protects these entries against being cut or rewritten' });
  else if (uncheckpointed > 0) add({ code: 'AUDIT_UNANCHORED', index: latest.size, message: `entries ${latest.size}..${tree.size - 1} are after the last verified checkpoint (size ${latest.size})` });
  let witnesses: AuditVerificationReport['witnesses'] = 'none-required';
  if (options.witnesses !== 'none-required') {
    const { cosigners, satisfied } = latest === undefined ? { cosigners: [], satisfied: false } : options.witnesses.check(latest.note);
    witnesses = { cosigners, quorum: options.witnesses.describe, satisfied };
    if (latest !== undefined && !satisfied) {
      add({ code: 'AUDIT_COSIGNATURES_MISSING', message: `the checkpoint of size ${latest.size} lacks the witness quorum (${options.witnesses.describe}); valid cosignatures: ${cosigners.join(', ') || 'none'}` });
    }
  }
  const violations = law?.finish() ?? [];
  for (const v of violations) add({ code: 'AUDIT_LAW_VIOLATED', index: v.index, rule: v.rule, message: `entry ${v.index} [${v.rule}]: ${v.message}` });
  return {
    ok: problems.length === 0,
    entries: tree.size,
    rootHash: toHex(tree.rootHash()),
    checkpointsGiven: options.checkpoints.length,
    checkpointsVerified: verified,
    latest: latest === undefined ? undefined : { size: latest.size, rootHash: toHex(latest.rootHash), timestamp: latest.timestamp },
    uncheckpointedEntries: uncheckpointed,
    witnesses,
    law: { checked: law !== undefined, signersJudged: law?.signersJudged ?? false, violations: violations.length },
    problems,
  };
}

/** Reads the entries file line by line, checking index, chain and leaves, collecting problems. */
async function deriveTree(path: string, add: (problem: AuditProblem) => void, onEvent: (index: number, event: AuditEvent) => void): Promise<MerkleTree> {
  const tree = new MerkleTree();
  let prev = GENESIS_PREV_HASH;
  let pending = '';
  let stopped = false;
  const handleLine = (line: string): void => {
    const position = tree.size;
    let entry;
    try {
      entry = parseEntryLine(line, position);
    } catch (error) {
      add({ code: 'AUDIT_ENTRY_MALFORMED', index: position, message: (error as Error).message });
      stopped = true; // without the leaf the tree cannot be re-derived past this point
      return;
    }
    if (entry.index !== position) add({ code: 'AUDIT_INDEX_MISMATCH', index: position, message: `line ${position + 1} carries index ${entry.index}` });
    if (!hashEquals(entry.prevHash, prev)) add({ code: 'AUDIT_CHAIN_BROKEN', index: position, message: `entry ${position}: prev is not the leaf hash of entry ${position - 1}` });
    let event: AuditEvent | undefined;
    try {
      event = decodeAuditEvent(entry.leaf);
    } catch (error) {
      add({ code: 'AUDIT_ENTRY_MALFORMED', index: position, message: `entry ${position}: ${(error as Error).message}` });
    }
    if (event !== undefined) onEvent(position, event);
    prev = tree.appendLeaf(entry.leaf);
  };
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for await (const chunk of createReadStream(path)) {
      pending += decoder.decode(chunk as Buffer, { stream: true });
      // Lines are cut by position and the rest kept once per chunk, not re-sliced per line.
      let from = 0;
      let newline: number;
      while (!stopped && (newline = pending.indexOf('\n', from)) >= 0) {
        handleLine(pending.slice(from, newline));
        from = newline + 1;
      }
      pending = pending.slice(from);
      if (stopped) break;
    }
    if (!stopped && pending.length > 0) {
      add({ code: 'AUDIT_ENTRY_MALFORMED', index: tree.size, message: `partial last line after entry ${tree.size - 1} (truncated file)` });
    }
  } catch (error) {
    add({ code: 'AUDIT_ENTRY_MALFORMED', index: tree.size, message: `cannot read entries: ${(error as Error).message}` });
  }
  return tree;
}

function resolveKey(input: KeyObject | NoteVerifier | string): { name: string | undefined; publicKey: KeyObject } {
  if (typeof input === 'string') {
    const text = input.trim();
    if (text.startsWith('-----BEGIN')) {
      try {
        return { name: undefined, publicKey: createPublicKey(text) };
      } catch (cause) {
        throw new AuditError('AUDIT_BAD_KEY', 'unreadable PEM public key', { cause });
      }
    }
    const verifier = parseVerifierKey(text);
    return { name: verifier.name, publicKey: verifier.publicKey };
  }
  if ('keyId' in input) return { name: input.name, publicKey: input.publicKey };
  return { name: undefined, publicKey: input };
}

function safeOrigin(note: string | undefined): string | undefined {
  if (note === undefined) return undefined;
  try {
    return parseSignedCheckpoint(note).origin;
  } catch {
    return undefined;
  }
}

/**
 * For the CLI: verify the log directory `dir` (entries.jsonl + checkpoints/) against the log's
 * public key in `pubkeyPath` (signed-note vkey or PEM), the witness policy and the law.
 */
export async function verifyCommand(
  dir: string,
  pubkeyPath: string,
  options: Pick<VerifyAuditLogOptions, 'law' | 'onEvent'> & { witnesses: WitnessQuorum | 'none-required' },
): Promise<AuditVerificationReport> {
  const publicKey = await readFile(pubkeyPath, 'utf8');
  const checkpoints = await readCheckpointNotes(dir);
  return verifyAuditLog({ entriesFile: join(dir, ENTRIES_FILE), checkpoints, publicKey, ...options });
}

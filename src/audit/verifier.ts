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
import { decodeAuditEvent } from './event.ts';
import { hashEquals, toHex } from './hash.ts';
import { createNoteVerifier, parseVerifierKey, type NoteVerifier } from './note.ts';
import { MerkleTree } from './tree.ts';
import { verifyConsistency } from './verify-proofs.ts';

export interface AuditProblem {
  code: AuditErrorCode;
  message: string;
  /** Entry index the problem is about, where there is one. */
  index?: number;
  /** Position in the `checkpoints` list the problem is about, where there is one. */
  checkpoint?: number;
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
}

const MAX_PROBLEMS = 1000;

export async function verifyAuditLog(options: VerifyAuditLogOptions): Promise<AuditVerificationReport> {
  const problems: AuditProblem[] = [];
  const add = (problem: AuditProblem): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  const tree = await deriveTree(options.entriesFile, add);

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
  return {
    ok: problems.length === 0,
    entries: tree.size,
    rootHash: toHex(tree.rootHash()),
    checkpointsGiven: options.checkpoints.length,
    checkpointsVerified: verified,
    latest: latest === undefined ? undefined : { size: latest.size, rootHash: toHex(latest.rootHash), timestamp: latest.timestamp },
    uncheckpointedEntries: tree.size - (latest?.size ?? 0),
    problems,
  };
}

/** Reads the entries file line by line, checking index, chain and leaves, collecting problems. */
async function deriveTree(path: string, add: (problem: AuditProblem) => void): Promise<MerkleTree> {
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
    try {
      decodeAuditEvent(entry.leaf);
    } catch (error) {
      add({ code: 'AUDIT_ENTRY_MALFORMED', index: position, message: `entry ${position}: ${(error as Error).message}` });
    }
    prev = tree.appendLeaf(entry.leaf);
  };
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for await (const chunk of createReadStream(path)) {
      pending += decoder.decode(chunk as Buffer, { stream: true });
      let newline: number;
      while (!stopped && (newline = pending.indexOf('\n')) >= 0) {
        handleLine(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
      }
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
 * public key in `pubkeyPath` (signed-note vkey or PEM).
 */
export async function verifyCommand(dir: string, pubkeyPath: string): Promise<AuditVerificationReport> {
  const publicKey = await readFile(pubkeyPath, 'utf8');
  const checkpoints = await readCheckpointNotes(dir);
  return verifyAuditLog({ entriesFile: join(dir, ENTRIES_FILE), checkpoints, publicKey });
}


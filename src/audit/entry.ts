/**
 * The stored entry and its line in the entries file:
 *
 *   {"index":<n>,"leaf":"<base64 of the leaf bytes>","prev":"<hex leaf hash of entry n-1>"}\n
 *
 * (canonical JSON: keys in this order, no whitespace). Entry 0 has prev = 64 zeros. `prev`
 * chains each entry to its predecessor so a dropped, duplicated, reordered or edited line is
 * detected by reading the file alone, before any checkpoint is consulted.
 */
import { decodeAuditEvent } from './event.ts';
import { AuditTamperError } from './errors.ts';
import { fromBase64, fromHex, hashEquals, HASH_SIZE, leafHash, toBase64, toHex } from './hash.ts';

export interface StoredEntry {
  index: number;
  /** The leaf bytes: canonical JSON of the AuditEvent. */
  leaf: Uint8Array;
  /** RFC 9162 leaf hash of the previous entry (32 zero bytes for entry 0). */
  prevHash: Uint8Array;
}

export const GENESIS_PREV_HASH: Uint8Array = new Uint8Array(HASH_SIZE);

export function formatEntryLine(entry: StoredEntry): string {
  return `{"index":${entry.index},"leaf":"${toBase64(entry.leaf)}","prev":"${toHex(entry.prevHash)}"}\n`;
}

/** Parses one line (without its newline). Throws AUDIT_ENTRY_MALFORMED unless exactly canonical. */
export function parseEntryLine(line: string, position: number): StoredEntry {
  return parseCanonicalLine(line) ?? parseEntryLineExplaining(line, position);
}

const LINE_HEAD = '{"index":';
const LINE_LEAF = ',"leaf":"';
const LINE_PREV = '","prev":"';
const LINE_TAIL = '"}';

/** 0-9 and a-f only (formatEntryLine writes lowercase hex); a loop beats a regex on 64 chars. */
function isLowerHex(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/**
 * The entry of a line that is exactly formatEntryLine's output, else undefined — read by position
 * against the fixed template instead of JSON.parse + re-format + compare (the same answer: every
 * part is checked to be the one spelling formatEntryLine would give it).
 */
function parseCanonicalLine(line: string): StoredEntry | undefined {
  if (!line.startsWith(LINE_HEAD)) return undefined;
  // The index: decimal without leading zeros, as `${index}` prints a safe integer.
  let at = LINE_HEAD.length;
  const digitsFrom = at;
  while (at < line.length && at - digitsFrom <= 16 && line.charCodeAt(at) >= 0x30 && line.charCodeAt(at) <= 0x39) at++;
  if (at === digitsFrom || (line.charCodeAt(digitsFrom) === 0x30 && at - digitsFrom > 1)) return undefined;
  const index = Number(line.slice(digitsFrom, at));
  if (!Number.isSafeInteger(index) || !line.startsWith(LINE_LEAF, at)) return undefined;
  at += LINE_LEAF.length;
  const leafEnd = line.indexOf('"', at);
  const prevAt = leafEnd + LINE_PREV.length;
  if (leafEnd < 0 || !line.startsWith(LINE_PREV, leafEnd) || line.length !== prevAt + 2 * HASH_SIZE + LINE_TAIL.length || !line.endsWith(LINE_TAIL)) return undefined;
  const prev = line.slice(prevAt, prevAt + 2 * HASH_SIZE);
  if (!isLowerHex(prev)) return undefined;
  const leaf = fromBase64(line.slice(at, leafEnd)); // canonical base64 only
  const prevHash = fromHex(prev);
  if (leaf === undefined || prevHash === undefined) return undefined;
  return { index, leaf, prevHash };
}

/** The general parse, for lines the template refuses: says what is wrong with them. */
function parseEntryLineExplaining(line: string, position: number): StoredEntry {
  const fail = (why: string): never => {
    throw new AuditTamperError('AUDIT_ENTRY_MALFORMED', position, `entry line ${position + 1}: ${why}`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    fail('not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null) return fail('not an object');
  const { index, leaf, prev } = parsed as Record<string, unknown>;
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) return fail('bad index');
  if (typeof leaf !== 'string' || typeof prev !== 'string') return fail('leaf and prev must be strings');
  const leafBytes = fromBase64(leaf);
  const prevHash = fromHex(prev);
  if (leafBytes === undefined || prevHash === undefined || prev !== prev.toLowerCase()) return fail('bad base64 leaf or hex prev');
  const entry = { index, leaf: leafBytes, prevHash };
  if (formatEntryLine(entry) !== `${line}\n`) fail('not in canonical form');
  return entry;
}

/**
 * Checks entries in order: index = position, prev = leaf hash of the previous entry, leaf is a
 * canonical AuditEvent. Returns each entry's leaf hash. Shared by the log on open (every store)
 * and by the offline verifier.
 */
export class EntryChainChecker {
  private expected = 0;
  private prev: Uint8Array = GENESIS_PREV_HASH;

  get count(): number {
    return this.expected;
  }

  check(entry: StoredEntry): Uint8Array {
    const at = this.expected;
    if (entry.index !== at) {
      throw new AuditTamperError('AUDIT_INDEX_MISMATCH', at, `entry ${at} carries index ${entry.index}`);
    }
    if (!hashEquals(entry.prevHash, this.prev)) {
      throw new AuditTamperError('AUDIT_CHAIN_BROKEN', at, `entry ${at}: prev hash is not the leaf hash of entry ${at - 1}`);
    }
    try {
      decodeAuditEvent(entry.leaf);
    } catch (cause) {
      throw new AuditTamperError('AUDIT_ENTRY_MALFORMED', at, `entry ${at}: leaf is not a canonical audit event`, { cause });
    }
    const hash = leafHash(entry.leaf);
    this.prev = hash;
    this.expected++;
    return hash;
  }

  /** Continue a chain after a checker-less append (the log's own writes). */
  advance(hash: Uint8Array): void {
    this.prev = hash;
    this.expected++;
  }
}

/**
 * The export bundle on disk (docs/audit.md "Export bundle"):
 *
 *   MANIFEST                                   what the bundle holds and the SHA-256 of every other file
 *   log.pub                                    the log's verifier key, as the exporter was given it
 *   witness-policy.txt                         copied from the log directory when it has one
 *   entries.jsonl                              entries [a, b), the log's own entry lines, byte for byte
 *   context.jsonl                              the legal context before a: {"index":i,"leaf":"<base64>"}
 *   checkpoints/<size>-<time>.checkpoint       every checkpoint up to the anchor, verbatim (cosignatures too)
 *   proofs/range.proof                         left and right compact-range frontiers of [a, b) in the anchor
 *   proofs/consistency/<m>-<n>.proof           RFC 9162 §2.1.4 proof between consecutive checkpoint sizes
 *   proofs/context/<index>.tlog-proof          C2SP tlog-proof of each context entry against the anchor
 *
 * A full export's entries.jsonl and checkpoints/ are exactly a log directory (directory.ts).
 * Every text here is strict: one spelling per content, so a changed byte is a format error or a
 * different value, never silently the same one.
 */
import { AuditError } from '../errors.ts';
import { fromBase64, HASH_SIZE, toBase64 } from '../hash.ts';

export const MANIFEST_FILE = 'MANIFEST';
export const LOG_KEY_FILE = 'log.pub';
export const WITNESS_POLICY_FILE_NAME = 'witness-policy.txt';
export const BUNDLE_ENTRIES_FILE = 'entries.jsonl';
export const CONTEXT_FILE = 'context.jsonl';
export const BUNDLE_CHECKPOINTS_DIR = 'checkpoints';
export const RANGE_PROOF_FILE = 'proofs/range.proof';
export const CONSISTENCY_DIR = 'proofs/consistency';
export const CONTEXT_PROOFS_DIR = 'proofs/context';

/**
 * Entry types an overseer's invariant checks need from before the range (issue 9 item 1):
 * approvals and warrants, the authorities' keys, and the tasks activated and ended.
 */
// Everything the law rules (src/audit/law) judge besides delivery batches: keys, warrants, task
// activations and stops, every audited X1 request and exchange (announcement, deactivation on each
// element, rogue-task removal), reconciliation findings and destruction of retained material.
export const CONTEXT_TYPE_PREFIXES: readonly string[] = ['keys.', 'warrant.', 'provisioning.', 'mdf.task-', 'x1.sending', 'x1.exchange', 'retention.'];

const MANIFEST_HEADER = 'warranted-audit-bundle v1';
const RANGE_PROOF_HEADER = 'warranted-audit-bundle/range-proof v1';
const CONSISTENCY_PROOF_HEADER = 'warranted-audit-bundle/consistency-proof v1';
const DECIMAL = '(0|[1-9]\\d{0,15})';
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

function malformed(file: string, message: string): never {
  throw new AuditError('AUDIT_BUNDLE_MALFORMED', `${file}: ${message}`, { details: { file } });
}

const pad12 = (n: number): string => String(n).padStart(12, '0');

export function consistencyProofFile(fromSize: number, toSize: number): string {
  return `${CONSISTENCY_DIR}/${pad12(fromSize)}-${pad12(toSize)}.proof`;
}

export function contextProofFile(index: number): string {
  return `${CONTEXT_PROOFS_DIR}/${pad12(index)}.tlog-proof`;
}

// ---------------------------------------------------------------------------------------------
// MANIFEST

export interface BundleManifest {
  /** Name and version of the tool that wrote the bundle (informational: nothing can prove it). */
  tool: string;
  origin: string;
  /** The period asked for (ISO 8601 UTC), or undefined for "from the start" / "to the end". */
  from: string | undefined;
  to: string | undefined;
  /** The entries of the range: indexes start <= i < end. */
  start: number;
  end: number;
  /** Size of the anchor checkpoint: the first one that covers `end`. */
  anchorSize: number;
  contextEntries: number;
  checkpoints: number;
  /** Every other file of the bundle, by path relative to it ('/'-separated): hex SHA-256. */
  files: Map<string, string>;
}

/**
 * Header lines, then one `<hex sha256>  <path>` line per file sorted by path — the digest lines
 * are what `sha256sum -c` reads, so an overseer can check them with a tool nobody here wrote.
 */
export function formatManifest(manifest: BundleManifest): string {
  const header = [
    MANIFEST_HEADER,
    `tool ${manifest.tool}`,
    `origin ${manifest.origin}`,
    `from ${manifest.from ?? '-'}`,
    `to ${manifest.to ?? '-'}`,
    `range ${manifest.start} ${manifest.end}`,
    `anchor ${manifest.anchorSize}`,
    `context ${manifest.contextEntries}`,
    `checkpoints ${manifest.checkpoints}`,
  ];
  const files = [...manifest.files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, digest]) => `${digest}  ${path}`);
  return `${[...header, ...files].join('\n')}\n`;
}

export function parseManifest(text: string): BundleManifest {
  const fail = (message: string): never => malformed(MANIFEST_FILE, message);
  if (!text.endsWith('\n')) fail('must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  const field = (name: string, pattern: string): string[] => {
    const match = new RegExp(`^${name} ${pattern}$`, 'u').exec(lines.shift() ?? '');
    if (match === null) fail(`missing or bad "${name}" line`);
    return match!.slice(1);
  };
  if (lines.shift() !== MANIFEST_HEADER) fail(`first line must be "${MANIFEST_HEADER}"`);
  const [tool] = field('tool', '([^\\p{Cc}]+)');
  const [origin] = field('origin', '([^\\s]+)');
  const time = (name: string): string | undefined => {
    const [value] = field(name, '(\\S+)');
    if (value === '-') return undefined;
    if (!ISO_UTC.test(value!) || Number.isNaN(Date.parse(value!))) fail(`"${name}" is not an ISO 8601 UTC time`);
    return value;
  };
  const from = time('from');
  const to = time('to');
  const [start, end] = field('range', `${DECIMAL} ${DECIMAL}`).map(Number) as [number, number];
  const [anchorSize] = field('anchor', DECIMAL).map(Number) as [number];
  const [contextEntries] = field('context', DECIMAL).map(Number) as [number];
  const [checkpoints] = field('checkpoints', DECIMAL).map(Number) as [number];
  if (start > end || end > anchorSize) fail(`range ${start}..${end} does not lie within the anchor's ${anchorSize} entries`);
  const files = new Map<string, string>();
  let previous = '';
  for (const line of lines) {
    const match = /^([0-9a-f]{64}) {2}([A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*)$/.exec(line);
    if (match === null || match[2]!.split('/').some((part) => part === '.' || part === '..')) fail(`bad file line "${line.slice(0, 120)}"`);
    const path = match![2]!;
    if (path <= previous) fail(`file lines must be sorted and unique (at ${path})`);
    previous = path;
    files.set(path, match![1]!);
  }
  return { tool: tool!, origin: origin!, from, to, start, end, anchorSize, contextEntries, checkpoints, files };
}

// ---------------------------------------------------------------------------------------------
// proofs/range.proof

export interface RangeProof {
  start: number;
  end: number;
  anchorSize: number;
  /** Compact range [0, start − 1), left to right (empty when start <= 1). */
  left: Uint8Array[];
  /** Compact range [end, anchorSize), left to right. */
  right: Uint8Array[];
}

export function formatRangeProof(proof: RangeProof): string {
  return `${[
    RANGE_PROOF_HEADER,
    `range ${proof.start} ${proof.end}`,
    `anchor ${proof.anchorSize}`,
    `left ${proof.left.length}`,
    ...proof.left.map(toBase64),
    `right ${proof.right.length}`,
    ...proof.right.map(toBase64),
  ].join('\n')}\n`;
}

export function parseRangeProof(text: string): RangeProof {
  const fail = (message: string): never => malformed(RANGE_PROOF_FILE, message);
  if (!text.endsWith('\n')) fail('must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  const numbers = (name: string, count: number): number[] => {
    const match = new RegExp(`^${name}${` ${DECIMAL}`.repeat(count)}$`).exec(lines.shift() ?? '');
    if (match === null) fail(`missing or bad "${name}" line`);
    return match!.slice(1).map(Number);
  };
  const hashes = (name: string): Uint8Array[] => {
    const [count] = numbers(name, 1) as [number];
    if (count > 128 || lines.length < count) fail(`"${name}" announces ${count} hashes; ${lines.length} lines follow`);
    return lines.splice(0, count).map((line) => {
      const hash = fromBase64(line);
      if (hash?.length !== HASH_SIZE) fail(`"${name}" holds a line that is not a base64 SHA-256 hash`);
      return hash!;
    });
  };
  if (lines.shift() !== RANGE_PROOF_HEADER) fail(`first line must be "${RANGE_PROOF_HEADER}"`);
  const [start, end] = numbers('range', 2) as [number, number];
  const [anchorSize] = numbers('anchor', 1) as [number];
  const left = hashes('left');
  const right = hashes('right');
  if (lines.length > 0) fail('lines after the right frontier');
  if (start >= end || end > anchorSize) fail(`range ${start}..${end} must be non-empty and within the anchor's ${anchorSize} entries`);
  return { start, end, anchorSize, left, right };
}

// ---------------------------------------------------------------------------------------------
// proofs/consistency/<m>-<n>.proof

export function formatConsistencyProof(fromSize: number, toSize: number, path: readonly Uint8Array[]): string {
  return `${[CONSISTENCY_PROOF_HEADER, `sizes ${fromSize} ${toSize}`, ...path.map(toBase64)].join('\n')}\n`;
}

export function parseConsistencyProof(file: string, text: string): { fromSize: number; toSize: number; path: Uint8Array[] } {
  const fail = (message: string): never => malformed(file, message);
  if (!text.endsWith('\n')) fail('must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.shift() !== CONSISTENCY_PROOF_HEADER) fail(`first line must be "${CONSISTENCY_PROOF_HEADER}"`);
  const sizes = new RegExp(`^sizes ${DECIMAL} ${DECIMAL}$`).exec(lines.shift() ?? '');
  if (sizes === null) fail('missing or bad "sizes" line');
  const path = lines.map((line) => {
    const hash = fromBase64(line);
    if (hash?.length !== HASH_SIZE) fail('a proof line is not a base64 SHA-256 hash');
    return hash!;
  });
  return { fromSize: Number(sizes![1]), toSize: Number(sizes![2]), path };
}

// ---------------------------------------------------------------------------------------------
// context.jsonl

export interface ContextEntry {
  index: number;
  leaf: Uint8Array;
}

export function formatContextLine(entry: ContextEntry): string {
  return `{"index":${entry.index},"leaf":"${toBase64(entry.leaf)}"}\n`;
}

/** One line without its newline; must be exactly as formatContextLine writes it. */
export function parseContextLine(line: string, position: number): ContextEntry {
  const fail = (why: string): never => malformed(CONTEXT_FILE, `line ${position + 1}: ${why}`);
  const match = /^\{"index":(0|[1-9]\d{0,15}),"leaf":"([A-Za-z0-9+/=]*)"\}$/.exec(line);
  if (match === null) fail('not {"index":<n>,"leaf":"<base64>"}');
  const leaf = fromBase64(match![2]!);
  if (leaf === undefined || leaf.length === 0) fail('leaf is not canonical base64');
  return { index: Number(match![1]), leaf: leaf! };
}

/** Does this entry type belong to the legal context (CONTEXT_TYPE_PREFIXES)? */
export function isContextType(type: string, prefixes: readonly string[] = CONTEXT_TYPE_PREFIXES): boolean {
  return prefixes.some((prefix) => type.startsWith(prefix));
}

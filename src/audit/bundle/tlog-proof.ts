/**
 * C2SP tlog-proof v1 (c2sp.org/tlog-proof): an offline-verifiable proof that one entry is in a
 * transparency log, as text:
 *
 *   c2sp.org/tlog-proof@v1
 *   [extra <base64 opaque data>]          ← optional, unauthenticated; this project writes none
 *   index <zero-based index, no leading zeroes>
 *   <base64 hash>                         ← RFC 9162 §2.1.3.1 PATH, leaf's sibling first, root's child last
 *   …
 *                                         ← empty line
 *   <the checkpoint, verbatim: body, blank line, signature and cosignature lines>
 *
 * The proof says nothing of the entry's bytes: the verifier hashes the entry it holds and checks
 * the path leads from that leaf hash to the checkpoint's root (RFC 9162 §2.1.3.2).
 */
import { AuditError } from '../errors.ts';
import { fromBase64, HASH_SIZE, toBase64 } from '../hash.ts';

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';
/** tlog-proof "Proofs SHOULD be stored with file extension .tlog-proof". */
export const TLOG_PROOF_SUFFIX = '.tlog-proof';

export interface TlogProof {
  index: number;
  /** The inclusion path, bottom-up. */
  path: Uint8Array[];
  /** The signed checkpoint note the path leads to, verbatim (with any cosignatures). */
  checkpoint: string;
  /** Opaque extra data (tlog-proof: "MUST NOT implicitly trust"). */
  extra?: Uint8Array;
}

function malformed(message: string): never {
  throw new AuditError('AUDIT_BUNDLE_MALFORMED', `tlog-proof: ${message}`);
}

export function formatTlogProof(proof: TlogProof): string {
  if (!Number.isSafeInteger(proof.index) || proof.index < 0) malformed('index must be a non-negative integer');
  if (proof.path.some((hash) => hash.length !== HASH_SIZE)) malformed(`path hashes must be ${HASH_SIZE} bytes`);
  const lines = [TLOG_PROOF_HEADER];
  if (proof.extra !== undefined) lines.push(`extra ${toBase64(proof.extra)}`);
  lines.push(`index ${proof.index}`, ...proof.path.map(toBase64));
  return `${lines.join('\n')}\n\n${proof.checkpoint}`;
}

/** Parses strictly; throws AUDIT_BUNDLE_MALFORMED. Does not verify anything. */
export function parseTlogProof(text: string): TlogProof {
  // The proof lines hold no empty line, so the first one ends them; the checkpoint follows.
  const split = text.indexOf('\n\n');
  if (split < 0) malformed('no empty line before the checkpoint');
  const lines = text.slice(0, split).split('\n');
  const checkpoint = text.slice(split + 2);
  if (lines.shift() !== TLOG_PROOF_HEADER) malformed(`first line must be ${TLOG_PROOF_HEADER}`);
  let extra: Uint8Array | undefined;
  if (lines[0]?.startsWith('extra ')) {
    extra = fromBase64(lines.shift()!.slice('extra '.length));
    if (extra === undefined) malformed('extra is not base64');
  }
  const indexLine = /^index (0|[1-9]\d{0,15})$/.exec(lines.shift() ?? '');
  if (indexLine === null || !Number.isSafeInteger(Number(indexLine[1]))) malformed('missing or bad index line');
  const path = lines.map((line, i) => {
    const hash = fromBase64(line);
    if (hash?.length !== HASH_SIZE) malformed(`proof line ${i + 1} is not a base64 SHA-256 hash`);
    return hash;
  });
  if (checkpoint.length === 0) malformed('no checkpoint after the proof');
  return { index: Number(indexLine[1]), path, checkpoint, ...(extra === undefined ? {} : { extra }) };
}

/**
 * The add-checkpoint request body (c2sp.org/tlog-witness §add-checkpoint):
 *
 *   old <size>\n                 decimal, no leading zeroes ("0" for zero)
 *   <base64 hash>\n              0..63 consistency proof lines (RFC 6962 §2.1.2 = RFC 9162 §2.1.4)
 *   \n
 *   <checkpoint note>            c2sp.org/tlog-checkpoint, one or more signature lines
 *
 * Pure: bytes in, fields out; every violation is a 400 (WITNESS_BAD_REQUEST) before any state is read.
 */
import { parseCheckpointBody, type Checkpoint } from '../audit/checkpoint.ts';
import { fromBase64, HASH_SIZE } from '../audit/hash.ts';
import { parseNote } from '../audit/note.ts';
import { WitnessRefusal } from './errors.ts';

/** "The client MUST NOT send more than 63 consistency proof lines" (tlog-witness §add-checkpoint). */
export const MAX_PROOF_LINES = 63;

export interface AddCheckpointRequest {
  oldSize: number;
  proof: Uint8Array[];
  /** The submitted checkpoint note, exactly as received (signatures included). */
  note: string;
  /** Its parsed body (unverified: the log's signature is checked against the configured key later). */
  checkpoint: Checkpoint;
  /** The lines before the checkpoint (old size and proof), kept as fork evidence. */
  head: string;
}

function bad(message: string): never {
  throw new WitnessRefusal(400, 'WITNESS_BAD_REQUEST', message);
}

export function parseAddCheckpointBody(bytes: Uint8Array): AddCheckpointRequest {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    bad('body is not UTF-8');
  }
  const split = text.indexOf('\n\n');
  if (split < 0) bad('body has no blank line between the old size / proof lines and the checkpoint');
  const head = text.slice(0, split + 1);
  const note = text.slice(split + 2);
  const [oldLine, ...proofLines] = head.slice(0, -1).split('\n') as [string, ...string[]];
  const old = /^old (0|[1-9]\d{0,15})$/.exec(oldLine);
  if (old === null || !Number.isSafeInteger(Number(old[1]))) bad('first line must be "old <size>" (decimal, no leading zeroes)');
  if (proofLines.length > MAX_PROOF_LINES) bad(`more than ${MAX_PROOF_LINES} consistency proof lines`);
  const proof = proofLines.map((line, i) => {
    const hash = fromBase64(line);
    if (hash?.length !== HASH_SIZE) bad(`proof line ${i + 1} is not a base64 SHA-256 hash`);
    return hash;
  });
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpointBody(parseNote(note).body);
  } catch (error) {
    bad(`checkpoint: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { oldSize: Number(old[1]), proof, note, checkpoint, head };
}

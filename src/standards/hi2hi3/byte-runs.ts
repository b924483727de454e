/**
 * Byte runs: encoded PDUs that lie back to back in one ArrayBuffer (the MDF's PS-PDU template
 * writes its records into shared slabs, template.ts) are one run of octets, so a hash update or a
 * socket write can take the run in one call instead of one per PDU.
 */

/**
 * The end (exclusive index) of the run starting at parts[from]: the parts after it that continue
 * it in the same ArrayBuffer with no gap.
 */
export function runEnd(parts: readonly Uint8Array[], from: number, to: number): number {
  const first = parts[from]!;
  let end = first.byteOffset + first.length;
  let j = from + 1;
  for (; j < to; j++) {
    const p = parts[j]!;
    if (p.buffer !== first.buffer || p.byteOffset !== end) break;
    end += p.length;
  }
  return j;
}

/** parts[from..to) as one view, when they form one run (the caller checked with runEnd). */
function runView(parts: readonly Uint8Array[], from: number, to: number): Uint8Array {
  const first = parts[from]!;
  if (to === from + 1) return first;
  const last = parts[to - 1]!;
  return new Uint8Array(first.buffer, first.byteOffset, last.byteOffset + last.length - first.byteOffset);
}

/** Calls `each` once per run of parts[from..to), in order. */
export function forEachRun(parts: readonly Uint8Array[], from: number, to: number, each: (run: Uint8Array) => void): void {
  let i = from;
  while (i < to) {
    const j = runEnd(parts, i, to);
    each(runView(parts, i, j));
    i = j;
  }
}

/**
 * The concatenation of parts[from..to) (`total` octets) for one socket write: a view of the parts'
 * own buffer when they are one run (no copy: the octets of an encoded PDU are never written again),
 * else one new buffer filled run by run.
 */
export function joinRuns(parts: readonly Uint8Array[], from: number, to: number, total: number): Uint8Array {
  if (from < to && runEnd(parts, from, to) === to) return runView(parts, from, to);
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  forEachRun(parts, from, to, (run) => {
    out.set(run, at);
    at += run.length;
  });
  return out;
}

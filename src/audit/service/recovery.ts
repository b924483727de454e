/**
 * Crash recovery of the entries file before openAuditDirectory re-verifies it.
 *
 * The file store writes a batch with positional writes and fdatasync's it before anyone is told
 * the batch is logged. A process killed inside that write (SIGKILL interrupts a multi-page write
 * between pages) leaves a prefix of the batch: whole lines, then one partial last line. Whole lines
 * are kept (they chain and verify like any other; their appenders were never acknowledged and
 * failed closed, so the log over-records, never under-records). The partial line was never
 * acknowledged and no checkpoint can cover it (checkpoints cover only confirmed batches), so cutting
 * it hides nothing an overseer holds: its bytes are kept in `<dir>/torn/` for inspection, and the
 * file is cut back to its last newline. Anything else wrong with the file is left for
 * openAuditDirectory to report as tampering.
 */
import { mkdir, open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ENTRIES_FILE } from '../directory.ts';

export interface TornTailRepair {
  /** Bytes of the partial last line that were cut (0: the file was whole). */
  cutBytes: number;
  /** Where the cut bytes were saved. */
  savedTo?: string;
}

const CHUNK = 64 * 1024;

export async function repairTornTail(dir: string, now: () => Date = () => new Date()): Promise<TornTailRepair> {
  const path = join(dir, ENTRIES_FILE);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return { cutBytes: 0 };
  }
  if (size === 0) return { cutBytes: 0 };
  const handle = await open(path, 'r+');
  try {
    const keep = await lengthUpToLastNewline(handle, size);
    if (keep === size) return { cutBytes: 0 };
    const torn = Buffer.alloc(size - keep);
    await handle.read(torn, 0, torn.length, keep);
    const folder = join(dir, 'torn');
    await mkdir(folder, { recursive: true });
    const savedTo = join(folder, `${String(keep).padStart(15, '0')}-${now().toISOString().replaceAll(':', '')}.partial`);
    const saved = await open(savedTo, 'wx');
    try {
      await saved.writeFile(torn);
      await saved.sync();
    } finally {
      await saved.close();
    }
    await handle.truncate(keep);
    await handle.sync();
    return { cutBytes: torn.length, savedTo };
  } finally {
    await handle.close();
  }
}

/** Length of the file up to and including its last newline (0 when there is none). */
async function lengthUpToLastNewline(handle: Awaited<ReturnType<typeof open>>, size: number): Promise<number> {
  let end = size;
  const buffer = Buffer.alloc(CHUNK);
  while (end > 0) {
    const start = Math.max(0, end - CHUNK);
    const { bytesRead } = await handle.read(buffer, 0, end - start, start);
    const newline = buffer.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (newline >= 0) return start + newline + 1;
    end = start;
  }
  return 0;
}

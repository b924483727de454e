/**
 * Durability helpers shared by the parts that write files a crash must not lose.
 * POSIX: a rename or a new file is durable only once the directory entry is, so the directory
 * itself is fsync'd after the rename.
 */
import { open } from 'node:fs/promises';

/** fsync of a directory (after a rename or create in it). */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** SHA-256 of every file of a bundle (the MANIFEST's digest lines), streamed: entries.jsonl may be large. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface FileDigest {
  /** Hex SHA-256. */
  digest: string;
  bytes: number;
}

export async function digestFile(path: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { digest: hash.digest('hex'), bytes };
}

/** Every file under `root` (directories walked, other kinds ignored), by '/'-separated relative path. */
export async function digestTree(root: string): Promise<Map<string, FileDigest>> {
  const out = new Map<string, FileDigest>();
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(join(root, relative), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) out.set(path, await digestFile(join(root, path)));
    }
  };
  await walk('');
  return out;
}

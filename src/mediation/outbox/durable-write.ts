/** The one write of a group commit, made durable: off the main thread (libuv's pool), then fdatasync. */
import { fdatasync, writev } from 'node:fs';

/** Writes `parts` (one chunk, `total` octets) at `offset` with one vectored write, continued after a short write (e.g. disk nearly full), then fdatasync. */
export async function writeDurably(fd: number, parts: Buffer[], offset: number, total: number): Promise<void> {
  let done = 0;
  let bufs = parts;
  while (done < total) {
    const n = await new Promise<number>((res, rej) => writev(fd, bufs, offset + done, (e, written) => (e ? rej(e) : res(written))));
    if (n <= 0) throw new Error(`short write at octet ${offset + done}`);
    done += n;
    if (done < total) bufs = [Buffer.concat(parts).subarray(done)];
  }
  // fdatasync: the data and the file size (all a reader needs), not the modification time.
  await new Promise<void>((res, rej) => fdatasync(fd, (e) => (e ? rej(e) : res())));
}

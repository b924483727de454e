/** Streams a text file line by line (strict UTF-8), so neither export nor verify holds a log in memory. */
import { createReadStream } from 'node:fs';

export interface TextLine {
  text: string;
  /** False only for a last line with no newline after it (a torn write, a cut file, an append in progress). */
  terminated: boolean;
}

/** Yields every line without its newline; throws on bytes that are not UTF-8. */
export async function* readLines(path: string): AsyncGenerator<TextLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const text = pending + decoder.decode(chunk as Buffer, { stream: true });
    let from = 0;
    let newline: number;
    while ((newline = text.indexOf('\n', from)) >= 0) {
      yield { text: text.slice(from, newline), terminated: true };
      from = newline + 1;
    }
    pending = text.slice(from);
  }
  pending += decoder.decode();
  if (pending.length > 0) yield { text: pending, terminated: false };
}

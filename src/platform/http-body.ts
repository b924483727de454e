/**
 * Reading a request body with a size limit: a body declared or found larger than `max` octets is
 * refused with the caller's error, the rest of it is not read, and the connection is closed once
 * the refusal is sent (it cannot be reused with an unread body on it).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export async function readBoundedBody(req: IncomingMessage, res: ServerResponse, max: number, refusal: () => Error): Promise<Buffer> {
  const tooLarge = (): Error => {
    res.setHeader('connection', 'close');
    res.once('finish', () => req.socket.destroy());
    return refusal();
  };
  if (Number(req.headers['content-length'] ?? 0) > max) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

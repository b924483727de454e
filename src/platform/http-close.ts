/**
 * Closing an HTTPS server without cutting off what it already accepted: stop listening, drop idle
 * connections, let requests in flight finish (they may be making something durable), but wait for
 * a slow client at most `graceMs`, then close every connection.
 */
import type { Server } from 'node:https';

export async function closeGracefully(server: Server, inFlight: Iterable<Promise<unknown>>, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let grace: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled([...inFlight]), new Promise((resolve) => (grace = setTimeout(resolve, graceMs)))]);
  clearTimeout(grace);
  server.closeAllConnections();
  await closed;
}

/**
 * What the console shows of warrants (console-shared.md "Warrants"): `GET /api/warrants` (the
 * user's assigned LIIDs), `GET /api/warrants/:liid` (one, with the evidence-integrity panel) and
 * `GET /api/events`, server-sent `records` events for the LIIDs the user is assigned at the moment
 * each event is sent (an assignment removed stops the stream's events for it at once).
 */
import type { ConsoleAccessLog } from '../access-log/access-log.ts';
import type { RecordsNotification } from '../store/types.ts';
import type { UserStore } from '../users/user-store.ts';
import type { WarrantCatalog } from '../warrants/catalog.ts';
import type { ServerRoute } from './types.ts';

export interface WarrantRouteDeps {
  catalog: WarrantCatalog;
  accessLog: ConsoleAccessLog;
  users: UserStore;
  subscribe?: (cb: (n: RecordsNotification) => void) => () => void;
  /** Comment lines keep proxies from closing an idle stream (default 15 s). */
  heartbeatMs?: number;
}

export function warrantRoutes(d: WarrantRouteDeps): ServerRoute[] {
  return [
    {
      method: 'GET',
      path: '/api/warrants',
      auth: 'session',
      scope: 'user',
      handle: async ({ liids }) => ({ status: 200, json: await d.catalog.list(liids) }),
    },
    {
      method: 'GET',
      path: '/api/warrants/:liid',
      auth: 'session',
      scope: 'liid',
      handle: async ({ params }) => {
        const liid = params.liid!;
        return { status: 200, json: { ...(await d.catalog.view(liid)), integrity: d.catalog.integrity(liid) }, access: [{ liid, what: 'warrant' }] };
      },
    },
    {
      method: 'GET',
      path: '/api/events',
      auth: 'session',
      scope: 'user',
      handle: ({ req, res, user }) => {
        res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': warranted console events\n\n');
        const name = user!.name;
        const unsubscribe = d.subscribe?.((n) => {
          const u = d.users.get(name);
          if (!u || !u.liids.includes(n.liid) || d.catalog.ended(n.liid)) return;
          res.write(`event: records\ndata: ${JSON.stringify({ liid: n.liid, count: n.count, kinds: n.kinds })}\n\n`);
        });
        const beat = setInterval(() => res.write(': keepalive\n\n'), d.heartbeatMs ?? 15_000);
        beat.unref();
        const end = () => {
          clearInterval(beat);
          unsubscribe?.();
        };
        req.socket.once('close', end);
        res.once('close', end);
        return Promise.resolve({ streamed: true });
      },
    },
  ];
}

/**
 * People and rights (supervisor) and the access log (auditor, supervisor): console-shared.md
 * "Users" and "Access log". Every change is checked, then appended to the access log, then applied
 * (as the system's key registry does): a change the log does not hold cannot happen; a change that
 * then fails to apply is followed by a `console.change-failed` entry.
 */
import type { ConsoleAccessLog } from '../access-log/access-log.ts';
import { ConsoleError } from '../errors.ts';
import type { SessionStore } from '../users/sessions.ts';
import { checkLiids, checkOrders, checkPassword, checkRole, checkUserName, type UserStore } from '../users/user-store.ts';
import type { ServerRoute } from './types.ts';

export interface AdminRouteDeps {
  users: UserStore;
  sessions: SessionStore;
  accessLog: ConsoleAccessLog;
}

const MAX_LOG_PAGE = 1000;

function intParam(q: URLSearchParams, name: string, fallback: number, max: number): number {
  const v = q.get(name);
  if (v === null) return fallback;
  if (!/^\d{1,10}$/.test(v) || Number(v) > max) throw new ConsoleError('CONSOLE_BAD_REQUEST', `${name} must be an integer 0..${max}`);
  return Number(v);
}

/** Applies a logged change; if it fails, says so in the log too (best effort) and rethrows. */
async function applied<T>(d: AdminRouteDeps, actor: string, subject: string, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (e) {
    await d.accessLog.record({ type: 'console.change-failed', actor, subject, details: { user: subject, reason: e instanceof ConsoleError ? e.code : 'write failed' } }).catch(() => undefined);
    throw e;
  }
}

export function adminRoutes(d: AdminRouteDeps): ServerRoute[] {
  const supervisor = ['supervisor'] as const;
  const by = (name: string) => `console:${name}`;
  return [
    {
      method: 'GET',
      path: '/api/users',
      auth: 'session',
      scope: 'user',
      roles: supervisor,
      handle: () => Promise.resolve({ status: 200, json: { users: d.users.list() } }),
    },
    {
      method: 'POST',
      path: '/api/users',
      auth: 'session',
      scope: 'user',
      roles: supervisor,
      async handle({ body, user }) {
        const b = (body ?? {}) as Record<string, unknown>;
        const name = checkUserName(b.name);
        const role = checkRole(b.role);
        const password = checkPassword(b.password);
        const liids = b.liids === undefined ? [] : checkLiids(b.liids);
        if (d.users.get(name)) throw new ConsoleError('CONSOLE_CONFLICT', 'a user of that name exists');
        await d.accessLog.record({ type: 'console.user-added', actor: by(user!.name), subject: name, details: { user: name, role, liids } });
        await applied(d, by(user!.name), name, () => d.users.add(name, role, password, liids));
        return { status: 201, json: { user: { name, role, liids, locked: false } } };
      },
    },
    {
      method: 'POST',
      path: '/api/users/:name/assignments',
      auth: 'session',
      scope: 'user',
      roles: supervisor,
      async handle({ body, params, user }) {
        const name = checkUserName(params.name);
        const liids = checkLiids((body as { liids?: unknown } | undefined)?.liids);
        const existing = d.users.get(name);
        if (!existing) throw new ConsoleError('CONSOLE_NOT_FOUND', 'no such user');
        await d.accessLog.record({ type: 'console.assignment-changed', actor: by(user!.name), subject: name, details: { user: name, before: [...existing.liids], after: liids } });
        const u = await applied(d, by(user!.name), name, () => d.users.assign(name, liids));
        return { status: 200, json: { user: { name: u.name, role: u.role, liids: u.liids } } };
      },
    },
    {
      // Retained data: the production orders a user may ask under and read (docs/console.md "Retained data").
      method: 'POST',
      path: '/api/users/:name/orders',
      auth: 'session',
      scope: 'user',
      roles: supervisor,
      async handle({ body, params, user }) {
        const name = checkUserName(params.name);
        const orders = checkOrders((body as { orders?: unknown } | undefined)?.orders);
        const existing = d.users.get(name);
        if (!existing) throw new ConsoleError('CONSOLE_NOT_FOUND', 'no such user');
        await d.accessLog.record({ type: 'console.order-assignment-changed', actor: by(user!.name), subject: name, details: { user: name, before: [...(existing.orders ?? [])], after: orders } });
        const u = await applied(d, by(user!.name), name, () => d.users.assignOrders(name, orders));
        return { status: 200, json: { user: { name: u.name, role: u.role, orders: u.orders ?? [] } } };
      },
    },
    {
      method: 'POST',
      path: '/api/users/:name/unlock',
      auth: 'session',
      scope: 'user',
      roles: supervisor,
      async handle({ params, user }) {
        const name = checkUserName(params.name);
        if (!d.users.get(name)) throw new ConsoleError('CONSOLE_NOT_FOUND', 'no such user');
        await d.accessLog.record({ type: 'console.unlocked', actor: by(user!.name), subject: name, details: { user: name } });
        await applied(d, by(user!.name), name, () => d.users.unlock(name));
        return { status: 200, json: { user: { name, locked: false } } };
      },
    },
    {
      method: 'GET',
      path: '/api/access-log',
      auth: 'session',
      scope: 'user',
      roles: ['auditor', 'supervisor'],
      async handle({ query, user }) {
        const size = d.accessLog.size;
        const limit = intParam(query, 'limit', 100, MAX_LOG_PAGE);
        const from = intParam(query, 'from', Math.max(0, size - limit), Number.MAX_SAFE_INTEGER);
        // Reading the log is itself on the record (who looked at whose looks).
        await d.accessLog.record({ type: 'console.access-log-read', actor: by(user!.name), details: { user: user!.name, from, limit } });
        const entries = await d.accessLog.entries(from, Math.min(size, from + limit));
        return { status: 200, json: { size, from, entries, checkpoint: await d.accessLog.latestCheckpoint() } };
      },
    },
  ];
}

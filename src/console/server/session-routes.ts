/**
 * `POST /api/login`, `POST /api/logout`, `GET /api/me` (console-shared.md "Session"). Every login,
 * failed login, lock-out and logout is in the access log before the answer leaves.
 */
import type { ConsoleAccessLog } from '../access-log/access-log.ts';
import { ConsoleError } from '../errors.ts';
import { ABSOLUTE_MS, SESSION_COOKIE, type SessionStore } from '../users/sessions.ts';
import { MAX_PASSWORD_LENGTH } from '../users/passwords.ts';
import { checkUserName, MAX_FAILURES, type UserStore } from '../users/user-store.ts';
import { sessionCookie } from './http.ts';
import type { ServerRoute } from './types.ts';

export interface SessionRouteDeps {
  users: UserStore;
  sessions: SessionStore;
  accessLog: ConsoleAccessLog;
}

export function sessionRoutes(d: SessionRouteDeps): ServerRoute[] {
  return [
    {
      method: 'POST',
      path: '/api/login',
      auth: 'none',
      scope: 'user',
      async handle({ body, sessionId }) {
        const b = (body ?? {}) as { name?: unknown; password?: unknown };
        const name = checkUserName(b.name);
        if (typeof b.password !== 'string' || b.password.length === 0 || b.password.length > MAX_PASSWORD_LENGTH) throw new ConsoleError('CONSOLE_BAD_REQUEST', 'password missing or too long');
        const outcome = await d.users.login(name, b.password);
        const actor = `console:${name}`;
        if (!outcome.ok) {
          if (outcome.reason === 'locked') {
            await d.accessLog.record({ type: 'console.login-refused', actor, details: { user: name, reason: 'locked' } });
            throw new ConsoleError('CONSOLE_LOCKED', 'account locked after repeated failed logins; ask a supervisor');
          }
          await d.accessLog.record({ type: 'console.login-failed', actor, details: { user: name } });
          if (outcome.lockedNow) {
            d.sessions.endSessionsOf(name);
            await d.accessLog.record({ type: 'console.locked', actor: 'console', subject: name, details: { user: name, failures: MAX_FAILURES } });
          }
          throw new ConsoleError('CONSOLE_UNAUTHENTICATED', 'wrong name or password');
        }
        const user = { name: outcome.user.name, role: outcome.user.role };
        await d.accessLog.record({ type: 'console.login', actor, details: { user: user.name, role: user.role } });
        d.sessions.delete(sessionId);
        const { id, session } = d.sessions.create(user);
        return { status: 200, json: { user, csrf: session.csrf }, headers: { 'set-cookie': sessionCookie(SESSION_COOKIE, id, ABSOLUTE_MS / 1000) } };
      },
    },
    {
      method: 'POST',
      path: '/api/logout',
      auth: 'session',
      scope: 'user',
      async handle({ sessionId, user }) {
        d.sessions.delete(sessionId);
        await d.accessLog.record({ type: 'console.logout', actor: `console:${user!.name}`, details: { user: user!.name } });
        return { status: 200, json: { ok: true }, headers: { 'set-cookie': sessionCookie(SESSION_COOKIE, '', 0) } };
      },
    },
    {
      method: 'GET',
      path: '/api/me',
      auth: 'session',
      scope: 'user',
      handle: ({ user, session, liids }) => Promise.resolve({ status: 200, json: { user, csrf: session!.csrf, liids } }),
    },
  ];
}

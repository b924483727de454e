/** What the console server's own routes (session, users, warrants, access log, events) work with. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessRecord, ConsoleRole, ConsoleUser } from '../api/contract.ts';
import type { Session } from '../users/sessions.ts';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** The session id from the cookie (login and logout replace or end it). */
  sessionId: string | undefined;
  session: Session | undefined;
  /** The session's user with the role the user store holds now. */
  user: ConsoleUser | undefined;
  /** LIIDs the user is assigned now. */
  liids: readonly string[];
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  body: unknown;
}

export type Reply =
  | { status: number; json: unknown; headers?: Record<string, string | string[]>; access?: readonly AccessRecord[] }
  | { status: 200; bytes: Uint8Array; contentType: string; fileName?: string; access?: readonly AccessRecord[] }
  /** The route wrote the response itself (server-sent events). */
  | { streamed: true };

export interface ServerRoute {
  method: 'GET' | 'POST';
  path: string;
  /** `none`: no session needed (login). */
  auth: 'none' | 'session';
  /** `liid`: the :liid parameter is checked for assignment (403) and retention (410) first. */
  scope: 'liid' | 'user';
  roles?: readonly ConsoleRole[];
  handle(ctx: RouteContext): Promise<Reply>;
}

/**
 * The seam between the console's HTTPS server (src/console/server: sessions, rights, access log) and
 * its data handlers (src/console/api: queries over the LEMF's query store). A handler sees only what
 * the server has already decided: who asks, which warrants they may see, and the parsed request; it
 * returns JSON (or bytes) and says what the caller saw, so the server can put every look on the record
 * (issue 10: "each view of content, playback, search and export is appended to a Merkle log").
 */

export type ConsoleRole = 'analyst' | 'supervisor' | 'auditor';

export interface ConsoleUser {
  name: string;
  role: ConsoleRole;
}

/** What a handler is given: the server has authenticated the user and checked the LIID (if any). */
export interface ApiRequest {
  user: ConsoleUser;
  /** Every LIID this user is assigned (search and contacts are limited to these). */
  liids: readonly string[];
  /** Path parameters, e.g. { liid, cin, id } — raw strings, the handler validates their form. */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** Parsed JSON body of POST requests (size-limited by the server), else undefined. */
  body?: unknown;
}

/** One look at intercepted material, named for the access log (who is added by the server). */
export interface AccessRecord {
  liid: string;
  /** e.g. `timeline kind=sms`, `call-audio cin=7 fromTarget`, `search "foo"`, `export pcap`. */
  what: string;
  /** Record ids shown, when few enough to name (the log keeps a digest otherwise). */
  records?: readonly number[];
}

export type ApiResponse =
  | { status: 200 | 201; json: unknown; access?: readonly AccessRecord[] }
  | { status: 200; bytes: Uint8Array; contentType: string; fileName?: string; access?: readonly AccessRecord[] };

export type ApiHandler = (req: ApiRequest) => Promise<ApiResponse>;

/** A route the server mounts: `GET /api/warrants/:liid/timeline` etc. */
export interface ApiRoute {
  method: 'GET' | 'POST';
  /** Path pattern with `:name` parameters. */
  path: string;
  /** `liid` (default when the path has :liid): the server checks assignment (403) and retention (410) first. */
  scope: 'liid' | 'user';
  /** Roles allowed; absent: every role. */
  roles?: readonly ConsoleRole[];
  handler: ApiHandler;
}

/**
 * The UI's only way to the server: same-origin `fetch` of the console API. Every POST carries the
 * session's CSRF token (`x-csrf-token`, console-shared.md "Session"); the browser adds Origin and
 * the HttpOnly session cookie itself. An error answer becomes an ApiError with the server's code.
 */
let csrf = '';
let onUnauthenticated: () => void = () => undefined;

export function setCsrf(token: string): void {
  csrf = token;
}

/** Called on any 401 (the session ended or expired): the app goes back to the login page. */
export function setOnUnauthenticated(f: () => void): void {
  onUnauthenticated = f;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method === 'POST') {
    headers['x-csrf-token'] = csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
  }
  const res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (res.ok) return res;
  let code = 'HTTP_' + String(res.status);
  let message = res.statusText;
  try {
    const j = (await res.json()) as { error?: { code?: string; message?: string } };
    code = j.error?.code ?? code;
    message = j.error?.message ?? message;
  } catch {
    // not JSON: keep the status line
  }
  if (res.status === 401 && path !== '/api/login' && path !== '/api/me') onUnauthenticated();
  throw new ApiError(res.status, code, message);
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await send('GET', path)).json()) as T;
}

export async function postJson<T>(path: string, body?: unknown): Promise<T> {
  return (await (await send('POST', path, body ?? {})).json()) as T;
}

/** Bytes of a file answer (audio, exports), with the name the server gave it. */
export async function getBlob(path: string): Promise<{ blob: Blob; fileName?: string }> {
  const res = await send('GET', path);
  const m = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '');
  return { blob: await res.blob(), ...(m?.[1] ? { fileName: m[1] } : {}) };
}

/** `/api/warrants/<liid>/<rest>` with the LIID escaped. */
export function warrantPath(liid: string, rest = ''): string {
  return `/api/warrants/${encodeURIComponent(liid)}${rest ? '/' + rest : ''}`;
}

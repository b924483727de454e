import { ApiError } from '../api.ts';

/** What an error answer means for the person looking (console-shared.md: 403, 410 said plainly). */
export function explain(e: ApiError): string {
  switch (e.status) {
    case 401:
      return 'Not logged in: your session ended. Log in again.';
    case 403:
      if (e.code === 'CONSOLE_FORBIDDEN' && /role/.test(e.message)) return 'Forbidden: your role may not do this.';
      // A retained-data request the order does not cover (rd-routes.ts): say which.
      if (e.code === 'CONSOLE_FORBIDDEN' && /order/.test(e.message)) return `Forbidden: ${e.message}.`;
      return 'Not assigned: this warrant is not assigned to you.';
    case 404:
      return 'Not found.';
    case 410:
      return "Destroyed at retention end: this warrant's material was destroyed and can no longer be read.";
    case 423:
      return 'Account locked after repeated failed logins; ask a supervisor to unlock it.';
    case 503:
      return 'The access log could not record this look, so nothing is shown.';
    default:
      return e.message || 'The request failed.';
  }
}

export function ErrorNotice({ error }: { error: ApiError }) {
  return (
    <div role="alert" className="error" data-status={error.status} data-code={error.code}>
      <strong>{explain(error)}</strong>
      {error.status !== 403 && error.status !== 410 && error.status !== 401 ? <span className="detail"> ({error.code})</span> : null}
    </div>
  );
}

/** Auditor / supervisor: the LEMF's access log (`GET /api/access-log`), newest page, with its latest signed checkpoint. */
import { useState } from 'react';
import type { AccessLogPage as Page } from '../types.ts';
import { useApi } from '../components/useApi.ts';
import { Loading } from '../components/Loading.tsx';

const PAGE = 100;

/** An entry is `{ index, event: AuditEvent, leafHash }`; the event's fields are what is shown. */
function field(entry: unknown, k: string): string {
  const o = entry && typeof entry === 'object' ? (entry as Record<string, unknown>) : {};
  const e = o.event && typeof o.event === 'object' ? (o.event as Record<string, unknown>) : o;
  const v = e[k];
  if (v === undefined || v === null) return '';
  return typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
}

export function AccessLogPage() {
  const [from, setFrom] = useState<number | undefined>(undefined);
  const [loaded] = useApi<Page>(`/api/access-log?limit=${PAGE}${from === undefined ? '' : `&from=${from}`}`);
  return (
    <section aria-labelledby="log-h">
      <h1 id="log-h">Access log</h1>
      <Loading loaded={loaded}>
        {(p) => (
          <>
            <p role="status">
              {p.size} entries; showing {p.from}–{p.from + p.entries.length - 1}.
            </p>
            <table aria-label="Access log">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Time</th>
                  <th scope="col">Type</th>
                  <th scope="col">Who</th>
                  <th scope="col">Warrant</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {p.entries.map((e, i) => (
                  <tr key={p.from + i}>
                    <td>{p.from + i}</td>
                    <td>{field(e, 'at')}</td>
                    <td>{field(e, 'type')}</td>
                    <td>{field(e, 'actor')}</td>
                    <td>{field(e, 'subject')}</td>
                    <td>
                      <code>{field(e, 'details')}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="pager">
              <button type="button" disabled={p.from === 0} onClick={() => setFrom(Math.max(0, p.from - PAGE))}>
                Older entries
              </button>
              <button type="button" disabled={p.from + p.entries.length >= p.size} onClick={() => setFrom(p.from + PAGE)}>
                Newer entries
              </button>
            </div>
            <h2>Latest checkpoint</h2>
            <pre aria-label="Latest checkpoint">{typeof p.checkpoint === 'string' ? p.checkpoint : JSON.stringify(p.checkpoint ?? null, null, 2)}</pre>
          </>
        )}
      </Loading>
    </section>
  );
}

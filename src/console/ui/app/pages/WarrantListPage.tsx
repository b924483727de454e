/**
 * The user's warrants (`GET /api/warrants`), kept live by the server-sent `records` events of
 * `GET /api/events`: each event adds to the counts shown and marks the row as just updated.
 */
import { useEffect, useState } from 'react';
import type { Warrant } from '../types.ts';
import { useApi } from '../components/useApi.ts';
import { Loading } from '../components/Loading.tsx';
import { Link } from '../components/Link.tsx';
import { when } from '../format.ts';

interface RecordsEvent {
  liid: string;
  count: number;
  kinds: Record<string, number>;
}

export function countsText(counts: Record<string, number>): string {
  const parts = Object.entries(counts).filter(([, n]) => n > 0);
  return parts.length === 0 ? 'none' : parts.map(([k, n]) => `${k}: ${n}`).join(', ');
}

export function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

export function WarrantListPage() {
  const [loaded] = useApi<Warrant[]>('/api/warrants');
  const [live, setLive] = useState<Record<string, Record<string, number>>>({});
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    const es = new EventSource('/api/events');
    es.onopen = () => setConnected(true);
    es.onerror = () => setConnected(false);
    es.addEventListener('records', (ev: MessageEvent<string>) => {
      const n = JSON.parse(ev.data) as RecordsEvent;
      setLive((prev) => {
        const cur = { ...(prev[n.liid] ?? {}) };
        for (const [k, v] of Object.entries(n.kinds)) cur[k] = (cur[k] ?? 0) + v;
        return { ...prev, [n.liid]: cur };
      });
    });
    return () => es.close();
  }, []);

  return (
    <section aria-labelledby="warrants-h">
      <h1 id="warrants-h">Warrants</h1>
      <p className="live" role="status" data-connected={connected}>
        {connected ? 'Live: new records appear as they arrive.' : 'Not live (reconnecting).'}
      </p>
      <Loading loaded={loaded}>
        {(warrants) =>
          warrants.length === 0 ? (
            <p>No warrant is assigned to you.</p>
          ) : (
            <table aria-label="Your warrants">
              <thead>
                <tr>
                  <th scope="col">LIID</th>
                  <th scope="col">Status</th>
                  <th scope="col">Window</th>
                  <th scope="col">Scope</th>
                  <th scope="col">Records</th>
                </tr>
              </thead>
              <tbody>
                {warrants.map((w) => {
                  const counts = merge(w.counts, live[w.liid]);
                  return (
                    <tr key={w.liid} data-liid={w.liid} className={live[w.liid] ? 'updated' : undefined}>
                      <th scope="row">
                        <Link to={`/warrants/${encodeURIComponent(w.liid)}`}>{w.liid}</Link>
                      </th>
                      <td>{w.destroyed ? 'destroyed at retention end' : w.status}</td>
                      <td>{w.window ? `${when(w.window.start)} – ${when(w.window.end)}` : '—'}</td>
                      <td>
                        {w.scope.targets.join(', ') || '—'}
                        <br />
                        <small>
                          {w.scope.services.join(', ') || 'services: —'}; {w.scope.content ? 'IRI and content' : 'IRI only'}
                        </small>
                      </td>
                      <td data-total={total(counts)}>
                        <strong>{total(counts)}</strong> <small>{countsText(counts)}</small>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )
        }
      </Loading>
    </section>
  );
}

function merge(a: Record<string, number>, b: Record<string, number> | undefined): Record<string, number> {
  if (!b) return a;
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** DNS names, TLS SNI, HTTP hosts and per-session volumes (`GET …/browsing`). */
import type { Browsing, BrowsingItem } from '../types.ts';
import { warrantPath } from '../api.ts';
import { useApi } from '../components/useApi.ts';
import { Loading } from '../components/Loading.tsx';
import { WITHHELD } from '../components/describe.ts';
import { bytes, when } from '../format.ts';

function Items({ label, items }: { label: string; items: BrowsingItem[] }) {
  return (
    <>
      <h3>{label}</h3>
      {items.length === 0 ? (
        <p>None.</p>
      ) : (
        <table aria-label={label}>
          <thead>
            <tr>
              <th scope="col">Time (UTC)</th>
              <th scope="col">Name</th>
              <th scope="col">From → to</th>
              <th scope="col">CIN</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id}>
                <td>{when(i.at)}</td>
                <td>{i.privileged && !i.name ? WITHHELD : `${i.method ? i.method + ' ' : ''}${i.name}${i.path ?? ''}`}</td>
                <td>{i.src ? `${i.src} → ${i.dst ?? '?'}` : '—'}</td>
                <td>{i.cin ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function BrowsingTab({ liid }: { liid: string }) {
  const [loaded] = useApi<Browsing>(warrantPath(liid, 'browsing'));
  return (
    <section aria-labelledby="browsing-h">
      <h2 id="browsing-h">Browsing</h2>
      <Loading loaded={loaded}>
        {(b) => (
          <>
            <Items label="DNS queries" items={b.dns} />
            <Items label="TLS server names (SNI)" items={b.sni} />
            <Items label="HTTP hosts" items={b.http} />
            <h3>Data sessions</h3>
            <table aria-label="Data sessions">
              <thead>
                <tr>
                  <th scope="col">CIN</th>
                  <th scope="col">Up</th>
                  <th scope="col">Down</th>
                  <th scope="col">First</th>
                  <th scope="col">Last</th>
                </tr>
              </thead>
              <tbody>
                {b.sessions.map((s) => (
                  <tr key={String(s.cin)}>
                    <td>{s.cin ?? '—'}</td>
                    <td>{bytes(s.bytesUp)}</td>
                    <td>{bytes(s.bytesDown)}</td>
                    <td>{when(s.firstAt)}</td>
                    <td>{when(s.lastAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Loading>
    </section>
  );
}

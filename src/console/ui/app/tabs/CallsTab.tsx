/**
 * The warrant's calls (`GET …/calls`): participants, answered, duration, RTP and video streams; a
 * selected call (`…/calls/:cin`) shows its SIP ladder and a real `<audio controls>` per direction,
 * fed by the server's WAV of the call's G.711 RTP (each playback on the access log).
 */
import type { Call } from '../types.ts';
import { warrantPath } from '../api.ts';
import { useApi } from '../components/useApi.ts';
import { Loading } from '../components/Loading.tsx';
import { Link } from '../components/Link.tsx';
import { seconds, when } from '../format.ts';
import { CallDetail } from './CallDetail.tsx';

export function CallsTab({ liid, selected }: { liid: string; selected: string | undefined }) {
  const [loaded] = useApi<Call[]>(warrantPath(liid, 'calls'));
  const base = `/warrants/${encodeURIComponent(liid)}/calls`;
  return (
    <section aria-labelledby="calls-h">
      <h2 id="calls-h">Calls</h2>
      <Loading loaded={loaded}>
        {(calls) =>
          calls.length === 0 ? (
            <p>No calls.</p>
          ) : (
            <table aria-label="Calls">
              <thead>
                <tr>
                  <th scope="col">CIN</th>
                  <th scope="col">Started (UTC)</th>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col">Answered</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Video streams</th>
                </tr>
              </thead>
              <tbody>
                {calls.map((c) => (
                  <tr key={String(c.cin)} data-cin={c.cin ?? ''} aria-selected={String(c.cin) === selected}>
                    <th scope="row">{c.cin === null ? '—' : <Link to={`${base}/${c.cin}`}>{`Call ${c.cin}`}</Link>}</th>
                    <td>{when(c.firstAt)}</td>
                    <td>{c.from ?? '—'}</td>
                    <td>{c.to ?? '—'}</td>
                    <td>{c.answered ? 'answered' : 'not answered'}</td>
                    <td data-seconds={c.durationSeconds}>{seconds(c.durationSeconds)}</td>
                    <td>{c.videoStreams?.length ?? 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loading>
      {selected ? <CallDetail liid={liid} cin={selected} /> : <p>Choose a call to see its SIP ladder and play it.</p>}
    </section>
  );
}

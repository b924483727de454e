import type { Call } from '../types.ts';
import { warrantPath } from '../api.ts';
import { useApi } from '../components/useApi.ts';
import { Loading } from '../components/Loading.tsx';
import { seconds, when } from '../format.ts';

const DIRECTIONS: readonly { id: string; label: string }[] = [
  { id: 'fromTarget', label: 'Audio from the target' },
  { id: 'toTarget', label: 'Audio to the target' },
  { id: 'mixed', label: 'Both directions mixed' },
];

export function CallDetail({ liid, cin }: { liid: string; cin: string }) {
  const [loaded] = useApi<Call>(warrantPath(liid, `calls/${encodeURIComponent(cin)}`));
  return (
    <Loading loaded={loaded}>
      {(c) => (
        <section aria-labelledby="call-h" className="call">
          <h3 id="call-h">Call {cin}</h3>
          <p>
            {c.from ?? '?'} → {c.to ?? '?'}; {c.answered ? `answered, ${seconds(c.durationSeconds)}` : 'not answered'}
            {c.privileged ? '; privileged — content withheld' : ''}
          </p>
          {c.privileged ? null : (
            <div className="players">
              {DIRECTIONS.map((d) => (
                <figure key={d.id}>
                  <figcaption id={`audio-${d.id}`}>{d.label}</figcaption>
                  <audio controls preload="metadata" aria-labelledby={`audio-${d.id}`} data-direction={d.id} src={`${warrantPath(liid, `calls/${encodeURIComponent(cin)}/audio.wav`)}?direction=${d.id}`} />
                </figure>
              ))}
            </div>
          )}
          <h4>SIP ladder</h4>
          <ol aria-label="SIP ladder" className="ladder">
            {(c.ladder ?? []).map((s) => (
              <li key={s.id}>
                <time dateTime={s.at}>{when(s.at)}</time> <strong>{s.method ?? `${s.status ?? ''} ${s.reason ?? ''}`}</strong> {s.from ? `${s.from} → ${s.to ?? '?'}` : ''}{' '}
                <small>{s.iriType ?? ''}</small>
              </li>
            ))}
          </ol>
          <h4>Video streams</h4>
          {(c.videoStreams ?? []).length === 0 ? (
            <p>None.</p>
          ) : (
            <table aria-label="Video streams">
              <thead>
                <tr>
                  <th scope="col">SSRC</th>
                  <th scope="col">Payload type</th>
                  <th scope="col">Direction</th>
                  <th scope="col">Packets</th>
                  <th scope="col">Duration</th>
                </tr>
              </thead>
              <tbody>
                {(c.videoStreams ?? []).map((v) => (
                  <tr key={v.ssrc}>
                    <td>{v.ssrc}</td>
                    <td>{v.payloadType}</td>
                    <td>{v.direction ?? '—'}</td>
                    <td>{v.packets}</td>
                    <td>{v.durationSeconds === undefined ? '—' : seconds(v.durationSeconds)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </Loading>
  );
}

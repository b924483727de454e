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
            {c.from ?? '?'} → {c.to ?? '?'}
            {c.privileged ? '; privileged — content withheld' : ''}
          </p>
          <CallTimes call={c} />
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

/**
 * Answered and duration as the SIP signalling in the IRI says (the store's CallView: the 200 answering
 * the INVITE to the BYE, RFC 3261 §13.2.2.4 / §15), with the ladder's own times of both messages.
 */
function CallTimes({ call }: { call: Call }) {
  const ladder = call.ladder ?? [];
  const ok = ladder.find((s) => s.status === 200);
  const bye = ladder.find((s) => s.method === 'BYE');
  return (
    <dl aria-label="Call times">
      <dt>Answered</dt>
      <dd data-field="answered">{call.answered ? `yes, ${when(ok?.at)} (200 OK)` : 'no'}</dd>
      <dt>Ended</dt>
      <dd data-field="ended">{bye ? `${when(bye.at)} (BYE)` : call.ended ? 'yes' : 'not yet'}</dd>
      <dt>Duration</dt>
      <dd data-field="duration" data-seconds={call.durationSeconds}>
        {call.answered ? `${seconds(call.durationSeconds)} (${call.durationSeconds.toFixed(2)} s, 200 OK to BYE)` : '—'}
      </dd>
    </dl>
  );
}

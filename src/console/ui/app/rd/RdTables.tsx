/** The tables of a retained-data answer: subscriber cards, calls / SMS, equipment, data sessions. */
import { when, seconds } from '../format.ts';
import type { RdCommunication, RdDataSession, RdEquipment, RdLocationPoint, RdSubscriberCard } from './types.ts';

export function SubscriberCards({ cards }: { cards: RdSubscriberCard[] }) {
  return (
    <section aria-labelledby="rd-sub-h">
      <h3 id="rd-sub-h">Subscriber</h3>
      {cards.map((c, i) => (
        <dl key={`${c.subscriberId ?? ''}-${i}`} aria-label="Subscriber card" className="subscriber">
          <dt>Name</dt>
          <dd data-name>{[c.givenName, c.familyName].filter(Boolean).join(' ') || '—'}</dd>
          <dt>Address</dt>
          <dd>{c.address ?? '—'}</dd>
          <dt>MSISDN</dt>
          <dd>{c.msisdns.join(', ') || '—'}</dd>
          <dt>IMSI</dt>
          <dd>{c.imsi ?? '—'}</dd>
          <dt>Contract</dt>
          <dd>
            {when(c.from)} – {c.to ? when(c.to) : 'running'}
          </dd>
        </dl>
      ))}
    </section>
  );
}

export function CommsTable({ title, rows }: { title: 'Calls' | 'SMS'; rows: RdCommunication[] }) {
  return (
    <section aria-labelledby={`rd-${title}-h`}>
      <h3 id={`rd-${title}-h`}>
        {title} ({rows.length})
      </h3>
      <table aria-label={title}>
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Direction</th>
            <th scope="col">Other party</th>
            {title === 'Calls' ? <th scope="col">Duration</th> : null}
            <th scope="col">Cell</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.at}-${i}`} data-direction={r.direction}>
              <td>{when(r.at)}</td>
              <td>{r.direction === 'outgoing' ? 'target →' : r.direction === 'incoming' ? '→ target' : '—'}</td>
              <td>{r.otherParty ?? '—'}</td>
              {title === 'Calls' ? <td>{r.durationS === undefined ? '—' : seconds(r.durationS)}</td> : null}
              <td>{r.cellId ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function EquipmentTable({ rows }: { rows: RdEquipment[] }) {
  return (
    <section aria-labelledby="rd-eq-h">
      <h3 id="rd-eq-h">Equipment</h3>
      <table aria-label="Equipment">
        <thead>
          <tr>
            <th scope="col">IMEI</th>
            <th scope="col">IMSI</th>
            <th scope="col">MSISDN</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>{r.imeis.join(', ')}</td>
              <td>{r.imsi ?? '—'}</td>
              <td>{r.msisdns.join(', ')}</td>
              <td>{when(r.from)}</td>
              <td>{r.to ? when(r.to) : 'in use'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function DataSessionTable({ rows }: { rows: RdDataSession[] }) {
  return (
    <section aria-labelledby="rd-ds-h">
      <h3 id="rd-ds-h">Data sessions</h3>
      <table aria-label="Data sessions">
        <thead>
          <tr>
            <th scope="col">Start</th>
            <th scope="col">End</th>
            <th scope="col">Subscriber</th>
            <th scope="col">Addresses</th>
            <th scope="col">CGNAT</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>{when(r.start)}</td>
              <td>{when(r.end)}</td>
              <td>{[r.msisdn, r.imsi].filter(Boolean).join(' / ') || '—'}</td>
              <td>{r.addresses.map((a) => `${a.address} (${a.type})`).join(', ')}</td>
              <td>{r.translations.map((t) => `${t.private} → ${t.public}${t.ports ? ` ports ${t.ports}` : ''}`).join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function PositionTable({ points }: { points: RdLocationPoint[] }) {
  return (
    <table aria-label="Positions">
      <thead>
        <tr>
          <th scope="col">Time (UTC)</th>
          <th scope="col">Cell</th>
          <th scope="col">Latitude</th>
          <th scope="col">Longitude</th>
        </tr>
      </thead>
      <tbody>
        {points.map((p, i) => (
          <tr key={`${p.at}-${i}`}>
            <td>{when(p.at)}</td>
            <td>{p.cellId ?? '—'}</td>
            <td>{p.latitude?.toFixed(5) ?? '—'}</td>
            <td>{p.longitude?.toFixed(5) ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

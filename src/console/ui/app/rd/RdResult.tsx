/**
 * One retained-data answer: what was asked, the outcome (records, or the operator's refusal with its
 * TS 102 657 categorised error), the subscriber cards, calls and SMS, the location history on the
 * map, equipment and data sessions. Everything here is read from the operator's signed answer.
 */
import { getBlob } from '../api.ts';
import { when } from '../format.ts';
import { LocationMap, useTileUrl } from '../tabs/MapTab.tsx';
import type { Cell, Locations } from '../types.ts';
import { CommsTable, DataSessionTable, EquipmentTable, PositionTable, SubscriberCards } from './RdTables.tsx';
import type { RdLocationPoint, RdResultView } from './types.ts';

/** The map's cells and track from the answer's positions (one cell per cell id, first and last seen). */
export function locationsOf(points: readonly RdLocationPoint[]): Locations {
  const cells = new Map<string, Cell>();
  for (const p of points) {
    const key = p.cellId ?? `${p.latitude},${p.longitude}`;
    const c = cells.get(key);
    if (c) {
      c.count++;
      c.lastAt = p.at;
    } else cells.set(key, { cellId: key, ...(p.latitude === undefined ? {} : { latitude: p.latitude }), ...(p.longitude === undefined ? {} : { longitude: p.longitude }), firstAt: p.at, lastAt: p.at, count: 1 });
  }
  return { points: points.map((p) => ({ ...p })), cells: [...cells.values()] };
}

function download(id: string) {
  void getBlob(`/api/rd/requests/${encodeURIComponent(id)}/answer.ber`).then(({ blob, fileName }) => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = fileName ?? `rd-${id}.ber`;
    a.click();
    URL.revokeObjectURL(a.href);
  });
}

export function RdResult({ result: r }: { result: RdResultView }) {
  const tileUrl = useTileUrl();
  const v = r.view;
  return (
    <article aria-label="Retained-data answer" data-request={r.id} data-outcome={r.outcome}>
      <h2>
        {r.category} from {r.operator}
      </h2>
      <dl>
        <dt>Order</dt>
        <dd>{r.orderId}</dd>
        <dt>Identifier</dt>
        <dd>{r.identifier.kind === 'ip' ? `${r.identifier.address} at ${r.identifier.at}` : `${r.identifier.kind} ${r.identifier.value}`}</dd>
        <dt>Period</dt>
        <dd>{r.period ? `${when(r.period.start)} – ${when(r.period.end)}` : '—'}</dd>
        <dt>Asked by</dt>
        <dd>
          {r.user}, {when(r.at)}
        </dd>
        <dt>Records</dt>
        <dd data-records={r.records}>{r.records}</dd>
        <dt>Answer SHA-256</dt>
        <dd>
          <code className="sha">{r.answerSha256}</code>{' '}
          <button type="button" onClick={() => download(r.id)}>
            Download signed answer
          </button>
        </dd>
      </dl>
      {r.refusal ? (
        <div role="alert" className="error" data-rd-error={r.refusal.value ?? ''}>
          <strong>
            Refused by {r.operator}: {r.refusal.value ?? '—'} {r.refusal.description}
          </strong>
          <span className="detail"> {r.refusal.information}</span>
        </div>
      ) : null}
      {v.subscribers.length > 0 ? <SubscriberCards cards={v.subscribers} /> : null}
      {v.calls.length > 0 ? <CommsTable title="Calls" rows={v.calls} /> : null}
      {v.sms.length > 0 ? <CommsTable title="SMS" rows={v.sms} /> : null}
      {v.locations.length > 0 ? (
        <section aria-labelledby="rd-loc-h">
          <h3 id="rd-loc-h">Location history</h3>
          <LocationMap locations={locationsOf(v.locations)} tileUrl={tileUrl} />
          <p>
            {v.locations.length} positions from {when(v.locations[0]?.at)} to {when(v.locations[v.locations.length - 1]?.at)}.
          </p>
          <PositionTable points={v.locations} />
        </section>
      ) : null}
      {v.equipment.length > 0 ? <EquipmentTable rows={v.equipment} /> : null}
      {v.dataSessions.length > 0 ? <DataSessionTable rows={v.dataSessions} /> : null}
      {r.outcome === 'disclosed' && r.records === 0 ? <p>No records in this period.</p> : null}
      {v.other > 0 ? <p className="note">{v.other} records of a kind this page does not show (in the downloaded answer).</p> : null}
    </article>
  );
}

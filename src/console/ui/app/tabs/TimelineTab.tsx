/**
 * Every record of the warrant, IRI and CC together, in time order (`GET …/timeline`): filters by
 * kind, target identity, direction and time; keyset paging (the server's `next` cursor; earlier
 * cursors kept to page back), so a warrant with millions of records is read a page at a time.
 */
import { useState, type SyntheticEvent } from 'react';
import type { TimelinePage, User } from '../types.ts';
import { warrantPath } from '../api.ts';
import { useApi } from '../components/useApi.ts';
import { Loading } from '../components/Loading.tsx';
import { TimelineRow } from './TimelineRow.tsx';

export const KINDS = ['call-iri', 'call-content', 'sms', 'location', 'registration', 'data-session', 'data-content', 'other'] as const;
export const DIRECTIONS = ['fromTarget', 'toTarget', 'indeterminate', 'combined', 'notapplicable'] as const;
const PAGE = 100;

interface Filters {
  kind: string;
  target: string;
  direction: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { kind: '', target: '', direction: '', from: '', to: '' };

function query(f: Filters, cursor: string | undefined): string {
  const q = new URLSearchParams();
  if (f.kind) q.set('kind', f.kind);
  if (f.target) q.set('target', f.target);
  if (f.direction) q.set('direction', f.direction);
  // datetime-local inputs are read as UTC: the console shows every time in UTC.
  if (f.from) q.set('from', new Date(f.from + 'Z').toISOString());
  if (f.to) q.set('to', new Date(f.to + 'Z').toISOString());
  if (cursor) q.set('cursor', cursor);
  q.set('limit', String(PAGE));
  return q.toString();
}

export function TimelineTab({ liid, user }: { liid: string; user: User }) {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const [loaded, reload] = useApi<TimelinePage>(`${warrantPath(liid, 'timeline')}?${query(filters, cursor)}`);
  const apply = (e: SyntheticEvent) => {
    e.preventDefault();
    setCursors([]);
    setFilters(draft);
  };
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  return (
    <section aria-labelledby="timeline-h">
      <h2 id="timeline-h">Timeline</h2>
      <form onSubmit={apply} aria-label="Timeline filters" className="filters">
        <label>
          Type
          <select value={draft.kind} onChange={set('kind')}>
            <option value="">all</option>
            {KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          Target
          <input value={draft.target} onChange={set('target')} placeholder="msisdn:…" />
        </label>
        <label>
          Direction
          <select value={draft.direction} onChange={set('direction')}>
            <option value="">all</option>
            {DIRECTIONS.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <label>
          From (UTC)
          <input type="datetime-local" step="1" value={draft.from} onChange={set('from')} />
        </label>
        <label>
          To (UTC)
          <input type="datetime-local" step="1" value={draft.to} onChange={set('to')} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <Loading loaded={loaded}>
        {(page) => (
          <>
            <p role="status" aria-label="Timeline total">
              <strong data-total={page.total}>{page.total}</strong> records match; page {cursors.length + 1}, {page.records.length} shown.
            </p>
            <table aria-label="Timeline">
              <thead>
                <tr>
                  <th scope="col">Time (UTC)</th>
                  <th scope="col">Type</th>
                  <th scope="col">Channel</th>
                  <th scope="col">Direction</th>
                  <th scope="col">CIN</th>
                  <th scope="col">Identities</th>
                  <th scope="col">Record</th>
                  {user.role === 'supervisor' ? <th scope="col">Minimisation</th> : null}
                </tr>
              </thead>
              <tbody>
                {page.records.map((r) => (
                  <TimelineRow key={r.id} liid={liid} record={r} supervisor={user.role === 'supervisor'} onChanged={reload} />
                ))}
              </tbody>
            </table>
            <div className="pager">
              <button type="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
                Previous page
              </button>
              <button type="button" disabled={!page.next} onClick={() => page.next && setCursors([...cursors, page.next])}>
                Next page
              </button>
            </div>
          </>
        )}
      </Loading>
    </section>
  );
}

/** Numbers common to two of the user's warrants (`GET /api/contacts/common?a=&b=`). */
import { useState, type SyntheticEvent } from 'react';
import type { CommonContact, Warrant } from '../types.ts';
import { useApi } from '../components/useApi.ts';
import { Loading } from '../components/Loading.tsx';
import { navigate } from '../router.ts';

export function CommonContactsPage({ a, b }: { a: string; b: string }) {
  const [warrants] = useApi<Warrant[]>('/api/warrants');
  const [da, setA] = useState(a);
  const [db, setB] = useState(b);
  const [loaded] = useApi<CommonContact[]>(a && b ? `/api/contacts/common?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}` : null);
  const liids = warrants.state === 'ok' ? warrants.data.map((w) => w.liid) : [];
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    navigate(`/contacts/common?a=${encodeURIComponent(da)}&b=${encodeURIComponent(db)}`);
  };
  return (
    <section aria-labelledby="common-h">
      <h1 id="common-h">Common contacts</h1>
      <form onSubmit={submit} aria-label="Compare two warrants">
        <label>
          First warrant
          <select value={da} onChange={(e) => setA(e.target.value)}>
            <option value="">choose</option>
            {liids.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
        <label>
          Second warrant
          <select value={db} onChange={(e) => setB(e.target.value)}>
            <option value="">choose</option>
            {liids.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </label>
        <button type="submit">Compare</button>
      </form>
      {a && b ? (
        <Loading loaded={loaded}>
          {(rows) => (
            <table aria-label="Common contacts">
              <thead>
                <tr>
                  <th scope="col">Identity</th>
                  <th scope="col">{a}: calls / SMS</th>
                  <th scope="col">{b}: calls / SMS</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.identity}>
                    <td>{r.identity}</td>
                    <td>
                      {r.a.calls ?? 0} / {r.a.sms ?? 0}
                    </td>
                    <td>
                      {r.b.calls ?? 0} / {r.b.sms ?? 0}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Loading>
      ) : null}
    </section>
  );
}

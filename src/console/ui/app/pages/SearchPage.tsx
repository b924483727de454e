/** Search across the user's warrants (`GET /api/search?q=`): a literal substring, 1–200 characters. */
import { useState, type SyntheticEvent } from 'react';
import type { SearchHit } from '../types.ts';
import { useApi } from '../components/useApi.ts';
import { Loading } from '../components/Loading.tsx';
import { Link } from '../components/Link.tsx';
import { navigate } from '../router.ts';
import { when } from '../format.ts';

export function SearchPage({ q }: { q: string }) {
  const [draft, setDraft] = useState(q);
  const [loaded] = useApi<{ hits: SearchHit[] }>(q ? `/api/search?q=${encodeURIComponent(q)}` : null);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    if (draft.trim()) navigate(`/search?q=${encodeURIComponent(draft.trim())}`);
  };
  return (
    <section aria-labelledby="search-h">
      <h1 id="search-h">Search</h1>
      <form role="search" onSubmit={submit} aria-label="Search your warrants">
        <label>
          Search text
          <input type="search" value={draft} maxLength={200} onChange={(e) => setDraft(e.target.value)} />
        </label>
        <button type="submit">Search</button>
      </form>
      {q ? (
        <Loading loaded={loaded}>
          {({ hits }) => (
            <>
              <p role="status">{hits.length} hits</p>
              <table aria-label="Search results">
                <thead>
                  <tr>
                    <th scope="col">Warrant</th>
                    <th scope="col">Time (UTC)</th>
                    <th scope="col">Type</th>
                    <th scope="col">Match</th>
                  </tr>
                </thead>
                <tbody>
                  {hits.map((h) => (
                    <tr key={`${h.liid}-${h.id}`}>
                      <td>
                        <Link to={`/warrants/${encodeURIComponent(h.liid)}/timeline`}>{h.liid}</Link>
                      </td>
                      <td>{when(h.timeStamp)}</td>
                      <td>{h.kind}</td>
                      <td>{h.snippet}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </Loading>
      ) : null}
    </section>
  );
}

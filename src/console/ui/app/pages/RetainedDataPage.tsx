/**
 * Retained data (`/retained-data`, `/retained-data/ID`): requests under the agency's production
 * orders to the operators' RDHIs (TS 102 657), the answer of the last one, and the requests kept as
 * evidence. Every request, refusal and view is on the access log before anything is shown
 * (docs/console.md "Retained data"); an auditor has no such page (the server answers 403).
 */
import { useState } from 'react';
import { useApi } from '../components/useApi.ts';
import { Loading } from '../components/Loading.tsx';
import { Link } from '../components/Link.tsx';
import { when } from '../format.ts';
import { RdRequestForm } from '../rd/RdRequestForm.tsx';
import { RdResult } from '../rd/RdResult.tsx';
import type { RdOverview, RdRequestSummary, RdResultView } from '../rd/types.ts';

export function RetainedDataPage({ id }: { id?: string }) {
  if (id) return <KeptResult id={id} />;
  return <RequestPage />;
}

function RequestPage() {
  const [overview] = useApi<RdOverview>('/api/rd');
  const [kept, reload] = useApi<{ requests: RdRequestSummary[] }>('/api/rd/requests');
  const [result, setResult] = useState<RdResultView | null>(null);
  return (
    <section aria-labelledby="rd-h">
      <h1 id="rd-h">Retained data</h1>
      <Loading loaded={overview}>
        {(o) =>
          o.orders?.length === 0 ? (
            <p role="status">
              No production order is assigned to you: a supervisor assigns them on the Users page.
            </p>
          ) : (
            <RdRequestForm
              overview={o}
              onResult={(r) => {
                setResult(r);
                reload();
              }}
            />
          )
        }
      </Loading>
      {result ? <RdResult result={result} /> : null}
      <h2>Requests kept</h2>
      <Loading loaded={kept}>{({ requests }) => <KeptTable requests={requests} />}</Loading>
    </section>
  );
}

function KeptTable({ requests }: { requests: RdRequestSummary[] }) {
  if (requests.length === 0) return <p>No requests yet.</p>;
  return (
    <table aria-label="Requests kept">
      <thead>
        <tr>
          <th scope="col">Asked (UTC)</th>
          <th scope="col">By</th>
          <th scope="col">Order</th>
          <th scope="col">Operator</th>
          <th scope="col">Category</th>
          <th scope="col">Outcome</th>
          <th scope="col">Records</th>
        </tr>
      </thead>
      <tbody>
        {requests.map((r) => (
          <tr key={r.id}>
            <td>
              <Link to={`/retained-data/${encodeURIComponent(r.id)}`}>{when(r.at)}</Link>
            </td>
            <td>{r.user}</td>
            <td>{r.orderId}</td>
            <td>{r.operator}</td>
            <td>{r.category}</td>
            <td>{r.outcome === 'refused' ? `refused (${r.refusal?.value ?? '—'})` : 'disclosed'}</td>
            <td>{r.records}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function KeptResult({ id }: { id: string }) {
  const [loaded] = useApi<{ result: RdResultView }>(`/api/rd/requests/${encodeURIComponent(id)}`);
  return (
    <section aria-labelledby="rd-h">
      <h1 id="rd-h">Retained data</h1>
      <p>
        <Link to="/retained-data">All requests</Link>
      </p>
      <Loading loaded={loaded}>{({ result }) => <RdResult result={result} />}</Loading>
    </section>
  );
}

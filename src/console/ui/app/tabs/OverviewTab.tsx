/** Scope, window, status, profile, signers, and the evidence-integrity panel (TS 102 232-1 Annex J, sequence gaps). */
import type { WarrantDetail } from '../types.ts';
import { when } from '../format.ts';
import { countsText, total } from '../pages/WarrantListPage.tsx';

export function OverviewTab({ warrant: w }: { warrant: WarrantDetail }) {
  const i = w.integrity;
  return (
    <div className="overview">
      <section aria-labelledby="scope-h">
        <h2 id="scope-h">Warrant</h2>
        <dl>
          <dt>Status</dt>
          <dd>{w.destroyed ? 'destroyed at retention end' : w.status}</dd>
          {w.warrantId ? (
            <>
              <dt>Warrant id</dt>
              <dd>{w.warrantId}</dd>
            </>
          ) : null}
          <dt>Window</dt>
          <dd>{w.window ? `${when(w.window.start)} – ${when(w.window.end)}` : '—'}</dd>
          <dt>Target identities</dt>
          <dd>{w.scope.targets.length ? w.scope.targets.join(', ') : '—'}</dd>
          <dt>Services</dt>
          <dd>{w.scope.services.length ? w.scope.services.join(', ') : '—'}</dd>
          <dt>Categories</dt>
          <dd>{w.scope.content ? 'IRI and content' : 'IRI only'}</dd>
          <dt>Profile</dt>
          <dd>{w.profile ?? '—'}</dd>
          <dt>Retention end</dt>
          <dd>{when(w.retentionEnd)}</dd>
          <dt>Records held</dt>
          <dd data-total={total(w.counts)}>
            {total(w.counts)} ({countsText(w.counts)})
          </dd>
        </dl>
        <h3>Signers</h3>
        {w.signers.length === 0 ? (
          <p>None known.</p>
        ) : (
          <table aria-label="Signers">
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Name</th>
                <th scope="col">Signed</th>
              </tr>
            </thead>
            <tbody>
              {w.signers.map((s) => (
                <tr key={`${s.role}-${s.name}-${s.signedAt}`}>
                  <td>{s.role}</td>
                  <td>{s.name}</td>
                  <td>{when(s.signedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="integrity-h">
        <h2 id="integrity-h">Evidence integrity</h2>
        {i ? (
          <dl aria-label="Evidence integrity">
            <dt>Annex J verdicts: verified</dt>
            <dd data-field="annexj-ok">{i.annexJ.ok}</dd>
            <dt>Annex J verdicts: failed</dt>
            <dd data-field="annexj-failed" className={i.annexJ.failed ? 'bad' : undefined}>
              {i.annexJ.failed}
            </dd>
            <dt>Annex J verdicts: missing</dt>
            <dd data-field="annexj-missing">{i.annexJ.missing}</dd>
            <dt>Sequence contexts</dt>
            <dd>{i.sequences.contexts}</dd>
            <dt>Sequence numbers missing</dt>
            <dd data-field="seq-missing" className={i.sequences.missing ? 'bad' : undefined}>
              {i.sequences.missing}
              {i.sequences.gaps.length
                ? ` (${i.sequences.gaps
                    .slice(0, 5)
                    .map((g) => `CIN ${g.cin ?? '—'}: ${g.missing.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(', ')}`)
                    .join('; ')})`
                : ''}
            </dd>
            <dt>Duplicates</dt>
            <dd>{i.sequences.duplicates}</dd>
          </dl>
        ) : (
          <p>Not reported.</p>
        )}
      </section>
    </div>
  );
}

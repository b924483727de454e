/** One timeline row; a supervisor can mark it privileged (or lift the mark) with a reason (audited by the server). */
import { useState, type SyntheticEvent } from 'react';
import type { TimelineRecord } from '../types.ts';
import { ApiError, postJson, warrantPath } from '../api.ts';
import { describe, WITHHELD } from '../components/describe.ts';
import { explain } from '../components/ErrorNotice.tsx';
import { when } from '../format.ts';

export function TimelineRow({ liid, record: r, supervisor, onChanged }: { liid: string; record: TimelineRecord; supervisor: boolean; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const text = describe(r);
  const submit = (e: SyntheticEvent) => {
    e.preventDefault();
    postJson(warrantPath(liid, `records/${r.id}/privileged`), { privileged: !r.privileged, reason }).then(
      () => {
        setEditing(false);
        onChanged();
      },
      (err: unknown) => setError(err instanceof ApiError ? explain(err) : 'failed'),
    );
  };
  return (
    <tr data-id={r.id} data-kind={r.kind} className={r.privileged ? 'privileged' : undefined}>
      <td title={r.timeStamp}>{when(r.timeStamp)}</td>
      <td>{r.kind}</td>
      <td>{r.channel}</td>
      <td>{r.direction ?? '—'}</td>
      <td>{r.cin ?? '—'}</td>
      <td>{r.identities.join(', ')}</td>
      <td className={text === WITHHELD ? 'withheld' : undefined}>
        {r.privileged && text !== WITHHELD ? <span className="badge">privileged</span> : null} {text}
      </td>
      {supervisor ? (
        <td>
          {editing ? (
            <form onSubmit={submit} aria-label={`Privilege record ${r.id}`}>
              <label>
                Reason
                <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} />
              </label>
              <button type="submit">{r.privileged ? 'Lift mark' : 'Mark privileged'}</button>
              {error ? <span role="alert">{error}</span> : null}
            </form>
          ) : (
            <button type="button" onClick={() => setEditing(true)} aria-label={`${r.privileged ? 'Lift privileged mark of' : 'Mark privileged'} record ${r.id}`}>
              {r.privileged ? 'Lift mark…' : 'Mark privileged…'}
            </button>
          )}
        </td>
      ) : null}
    </tr>
  );
}

/**
 * Exports (`POST …/exports`): PCAP of content, WAV of a call, CSV/JSON of IRI, an HTML case report.
 * Where the profile asks for it an export waits for a supervisor's approval; once ready its manifest
 * lists each file's SHA-256, and the download is checked against it in the browser before it is saved.
 */
import { useState, type SyntheticEvent } from 'react';
import type { User } from '../types.ts';
import { ApiError, postJson, warrantPath } from '../api.ts';
import { explain } from '../components/ErrorNotice.tsx';
import { ExportCard } from './ExportCard.tsx';

const FORMATS: readonly { id: string; label: string }[] = [
  { id: 'pcap', label: 'PCAP of content' },
  { id: 'wav', label: 'WAV of a call' },
  { id: 'csv', label: 'CSV of IRI' },
  { id: 'json', label: 'JSON of IRI' },
  { id: 'html', label: 'HTML case report' },
];

export function ExportTab({ liid, user }: { liid: string; user: User }) {
  const [format, setFormat] = useState('csv');
  const [cin, setCin] = useState('');
  const [ids, setIds] = useState<string[]>([]);
  const [lookup, setLookup] = useState('');
  const [error, setError] = useState('');
  const request = (e: SyntheticEvent) => {
    e.preventDefault();
    setError('');
    const body = { format, ...(cin.trim() ? { cin: Number(cin) } : {}) };
    postJson<{ id: string; status: string }>(warrantPath(liid, 'exports'), body).then(
      (x) => setIds((prev) => [x.id, ...prev.filter((i) => i !== x.id)]),
      (err: unknown) => setError(err instanceof ApiError ? explain(err) : 'Export failed.'),
    );
  };
  const open = (e: SyntheticEvent) => {
    e.preventDefault();
    const id = lookup.trim();
    if (id) setIds((prev) => [id, ...prev.filter((i) => i !== id)]);
  };
  return (
    <section aria-labelledby="export-h">
      <h2 id="export-h">Export</h2>
      <form onSubmit={request} aria-label="New export">
        <fieldset>
          <legend>Format</legend>
          {FORMATS.map((f) => (
            <label key={f.id} className="radio">
              <input type="radio" name="format" value={f.id} checked={format === f.id} onChange={() => setFormat(f.id)} />
              {f.label}
            </label>
          ))}
        </fieldset>
        <label>
          Call (CIN, for WAV or one call's PCAP)
          <input inputMode="numeric" pattern="[0-9]*" value={cin} onChange={(e) => setCin(e.target.value)} />
        </label>
        <button type="submit">Request export</button>
        {error ? <p role="alert">{error}</p> : null}
      </form>
      <form onSubmit={open} aria-label="Open an export">
        <label>
          Export id
          <input value={lookup} onChange={(e) => setLookup(e.target.value)} />
        </label>
        <button type="submit">Open</button>
      </form>
      {ids.map((id) => (
        <ExportCard key={id} id={id} supervisor={user.role === 'supervisor'} />
      ))}
    </section>
  );
}

import { useState } from 'react';
import type { ExportView } from '../types.ts';
import { ApiError, getBlob, postJson } from '../api.ts';
import { useApi } from '../components/useApi.ts';
import { Loading } from '../components/Loading.tsx';
import { explain } from '../components/ErrorNotice.tsx';
import { bytes } from '../format.ts';

async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** One export: its state, approval (supervisor), manifest, and a download checked against the manifest. */
export function ExportCard({ id, supervisor }: { id: string; supervisor: boolean }) {
  const path = `/api/exports/${encodeURIComponent(id)}`;
  const [loaded, reload] = useApi<ExportView>(path);
  const [note, setNote] = useState('');
  const approve = () => {
    postJson(`${path}/approve`).then(reload, (e: unknown) => setNote(e instanceof ApiError ? explain(e) : 'failed'));
  };
  const download = (x: ExportView) => {
    getBlob(`${path}/file`).then(
      async ({ blob, fileName }) => {
        const sha = await sha256Hex(blob);
        const expected = x.manifest?.files.map((f) => f.sha256) ?? [];
        setNote(expected.includes(sha) ? `Downloaded; SHA-256 ${sha} matches the manifest.` : `Downloaded, but SHA-256 ${sha} is not in the manifest!`);
        const url = URL.createObjectURL(blob);
        const a = document.createElement('a');
        a.href = url;
        a.download = fileName ?? x.manifest?.files[0]?.name ?? `export-${id}`;
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      },
      (e: unknown) => setNote(e instanceof ApiError ? explain(e) : 'Download failed.'),
    );
  };
  return (
    <article aria-label={`Export ${id}`} className="export">
      <h3>Export {id}</h3>
      <Loading loaded={loaded}>
        {(x) => (
          <>
            <p>
              Status: <strong data-status={x.status}>{x.status === 'awaiting-approval' ? 'awaiting a supervisor’s approval' : x.status}</strong>
            </p>
            {x.status === 'awaiting-approval' && supervisor ? (
              <button type="button" onClick={approve}>
                Approve export
              </button>
            ) : null}
            {x.status === 'awaiting-approval' ? (
              <button type="button" onClick={reload}>
                Refresh
              </button>
            ) : null}
            {x.manifest ? (
              <table aria-label="Manifest">
                <thead>
                  <tr>
                    <th scope="col">File</th>
                    <th scope="col">Size</th>
                    <th scope="col">SHA-256</th>
                  </tr>
                </thead>
                <tbody>
                  {x.manifest.files.map((f) => (
                    <tr key={f.name}>
                      <td>{f.name}</td>
                      <td>{bytes(f.bytes)}</td>
                      <td>
                        <code className="sha">{f.sha256}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {x.status === 'ready' ? (
              <button type="button" onClick={() => download(x)}>
                Download
              </button>
            ) : null}
          </>
        )}
      </Loading>
      {note ? <p role="status">{note}</p> : null}
    </article>
  );
}

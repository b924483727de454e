/**
 * The records of an answer as JSON lines (one ResponseRecord per line, as decoded: byte strings
 * in hex, times in ISO UTC) or as a table (record number, record kind, a one-line summary) — the
 * agency's reading copy; the signed bytes themselves are what `--save` keeps.
 */
import type { ResponseRecord } from '../../standards/rd/index.ts';

export function recordJson(r: ResponseRecord): string {
  return JSON.stringify(r, (_k, v: unknown) => {
    if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) return Buffer.from((v as { data: number[] }).data).toString('hex');
    return v;
  });
}

/** `telephonyRecord/telephonyServiceUsage` and the like: the CHOICE path of the record payload. */
function kindOf(r: ResponseRecord): string {
  const path: string[] = [];
  let v: unknown = r.recordPayload;
  for (let i = 0; i < 2 && typeof v === 'object' && v !== null; i++) {
    const keys = Object.keys(v);
    if (keys.length !== 1) break;
    path.push(keys[0]!);
    v = (v as Record<string, unknown>)[keys[0]!];
  }
  return path.join('/');
}

export function recordsTable(records: readonly ResponseRecord[]): string {
  const rows = records.map((r, i) => {
    const json = recordJson(r);
    return [String(r.recordNumber ?? i + 1), kindOf(r), json.length > 140 ? `${json.slice(0, 137)}...` : json];
  });
  const head = ['#', 'record', 'content'];
  const w0 = Math.max(head[0]!.length, ...rows.map((x) => x[0]!.length));
  const w1 = Math.max(head[1]!.length, ...rows.map((x) => x[1]!.length));
  return [head, ...rows].map((x) => `${x[0]!.padStart(w0)}  ${x[1]!.padEnd(w1)}  ${x[2]!}`).join('\n');
}

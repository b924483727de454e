/**
 * The LEMF's retention table (LIID → end of retention), sealed with a key derived from the master
 * key: the LIIDs are the agency's case list. Written whole to a temporary file, fsync'd and renamed,
 * so a crash leaves the old table or the new one. A sealed table that does not open is refused
 * (MONITORING_EVIDENCE_KEY): starting without it would allow reads past a retention end.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { deriveKey, openValue, sealValue } from '../../platform/sealed.ts';
import { MonitoringError } from '../errors.ts';

export const RETENTION_FILE = 'retention.sealed';
/** The plain table of an earlier version; sealed at the next start and removed. */
export const LEGACY_RETENTION_FILE = 'retention.json';
const AAD = Buffer.from('warranted/lemf/retention/v1', 'utf8');

export const retentionKey = (masterKey: Uint8Array): Buffer => deriveKey(masterKey, 'warranted/lemf/retention-key/v1');

/** The table's JSON text (sealed or, from an earlier version, plain), undefined when there is none. */
export function readRetentionText(dataDir: string, key: Buffer): { text: string; legacy: boolean } | undefined {
  const path = join(dataDir, RETENTION_FILE);
  if (existsSync(path)) {
    const plain = openValue(key, AAD, readFileSync(path));
    if (!plain) throw new MonitoringError('MONITORING_EVIDENCE_KEY', `${RETENTION_FILE} does not open with this LEMF's evidenceKey`);
    return { text: plain.toString('utf8'), legacy: false };
  }
  const legacy = join(dataDir, LEGACY_RETENTION_FILE);
  return existsSync(legacy) ? { text: readFileSync(legacy, 'utf8'), legacy: true } : undefined;
}

export function parseRetention(text: string): Map<string, Date> {
  const out = new Map<string, Date>();
  for (const [liid, until] of Object.entries(JSON.parse(text) as Record<string, string>)) {
    const d = new Date(until);
    if (!Number.isNaN(d.getTime())) out.set(liid, d);
  }
  return out;
}

export function writeRetention(dataDir: string, key: Buffer, table: ReadonlyMap<string, Date>): void {
  const out: Record<string, string> = {};
  for (const [k, v] of table) out[k] = v.toISOString();
  const path = join(dataDir, RETENTION_FILE);
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, sealValue(key, AAD, Buffer.from(JSON.stringify(out), 'utf8')));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  const legacy = join(dataDir, LEGACY_RETENTION_FILE);
  if (existsSync(legacy)) unlinkSync(legacy);
}

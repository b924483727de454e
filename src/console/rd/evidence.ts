/**
 * Retained data disclosed to the agency is evidence: every request made through the console is kept,
 * with the exact request bytes sent and the exact answer bytes received (each signed answer, as
 * `warranted rd request --save` keeps them), in one sealed file per request under the LEMF's
 * directory: `<lemf dir>/_retained-data/<request id>.aead`, AES-256-GCM under a key derived (HKDF,
 * own label) from the LEMF's evidence key, the request id in the AAD (a file renamed to another id
 * does not open), mode 0600, written atomically (temporary file, fsync, rename, directory fsync).
 * `_retained-data` begins with `_` so no LIID directory of the evidence layer can be it
 * (src/monitoring/evidence.ts), like `_console` and `_access-log`.
 *
 * What the page shows is read back from those bytes: a result is decoded and its signatures verified
 * again at every view, so the page never shows anything the signed answer does not say.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDirectory } from '../../platform/durable-fs.ts';
import { deriveKey, openValue, sealValue } from '../../platform/sealed.ts';
import { ConsoleError } from '../errors.ts';
import type { RdRequestSummary } from './view.ts';

export const RD_EVIDENCE_DIR = '_retained-data';
const KEY_LABEL = 'warranted console retained-data evidence v1';
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;

export interface RdEvidence {
  summary: RdRequestSummary;
  requestBytes: Uint8Array;
  answers: Uint8Array[];
}

interface Stored {
  summary: RdRequestSummary;
  request: string;
  answers: string[];
}

/** SHA-256 (hex) of the answers back to back: what `--save` would have written. */
export function answersSha256(answers: readonly Uint8Array[]): string {
  const h = createHash('sha256');
  for (const a of answers) h.update(a);
  return h.digest('hex');
}

export class RdEvidenceStore {
  private readonly dir: string;
  private readonly key: Buffer;
  private readonly summaries = new Map<string, RdRequestSummary>();

  /** Opens the directory; a file that does not open under the key stops the start (it is evidence). */
  constructor(lemfDir: string, evidenceKey: Uint8Array) {
    this.dir = join(lemfDir, RD_EVIDENCE_DIR);
    this.key = deriveKey(evidenceKey, KEY_LABEL);
    if (!existsSync(this.dir)) return;
    for (const f of readdirSync(this.dir)) {
      const m = /^(.+)\.aead$/u.exec(f);
      if (!m || !ID.test(m[1]!)) continue;
      this.summaries.set(m[1]!, this.read(m[1]!).summary);
    }
  }

  list(): RdRequestSummary[] {
    return [...this.summaries.values()].sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
  }

  has(id: string): boolean {
    return this.summaries.has(id);
  }

  /** The kept request and answers; CONSOLE_NOT_FOUND for an id never kept. */
  get(id: string): RdEvidence {
    if (!ID.test(id) || !this.summaries.has(id)) throw new ConsoleError('CONSOLE_NOT_FOUND', 'no such retained-data request');
    return this.read(id);
  }

  async save(e: RdEvidence): Promise<void> {
    const id = e.summary.id;
    if (!ID.test(id)) throw new TypeError('a request id is a UUID');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const stored: Stored = { summary: e.summary, request: Buffer.from(e.requestBytes).toString('base64'), answers: e.answers.map((a) => Buffer.from(a).toString('base64')) };
    const sealed = sealValue(this.key, aad(id), Buffer.from(JSON.stringify(stored), 'utf8'));
    const file = join(this.dir, `${id}.aead`);
    const tmp = `${file}.tmp`;
    const h = await open(tmp, 'w', 0o600);
    try {
      await h.writeFile(sealed);
      await h.sync();
    } finally {
      await h.close();
    }
    await rename(tmp, file);
    await syncDirectory(this.dir);
    this.summaries.set(id, e.summary);
  }

  private read(id: string): RdEvidence {
    const plain = openValue(this.key, aad(id), readFileSync(join(this.dir, `${id}.aead`)));
    if (!plain) throw new Error(`retained-data evidence ${id} does not open under the LEMF's key`);
    const s = JSON.parse(plain.toString('utf8')) as Stored;
    return { summary: s.summary, requestBytes: new Uint8Array(Buffer.from(s.request, 'base64')), answers: s.answers.map((a) => new Uint8Array(Buffer.from(a, 'base64'))) };
  }
}

const aad = (id: string) => Buffer.from(`warranted console rd evidence ${id}`, 'utf8');

/**
 * What the desk keeps beside the warrant store: the HI-1 object identifiers an agency gave its
 * LITasks, the DocumentObjects it attached (e.g. the scanned warrant), and which notifications it
 * acknowledged (NewNotification = false, TS 103 120 §7.4.4). Memory or a JSON-lines file.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { deriveKey, SEALED_LINE, sealLine, unsealLine } from '../../platform/sealed.ts';
import { dirname } from 'node:path';
import type { DocumentObject } from '../../standards/hi1/index.ts';

export type DeskObject =
  | { kind: 'litask'; objectIdentifier: string; warrantId: string; agencyId: string; targetKey: string }
  | { kind: 'document'; objectIdentifier: string; warrantId: string; agencyId: string; createdAt: string; document: DocumentObject }
  | { kind: 'notification-ack'; objectIdentifier: string; warrantId: string; agencyId: string }
  /** An agency-given LDTask id of a production order (warrantId = the order id; taskKey = identifier key # category). */
  | { kind: 'ldtask'; objectIdentifier: string; warrantId: string; agencyId: string; taskKey: string };

export interface DeskObjectStore {
  get(objectIdentifier: string): Promise<DeskObject | undefined>;
  byWarrant(warrantId: string): Promise<DeskObject[]>;
  /** Adds records (all or none). */
  put(objects: readonly DeskObject[]): Promise<void>;
}

export class MemoryDeskObjectStore implements DeskObjectStore {
  protected readonly objects = new Map<string, DeskObject>();
  get(id: string): Promise<DeskObject | undefined> {
    return Promise.resolve(this.objects.get(id));
  }
  byWarrant(warrantId: string): Promise<DeskObject[]> {
    return Promise.resolve([...this.objects.values()].filter((o) => o.warrantId === warrantId));
  }
  put(objects: readonly DeskObject[]): Promise<void> {
    for (const o of objects) this.objects.set(o.objectIdentifier, o);
    return Promise.resolve();
  }
}

type Json = Record<string, unknown>;

function toLine(o: DeskObject): string {
  if (o.kind !== 'document') return JSON.stringify(o);
  const body = o.document.documentBody;
  const doc: Json = { ...o.document };
  delete doc.received;
  if (body?.contents) doc.documentBody = { ...body, contents: Buffer.from(body.contents).toString('base64') };
  return JSON.stringify({ ...o, document: doc });
}

function fromLine(line: string): DeskObject {
  const o = JSON.parse(line) as DeskObject;
  if (o.kind === 'document' && o.document.documentBody?.contents !== undefined) {
    const b64 = o.document.documentBody.contents as unknown as string;
    o.document.documentBody.contents = new Uint8Array(Buffer.from(b64, 'base64'));
  }
  return o;
}

const SEAL_AAD = 'warranted/desk/objects/v1';

/** The key sealing the desk's objects at rest: HKDF(control.identityKey, its own label). */
export const deskObjectsKeyFrom = (identityKey: Uint8Array): Buffer => deriveKey(identityKey, 'warranted/desk/objects-key/v1');

/**
 * File-backed store: one JSON line per record, appended; loaded whole when opened. The HI-1
 * documents name target identities, so with `key` (deskObjectsKeyFrom(control.identityKey)) each
 * line is sealed at rest (AES-256-GCM, src/platform/sealed.ts); plain lines of an earlier version are
 * read as they are, and a sealed line that does not open stops the open (never skipped).
 */
export class FileDeskObjectStore extends MemoryDeskObjectStore {
  private constructor(
    private readonly path: string,
    private readonly key: Uint8Array | undefined,
  ) {
    super();
  }
  static async open(path: string, key?: Uint8Array): Promise<FileDeskObjectStore> {
    const s = new FileDeskObjectStore(path, key);
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const unsealed = (l: string, i: number): string => {
      if (!l.startsWith(SEALED_LINE)) return l;
      const t = key === undefined ? undefined : unsealLine(key, SEAL_AAD, l);
      if (t === undefined) throw new Error(`${path} line ${i + 1} is sealed and does not open with this key`);
      return t;
    };
    const loaded = text.split('\n').filter((l) => l.trim() !== '').map((l, i) => fromLine(unsealed(l, i)));
    await MemoryDeskObjectStore.prototype.put.call(s, loaded);
    return s;
  }
  override async put(objects: readonly DeskObject[]): Promise<void> {
    if (objects.length === 0) return;
    await mkdir(dirname(this.path), { recursive: true });
    const line = (o: DeskObject) => (this.key === undefined ? toLine(o) : sealLine(this.key, SEAL_AAD, toLine(o)));
    await appendFile(this.path, objects.map((o) => `${line(o)}\n`).join(''), { mode: 0o600 });
    await super.put(objects);
  }
}

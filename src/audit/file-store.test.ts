import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKPOINTS_DIR, ENTRIES_FILE, openAuditDirectory, publishCheckpoint, readCheckpointNotes } from './directory.ts';
import type { AuditEvent } from './event.ts';
import { FileAuditStore, type AppendFileHandle } from './file-store.ts';
import { AuditLog } from './log.ts';
import { createNoteSigner } from './note.ts';
import { runAuditStoreConformance } from './store-conformance.ts';

const root = mkdtempSync(join(tmpdir(), 'warranted-audit-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshDir = (): string => mkdtempSync(join(root, `t${counter++}-`));
const signer = createNoteSigner('audit.warranted.example/file', generateKeyPairSync('ed25519').privateKey);

function ev(n: number): AuditEvent {
  return { type: 'delivery.batch', at: '2026-11-25T09:00:00.000Z', actor: 'mdf', subject: `liid-${n}`, details: { records: n } };
}

describe('FileAuditStore conformance', () => {
  for (const fsync of [true, false]) {
    runAuditStoreConformance(`file store (fsync ${fsync})`, {
      fresh: () => {
        const path = join(freshDir(), ENTRIES_FILE);
        return Promise.resolve({ store: new FileAuditStore(path, { fsync }), reopen: () => Promise.resolve(new FileAuditStore(path, { fsync })) });
      },
    });
  }
});

/** Writes a 6-entry log into a fresh dir and returns the entries file path and its lines. */
async function sampleLog(): Promise<{ dir: string; path: string; lines: string[] }> {
  const dir = freshDir();
  const log = await openAuditDirectory({ dir, signer });
  await log.appendMany([0, 1, 2, 3, 4, 5].map(ev));
  await log.close();
  const path = join(dir, ENTRIES_FILE);
  const text = readFileSync(path, 'utf8');
  return { dir, path, lines: text.split('\n').slice(0, -1) };
}

async function reopenError(path: string): Promise<unknown> {
  try {
    await AuditLog.open({ store: new FileAuditStore(path), signer });
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('tamper detection on the entries file (no checkpoint needed)', () => {
  test('the file is one canonical JSON line per entry and reopens to the same tree', async () => {
    const { dir, lines } = await sampleLog();
    assert.equal(lines.length, 6);
    assert.match(lines[0]!, /^\{"index":0,"leaf":"[A-Za-z0-9+/=]+","prev":"0{64}"\}$/);
    const log = await openAuditDirectory({ dir, signer });
    assert.equal(log.size, 6);
    assert.deepEqual((await log.entries(2, 3))[0]!.event, ev(2));
    await log.close();
  });

  test('editing one byte of a leaf is detected (typed error naming the entry)', async () => {
    const { path, lines } = await sampleLog();
    const line = lines[2]!;
    const at = line.indexOf('"leaf":"') + 20;
    const flipped = line.slice(0, at) + (line[at] === 'A' ? 'B' : 'A') + line.slice(at + 1);
    writeFileSync(path, [...lines.slice(0, 2), flipped, ...lines.slice(3)].join('\n') + '\n');
    const error = (await reopenError(path)) as { code: string; index: number } | undefined;
    assert.ok(error !== undefined);
    assert.ok(['AUDIT_CHAIN_BROKEN', 'AUDIT_ENTRY_MALFORMED'].includes(error.code), error.code);
    assert.ok(error.index === 2 || error.index === 3);
  });

  test('editing one byte of a prev hash is detected', async () => {
    const { path, lines } = await sampleLog();
    writeFileSync(path, [...lines.slice(0, 4), lines[4]!.replace(/"prev":"(.)/, (_m, c: string) => `"prev":"${c === 'a' ? 'b' : 'a'}`), lines[5]].join('\n') + '\n');
    assert.equal(((await reopenError(path)) as { code: string }).code, 'AUDIT_CHAIN_BROKEN');
  });

  test('dropping a line is detected', async () => {
    const { path, lines } = await sampleLog();
    writeFileSync(path, [...lines.slice(0, 3), ...lines.slice(4)].join('\n') + '\n');
    const error = (await reopenError(path)) as { code: string; index: number };
    assert.equal(error.code, 'AUDIT_INDEX_MISMATCH');
    assert.equal(error.index, 3);
  });

  test('swapping two lines is detected, even with their indexes rewritten', async () => {
    const { path, lines } = await sampleLog();
    writeFileSync(path, [lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n') + '\n');
    assert.equal(((await reopenError(path)) as { code: string }).code, 'AUDIT_INDEX_MISMATCH');
    const renumbered = [lines[0], lines[2]!.replace('"index":2', '"index":1'), lines[1]!.replace('"index":1', '"index":2'), ...lines.slice(3)];
    writeFileSync(path, renumbered.join('\n') + '\n');
    assert.equal(((await reopenError(path)) as { code: string }).code, 'AUDIT_CHAIN_BROKEN');
  });

  test('a cut last line (torn write) is detected', async () => {
    const { path, lines } = await sampleLog();
    writeFileSync(path, lines.join('\n') + '\n' + lines[5]!.slice(0, 30));
    const error = (await reopenError(path)) as { code: string; index: number };
    assert.equal(error.code, 'AUDIT_ENTRY_MALFORMED');
    assert.equal(error.index, 6);
  });

  test('dropping the last lines is caught against the published checkpoint', async () => {
    const dir = freshDir();
    const log = await openAuditDirectory({ dir, signer });
    await log.appendMany([0, 1, 2, 3].map(ev));
    await publishCheckpoint(dir, log.checkpoint());
    await log.close();
    assert.equal((await readCheckpointNotes(dir)).length, 1);
    const path = join(dir, ENTRIES_FILE);
    const lines = readFileSync(path, 'utf8').split('\n').slice(0, -1);
    writeFileSync(path, lines.slice(0, 3).join('\n') + '\n');
    await assert.rejects(openAuditDirectory({ dir, signer }), { code: 'AUDIT_ROOT_MISMATCH' });
    // A checkpoint in the folder that the log did not sign is refused too.
    writeFileSync(path, lines.join('\n') + '\n');
    const forger = createNoteSigner(signer.name, generateKeyPairSync('ed25519').privateKey);
    const forgedLog = await AuditLog.open({ store: new FileAuditStore(join(freshDir(), ENTRIES_FILE)), signer: forger });
    await publishCheckpoint(dir, forgedLog.checkpoint());
    await assert.rejects(openAuditDirectory({ dir, signer }), { code: 'AUDIT_SIGNATURE_INVALID' });
    assert.equal(readdirSync(join(dir, CHECKPOINTS_DIR)).length, 2);
  });
});

describe('write failures', () => {
  /** A file handle whose writes can be made to stop half-way with ENOSPC. */
  async function flakyHandle(path: string, state: { failAfterBytes: number | undefined }): Promise<AppendFileHandle> {
    const real = await open(path, 'w+');
    return {
      write: (async (buffer: Buffer, offset: number, length: number, position: number) => {
        if (state.failAfterBytes !== undefined) {
          const partial = Math.min(length, state.failAfterBytes);
          if (partial > 0) await real.write(buffer, offset, partial, position);
          state.failAfterBytes = 0;
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        }
        return real.write(buffer, offset, length, position);
      }) as AppendFileHandle['write'],
      truncate: (len) => real.truncate(len),
      datasync: () => real.datasync(),
      close: () => real.close(),
    };
  }

  test('a write that fails half-way rejects AUDIT_UNAVAILABLE and leaves the file as it was', async () => {
    const path = join(freshDir(), ENTRIES_FILE);
    const state: { failAfterBytes: number | undefined } = { failAfterBytes: undefined };
    const log = await AuditLog.open({ store: new FileAuditStore(path, { openForWrite: (p) => flakyHandle(p, state) }), signer });
    await log.appendMany([ev(0), ev(1)]);
    const before = readFileSync(path);
    state.failAfterBytes = 57;
    await assert.rejects(log.appendMany([ev(2), ev(3), ev(4)]), { code: 'AUDIT_UNAVAILABLE' });
    assert.deepEqual(readFileSync(path), before, 'nothing half-written');
    assert.equal(log.size, 2);
    state.failAfterBytes = undefined;
    assert.equal((await log.append(ev(5))).index, 2);
    await log.close();
    const reopened = await AuditLog.open({ store: new FileAuditStore(path), signer });
    assert.deepEqual((await reopened.entries(0, 3)).map((e) => e.event), [ev(0), ev(1), ev(5)]);
    await reopened.close();
  });

  test('if even the rollback fails, the store refuses every later append', async () => {
    const path = join(freshDir(), ENTRIES_FILE);
    const store = new FileAuditStore(path, {
      openForWrite: async (p) => {
        const real = await open(p, 'w+');
        return {
          write: () => Promise.reject(new Error('EIO')),
          truncate: () => Promise.reject(new Error('EIO')),
          datasync: () => real.datasync(),
          close: () => real.close(),
        };
      },
    });
    const log = await AuditLog.open({ store, signer });
    await assert.rejects(log.append(ev(0)), { code: 'AUDIT_UNAVAILABLE' });
    await assert.rejects(log.append(ev(1)), (e: unknown) => (e as { code: string }).code === 'AUDIT_UNAVAILABLE' && /broken/.test((e as Error).message));
    assert.equal(log.size, 0);
    await log.close();
  });
});

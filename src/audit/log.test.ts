import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { verifyCheckpoint } from './checkpoint.ts';
import { GENESIS_PREV_HASH, type StoredEntry } from './entry.ts';
import type { AuditEvent } from './event.ts';
import { fromHex, hashEquals, leafHash, toHex } from './hash.ts';
import { AuditLog } from './log.ts';
import { createNoteSigner } from './note.ts';
import { MemoryAuditStore, type AuditStore } from './store.ts';
import { verifyConsistency, verifyInclusion } from './verify-proofs.ts';

const signer = createNoteSigner('audit.warranted.example/test', generateKeyPairSync('ed25519').privateKey);

function ev(n: number, type = 'x1.activateTask'): AuditEvent {
  return { type, at: `2026-11-25T08:${String(n % 60).padStart(2, '0')}:00.000Z`, actor: 'lipf', subject: `task-${n}`, details: { n } };
}

/** A store that fails on demand (and records what it was asked to store). */
class FlakyStore implements AuditStore {
  readonly inner = new MemoryAuditStore();
  failing = false;
  batches: number[] = [];
  scan(): AsyncIterable<StoredEntry> {
    return this.inner.scan();
  }
  async append(entries: readonly StoredEntry[]): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failing) throw new Error('disk on fire');
    this.batches.push(entries.length);
    await this.inner.append(entries);
  }
  read(from: number, to: number): Promise<StoredEntry[]> {
    return this.inner.read(from, to);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A store whose writes wait until the test opens (or breaks) the gate: a batch held in flight. */
class GatedStore extends FlakyStore {
  private gates: { open: () => void; fail: () => void }[] = [];
  override async append(entries: readonly StoredEntry[]): Promise<void> {
    await new Promise<void>((open, fail) => this.gates.push({ open, fail: () => fail(new Error('power cut')) }));
    await super.append(entries);
  }
  get waiting(): number {
    return this.gates.length;
  }
  release(how: 'open' | 'fail'): void {
    this.gates.shift()![how]();
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Until the store holds a write at its gate (a few event-loop turns at most). */
async function heldInFlight(store: GatedStore): Promise<void> {
  for (let i = 0; i < 20 && store.waiting === 0; i++) await tick();
  assert.ok(store.waiting > 0, 'the log wrote the batch');
}

describe('AuditLog', () => {
  test('appends made in one synchronous run share one batch (one write, one sync)', async () => {
    const store = new FlakyStore();
    const log = await AuditLog.open({ store, signer });
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => log.append(ev(i))));
    assert.deepEqual(results.map((r) => r.index), [...Array(100).keys()]);
    assert.deepEqual(store.batches, [100]);
  });

  test('a batch in flight is invisible (size, roots, proofs, checkpoints, entries) and leaves no trace if the store fails', async () => {
    const store = new GatedStore();
    const log = await AuditLog.open({ store, signer });
    const first = log.appendMany([ev(0), ev(1)]);
    await heldInFlight(store);
    store.release('open');
    await first;
    const root2 = log.rootHash();
    const checkpoint2 = log.checkpoint();
    const inFlight = log.appendMany([ev(2), ev(3), ev(4)]);
    await heldInFlight(store);
    await tick();
    assert.equal(store.waiting, 1);
    // The log has already hashed the batch into its tree (past the durable size) — the case tested.
    assert.equal((log as unknown as { tree: { size: number } }).tree.size, 5);
    assert.equal(log.size, 2);
    assert.deepEqual(log.rootHash(), root2);
    assert.equal(verifyCheckpoint(log.checkpoint().note, signer).size, 2);
    assert.deepEqual(log.checkpoint().rootHash, checkpoint2.rootHash);
    assert.throws(() => log.rootHash(3), { code: 'AUDIT_BAD_RANGE', message: 'tree size 3 outside 0..2' });
    assert.throws(() => log.inclusionProof(2, 3), { code: 'AUDIT_BAD_RANGE' });
    assert.throws(() => log.inclusionProof(2), { code: 'AUDIT_BAD_RANGE' });
    assert.throws(() => log.consistencyProof(2, 5), { code: 'AUDIT_BAD_RANGE' });
    await assert.rejects(log.entries(0, 3), { code: 'AUDIT_BAD_RANGE' });
    store.release('fail');
    await assert.rejects(inFlight, { code: 'AUDIT_UNAVAILABLE' });
    assert.equal(log.size, 2);
    assert.deepEqual(log.rootHash(), root2);

    // The next batch takes the same indexes, and the log is the one that never saw the failed batch.
    const next = log.appendMany([ev(5), ev(6), ev(7)]);
    await heldInFlight(store);
    store.release('open');
    assert.deepEqual((await next).map((r) => r.index), [2, 3, 4]);
    const clean = await AuditLog.open({ store: new MemoryAuditStore(), signer });
    await clean.appendMany([ev(0), ev(1), ev(5), ev(6), ev(7)]);
    assert.deepEqual(log.rootHash(), clean.rootHash());
    assert.deepEqual(log.inclusionProof(3).path, clean.inclusionProof(3).path);
    assert.deepEqual(log.consistencyProof(2).path, clean.consistencyProof(2).path);
    assert.deepEqual((await log.entries(0, 5)).map((e) => e.event), [ev(0), ev(1), ev(5), ev(6), ev(7)]);
    const reopened = await AuditLog.open({ store: store.inner, signer });
    assert.deepEqual(reopened.rootHash(), clean.rootHash());
  });


  test('append returns index and leaf hash; proofs verify against a signed checkpoint', async () => {
    const log = await AuditLog.open({ store: new MemoryAuditStore(), signer });
    const results = [];
    for (let i = 0; i < 21; i++) results.push(await log.append(ev(i)));
    assert.deepEqual(results.map((r) => r.index), [...Array(21).keys()]);
    assert.equal(log.size, 21);
    const checkpoint = verifyCheckpoint(log.checkpoint().note, signer);
    assert.equal(checkpoint.size, 21);
    for (const i of [0, 7, 20]) {
      const proof = log.inclusionProof(i);
      assert.equal(toHex(proof.leafHash), results[i]!.leafHash);
      assert.ok(verifyInclusion(i, 21, proof.leafHash, proof.path, checkpoint.rootHash));
    }
    const old = log.rootHash(9);
    const proof = log.consistencyProof(9, 21);
    assert.ok(verifyConsistency(9, 21, old, checkpoint.rootHash, proof.path));
    const entries = await log.entries(5, 8);
    assert.deepEqual(entries.map((e) => e.event), [ev(5), ev(6), ev(7)]);
    assert.equal(entries[0]!.leafHash, results[5]!.leafHash);
    await assert.rejects(log.entries(20, 22), { code: 'AUDIT_BAD_RANGE' });
    assert.throws(() => log.inclusionProof(21), { code: 'AUDIT_BAD_RANGE' });
  });

  test('concurrent appends from many promises keep call order and the hash chain', async () => {
    const store = new FlakyStore();
    const log = await AuditLog.open({ store, signer, maxBatch: 64 });
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => log.append(ev(i))));
    assert.deepEqual(results.map((r) => r.index), [...Array(300).keys()], 'index follows call order');
    assert.ok(store.batches.length > 1 && store.batches.length < 300, `group commit used ${store.batches.length} batches`);
    assert.ok(store.batches.every((n) => n <= 64));
    const stored = await store.read(0, 300);
    let prev = GENESIS_PREV_HASH;
    stored.forEach((entry, i) => {
      assert.equal(entry.index, i);
      assert.ok(hashEquals(entry.prevHash, prev), `chain at ${i}`);
      assert.equal(new TextDecoder().decode(entry.leaf).includes(`"subject":"task-${i}"`), true);
      prev = leafHash(entry.leaf);
    });
    const reopened = await AuditLog.open({ store: store.inner, signer });
    assert.deepEqual(reopened.rootHash(), log.rootHash());
  });

  test('appendMany is one atomic batch', async () => {
    const store = new FlakyStore();
    const log = await AuditLog.open({ store, signer });
    const results = await log.appendMany([ev(1), ev(2), ev(3)]);
    assert.deepEqual(results.map((r) => r.index), [0, 1, 2]);
    assert.deepEqual(store.batches, [3]);
    assert.deepEqual(await log.appendMany([]), []);
  });

  test('a failing store gives AUDIT_UNAVAILABLE to every caller of the batch and leaves no trace', async () => {
    const store = new FlakyStore();
    const log = await AuditLog.open({ store, signer });
    await log.append(ev(0));
    const before = log.rootHash();
    store.failing = true;
    const outcomes = await Promise.allSettled([log.append(ev(1)), log.appendMany([ev(2), ev(3)]), log.append(ev(4))]);
    for (const outcome of outcomes) {
      assert.equal(outcome.status, 'rejected');
      assert.equal((outcome.reason as { code: string }).code, 'AUDIT_UNAVAILABLE');
    }
    assert.equal(log.size, 1);
    assert.deepEqual(log.rootHash(), before);
    assert.equal((await store.read(0, 10)).length, 1, 'nothing half-written');
    assert.equal(verifyCheckpoint(log.checkpoint().note, signer).size, 1);
    store.failing = false;
    const next = await log.append(ev(5));
    assert.equal(next.index, 1);
    const [, second] = await store.read(0, 2);
    assert.deepEqual(second!.prevHash, log.inclusionProof(0).leafHash, 'chain continues from the last durable entry');
    assert.deepEqual(fromHex(next.leafHash), leafHash(second!.leaf));
  });

  test('invalid events reject with AUDIT_BAD_EVENT without disturbing others; closed log is unavailable', async () => {
    const log = await AuditLog.open({ store: new MemoryAuditStore(), signer });
    const bad = { ...ev(1), at: 'yesterday' };
    const [a, b] = await Promise.allSettled([log.append(bad), log.append(ev(2))]);
    assert.equal(a.status, 'rejected');
    assert.equal((a.reason as { code: string }).code, 'AUDIT_BAD_EVENT');
    assert.equal(b.status, 'fulfilled');
    const queued = log.append(ev(9));
    await log.close();
    assert.equal((await queued).index, 1, 'appends queued before close are still written');
    await assert.rejects(log.append(ev(3)), { code: 'AUDIT_UNAVAILABLE' });
  });

  test('open re-verifies the store: an edited, reordered or shortened history is refused', async () => {
    const store = new MemoryAuditStore();
    const log = await AuditLog.open({ store, signer });
    await log.appendMany([ev(0), ev(1), ev(2), ev(3)]);
    const checkpoint = verifyCheckpoint(log.checkpoint().note, signer);
    const entries = await store.read(0, 4);
    const reopen = async (list: StoredEntry[]) => {
      const s = new MemoryAuditStore();
      await s.append(list);
      return AuditLog.open({ store: s, signer, trustedCheckpoints: [checkpoint] });
    };
    assert.equal((await reopen(entries)).size, 4);
    await assert.rejects(reopen([entries[0]!, entries[2]!, entries[1]!, entries[3]!]), { code: 'AUDIT_INDEX_MISMATCH' });
    await assert.rejects(reopen([entries[0]!, { ...entries[2]!, index: 1 }, { ...entries[1]!, index: 2 }, entries[3]!]), { code: 'AUDIT_CHAIN_BROKEN' });
    await assert.rejects(reopen(entries.slice(0, 3)), { code: 'AUDIT_ROOT_MISMATCH' });
    const edited = new TextEncoder().encode(new TextDecoder().decode(entries[3]!.leaf).replace('task-3', 'task-9'));
    await assert.rejects(reopen([...entries.slice(0, 3), { ...entries[3]!, leaf: edited }]), { code: 'AUDIT_ROOT_MISMATCH' });
  });
});

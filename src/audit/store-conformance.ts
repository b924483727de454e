/**
 * TEST-ONLY conformance suite every AuditStore implementation must pass (file store today,
 * PostgreSQL later): call it from the store's test file with a factory for a fresh, empty store
 * and a way to reopen the same storage.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredEntry } from './entry.ts';
import type { AuditStore } from './store.ts';

export interface StoreFactory {
  /** A new, empty store. */
  fresh(): Promise<{ store: AuditStore; reopen: () => Promise<AuditStore> }>;
}

function entry(index: number): StoredEntry {
  return { index, leaf: new TextEncoder().encode(`{"n":${index}}`), prevHash: new Uint8Array(32).fill(index % 251) };
}

async function collect(store: AuditStore): Promise<StoredEntry[]> {
  const all: StoredEntry[] = [];
  for await (const e of store.scan()) all.push(e);
  return all;
}

export function runAuditStoreConformance(name: string, factory: StoreFactory): void {
  test(`${name}: an empty store scans to nothing and reads nothing`, async () => {
    const { store } = await factory.fresh();
    assert.deepEqual(await collect(store), []);
    assert.deepEqual(await store.read(0, 0), []);
    await store.close();
  });

  test(`${name}: batches are stored in order, read back by range and survive reopening`, async () => {
    const { store, reopen } = await factory.fresh();
    await collect(store);
    await store.append([entry(0), entry(1), entry(2)]);
    await store.append([entry(3)]);
    await store.append([]);
    assert.deepEqual(await store.read(1, 3), [entry(1), entry(2)]);
    await store.close();
    const again = await reopen();
    assert.deepEqual(await collect(again), [0, 1, 2, 3].map(entry));
    await again.append([entry(4)]);
    assert.deepEqual(await again.read(3, 5), [entry(3), entry(4)]);
    await again.close();
  });

  test(`${name}: stored entries are copies (mutating the input afterwards changes nothing)`, async () => {
    const { store } = await factory.fresh();
    await collect(store);
    const e = entry(0);
    await store.append([e]);
    e.leaf[0] = 0x21;
    assert.deepEqual(await store.read(0, 1), [entry(0)]);
    await store.close();
  });
}

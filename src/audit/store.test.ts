import { describe } from 'node:test';
import { MemoryAuditStore } from './store.ts';
import { runAuditStoreConformance } from './store-conformance.ts';

describe('MemoryAuditStore conformance', () => {
  runAuditStoreConformance('memory store', {
    fresh: () => {
      const store = new MemoryAuditStore();
      return Promise.resolve({ store, reopen: () => Promise.resolve(store) });
    },
  });
});

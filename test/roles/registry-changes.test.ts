/**
 * Changes to operators, network elements, destinations and operator policies are audit events
 * (issue 7 item 2): the control role appends one `config.*` event per difference at start and on
 * reload, before it records the new registry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initDeployment } from '../../src/cli/init/init.ts';
import { loadDeployment } from '../../src/platform/config/load.ts';
import { auditRegistryChanges } from '../../src/roles/registry-changes.ts';
import { silentLogger } from '../../src/platform/log.ts';
import type { Deployment } from '../../src/platform/config/types.ts';

type Ev = { type: string; subject?: string; details: Record<string, unknown> };

test('registry changes become config.* audit events, appended before the snapshot moves on', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'warranted-registry-'));
  try {
    const d = loadDeployment(await initDeployment({ dir, subscribers: 50 }));
    const events: Ev[] = [];
    const log = { append: (e: Ev) => Promise.resolve(events.push(e)) };
    const ctx = { id: d.control.admf.id, log: silentLogger() };

    // First start: everything is new.
    const first = await auditRegistryChanges(d, log, ctx);
    assert.equal(events.filter((e) => e.type === 'config.element-added').length, 4);
    assert.equal(events.filter((e) => e.type === 'config.destination-added').length, d.agencies.length);
    assert.equal(d.agencies.length, 3, 'the demo deployment: police, Intelligence Bureau, Federal Investigation Agency');
    assert.equal(events.filter((e) => e.type === 'config.operator-policy-added').length, 2);
    assert.equal(first.length, events.length);

    // Same file again: nothing to record.
    events.length = 0;
    assert.deepEqual(await auditRegistryChanges(d, log, ctx), []);
    assert.equal(events.length, 0);

    // A reload with operator B's policy tightened, an element removed and a LEMF moved.
    const next: Deployment = structuredClone(d);
    const opB = next.operators[1]!;
    opB.policy = { fourEyes: true, officers: ['op-b-officer-1', 'op-a-officer-1'] };
    const removed = opB.elements.pop()!;
    next.agencies[0]!.lemf.hi2 = { host: '127.0.0.1', port: 1 };
    // The log refuses: nothing is recorded as seen, so the next attempt repeats every event.
    await assert.rejects(auditRegistryChanges(next, { append: () => Promise.reject(new Error('log down')) }, ctx), /log down/);
    const changed = await auditRegistryChanges(next, log, ctx);
    assert.deepEqual(changed.sort(), [`destination ${d.agencies[0]!.lemf.id} changed`, `element ${removed.id} removed`, `operator-policy ${opB.id} changed`].sort());
    const policy = events.find((e) => e.type === 'config.operator-policy-changed')!;
    assert.deepEqual(policy.details.before, { fourEyes: false, officers: ['op-b-officer-1'] });
    assert.deepEqual(policy.details.after, { fourEyes: true, officers: ['op-a-officer-1', 'op-b-officer-1'] });
    assert.equal(events.find((e) => e.type === 'config.element-removed')?.subject, removed.id);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProvisioningChangeQueue } from './change-queue.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

test('orders of one warrant apply strictly in order, even when the first is slower', async () => {
  const seen: string[] = [];
  const q = new ProvisioningChangeQueue<{ name: string; ms: number }>({
    apply: async (o) => {
      await new Promise((r) => setTimeout(r, o.ms));
      seen.push(o.name);
      return true;
    },
    onAlarm: () => undefined,
  });
  await Promise.all([q.enqueue({ warrantId: 'w1', stopsOnly: false, order: { name: 'activate', ms: 40 } }), q.enqueue({ warrantId: 'w1', stopsOnly: true, order: { name: 'revoke', ms: 1 } })]);
  assert.deepEqual(seen, ['activate', 'revoke']);
});

test('different warrants do not wait for each other', async () => {
  const seen: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const q = new ProvisioningChangeQueue<string>({
    apply: async (o) => {
      if (o === 'slow') await gate;
      seen.push(o);
      return true;
    },
    onAlarm: () => undefined,
  });
  const slow = q.enqueue({ warrantId: 'w1', stopsOnly: false, order: 'slow' });
  await q.enqueue({ warrantId: 'w2', stopsOnly: false, order: 'fast' });
  assert.deepEqual(seen, ['fast']);
  release();
  await slow;
  assert.deepEqual(seen, ['fast', 'slow']);
});

test('a failed order is alarmed and retried until it holds, never swallowed', async () => {
  let calls = 0;
  const alarms: string[] = [];
  const q = new ProvisioningChangeQueue<string>({
    apply: () => {
      calls++;
      if (calls === 1) return Promise.reject(new Error('audit log unavailable'));
      return Promise.resolve(calls >= 3);
    },
    onAlarm: (code, detail) => alarms.push(`${code} ${detail}`),
    initialBackoffMs: 1,
  });
  await q.enqueue({ warrantId: 'w1', stopsOnly: true, order: 'deactivate' });
  assert.equal(calls, 3);
  assert.equal(alarms.length, 2);
  assert.match(alarms[0]!, /PROVISIONING_ORDER_FAILED warrant w1: attempt 1 failed \(audit log unavailable\)/);
  assert.equal(q.retries, 2);
});

test('a failing activation is superseded by a newer order of the same warrant; a deactivation is not', async () => {
  const applied: string[] = [];
  let activationFails = true;
  const q = new ProvisioningChangeQueue<string>({
    apply: (o) => {
      applied.push(o);
      return Promise.resolve(o === 'activate' ? !activationFails : true);
    },
    onAlarm: () => undefined,
    initialBackoffMs: 20,
  });
  const first = q.enqueue({ warrantId: 'w1', stopsOnly: false, order: 'activate' });
  await tick();
  const second = q.enqueue({ warrantId: 'w1', stopsOnly: true, order: 'deactivate' });
  await Promise.all([first, second]);
  activationFails = false;
  assert.equal(applied.at(-1), 'deactivate', 'the revocation is the last thing applied');
  assert.equal(applied.filter((a) => a === 'activate').length, 2, 'one retry, then superseded');
});

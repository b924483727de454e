/**
 * The operators' RDHIs among the system's identities (src/roles/common.ts): each is an allowed client
 * of the audit service (it reads the log for key revocations and appends rd.* and retention events)
 * and writes in its own name only; the control role may not write in an RDHI's name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment } from '../../src/platform/config/types.ts';
import { auditActorPolicy } from '../../src/roles/audit.ts';
import { rdhiIdentities, systemIdentities } from '../../src/roles/common.ts';

const d = {
  control: { admf: { id: 'admf' }, desk: { id: 'desk' } },
  mediation: { id: 'mdf' },
  audit: { id: 'audit' },
  agencies: [{ lemf: { id: 'lemf-a' } }],
  operators: [
    { id: 'op-a', elements: [{ id: 'op-a-ne' }], retainedData: { rdhi: { id: 'op-a-rdhi' } } },
    { id: 'op-b', elements: [{ id: 'op-b-ne' }], retainedData: {} },
    { id: 'op-c', elements: [] },
  ],
} as unknown as Deployment;

test('systemIdentities lists each configured RDHI; the audit policy lets it write only in its own name', () => {
  assert.deepEqual(rdhiIdentities(d), ['op-a-rdhi']);
  assert.deepEqual(systemIdentities(d), ['admf', 'desk', 'mdf', 'op-a-rdhi']);
  const may = auditActorPolicy(d);
  assert.equal(may('op-a-rdhi', 'op-a-rdhi'), true);
  assert.equal(may('op-a-rdhi', 'desk'), false, 'an RDHI cannot write as the desk');
  assert.equal(may('op-a-rdhi', 'pk-judge'), false, 'nor as an authority (no keys.* events of its making count)');
  assert.equal(may('desk', 'op-a-rdhi'), false, 'the control role cannot write in an RDHI’s name');
  assert.equal(may('desk', 'pk-judge'), true);
});

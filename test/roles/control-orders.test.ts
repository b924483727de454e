/**
 * Production orders through the control role (issue 11): a deployment from `init` with an RDHI for
 * demo-op-a; the witnesses, the audit service and the control role on real sockets with mutual TLS;
 * the agency submits an order to the control role's warrant desk over HI-1, the judge signs it over
 * HI-1 with the key `init` made for them — the order is Active in the control role's store and on
 * the log; demo-op-a's RDHI identity reads it from the desk with the identifier salt the control
 * role derives from its identity key. Every HI-1 document exchanged validates against the XSDs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openParties } from '../../src/cli/demo/parties.ts';
import { warrantSalt } from '../../src/audit/commitment.ts';
import { loadDeployment } from '../../src/platform/config/load.ts';
import { createLogger } from '../../src/platform/log.ts';
import { MetricsRegistry } from '../../src/platform/metrics.ts';
import { startAuditRole } from '../../src/roles/audit.ts';
import { startControlRole } from '../../src/roles/control.ts';
import type { RoleContext, RunningRole } from '../../src/roles/context.ts';
import { startWitnessRole } from '../../src/roles/witness.ts';
import { credentialsOf } from '../../src/roles/common.ts';
import { Hi1Client, fetchOrder, signOrder, submitOrder } from '../../src/warrants/desk/index.ts';
import { openEmbeddedWarrantStore, signOrderApproval, SqlOrderStore } from '../../src/warrants/index.ts';
import { validatorsSkipReason } from '../helpers/validators.ts';
import { assertCapturedHi1Valid, startHi1Capture } from '../helpers/hi1-capture.ts';
import { auditEntries } from '../deployment/helpers.ts';
import { pecaOrder, rdDeployment } from '../helpers/rd-deployment.ts';


function context(d: ReturnType<typeof loadDeployment>, role: RoleContext['role'], id: string, alarms: string[]): RoleContext {
  return { deployment: d, role, id, metrics: new MetricsRegistry(), log: createLogger({ role, id, stream: { write: () => true } }), alarm: (code, detail) => alarms.push(`${code}: ${detail}`) };
}

test('submit + sign over the control role\'s desk: the order is Active in its store and on the log; the RDHI reads it with the salt', { timeout: 300_000 }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'control-orders-'));
  const roles: RunningRole[] = [];
  const capture = startHi1Capture();
  const clients: Hi1Client[] = [];
  try {
    // init's RDHI for demo-op-a; the PECA profile with the demo agency designated (as a deployment would edit its copy).
    const file = await rdDeployment(tmp, { subscribers: 20, seed: 5, designate: { id: 'pk-police', name: 'Police (demo deployment)' }, retainedData: { flushMs: 100 } });
    const d = loadDeployment(file);
    const alarms: string[] = [];
    for (const w of d.witnesses) roles.push(await startWitnessRole(context(d, 'witness', w.id, alarms)));
    roles.push(await startAuditRole(context(d, 'audit', d.audit.id, alarms)));
    roles.push(await startControlRole(context(d, 'control', d.control.desk.id, alarms)));

    const parties = openParties(d);
    const agency = parties.client('pk-police');
    const judge = parties.client('pk-ihc-judge-1');
    const rdhiConf = d.operators[0]!.retainedData!.rdhi!;
    const rdhi = new Hi1Client({ creds: credentialsOf(d, rdhiConf.tls), endpoint: d.control.desk.listen, self: { countryCode: 'XX', uniqueIdentifier: rdhiConf.id }, desk: { countryCode: 'XX', uniqueIdentifier: d.control.desk.id } });
    clients.push(rdhi);
    const now = Date.now();
    const order = pecaOrder({
      reference: 'PO-CONTROL-1',
      agency: { id: 'pk-police', name: 'Police' },
      identifiers: [{ kind: 'msisdn', value: '923001234567' }],
      categories: ['calls', 'sms'],
      period: { start: new Date(now - 3_600_000).toISOString(), end: new Date(now - 1000).toISOString() },
      operators: [d.operators[0]!.id],
      validUntil: new Date(now + 86_400_000).toISOString(),
    });
    try {
      const submitted = await submitOrder(agency, order);
      assert.equal(submitted.state, 'AwaitingApproval');
      const active = await signOrder(judge, order.id, [signOrderApproval(submitted.canonical, parties.signer('pk-ihc-judge-1'), new Date())]);
      assert.equal(active.state, 'Active');
      const seen = await fetchOrder(rdhi, order.id);
      const identityKey = new Uint8Array(readFileSync(d.control.identityKey));
      assert.equal(seen?.identifierSalt, Buffer.from(warrantSalt(identityKey, order.id)).toString('hex'));
      assert.equal(seen.hash, submitted.hash);
    } finally {
      parties.close();
    }
    for (const r of roles.reverse()) await r.stop('test done');
    roles.length = 0;

    // The control role's own store, reopened after it stopped, and the log as written.
    const store = await openEmbeddedWarrantStore({ dataDir: (d.control.store as { dir: string }).dir });
    try {
      const rec = await new SqlOrderStore(store).get(order.id);
      assert.equal(rec?.state, 'Active');
      assert.deepEqual(rec.signatures.map((s) => s.authorityId), ['pk-ihc-judge-1']);
    } finally {
      await store.close();
    }
    const events = auditEntries(d).filter((e) => (e.details as { orderId?: string } | undefined)?.orderId === order.id || e.subject === order.id);
    assert.ok(events.some((e) => e.type === 'order.submitted'), events.map((e) => e.type).join(', '));
    assert.ok(events.some((e) => e.type === 'order.transition' && (e.details as { to?: string }).to === 'Active'));
    if (!validatorsSkipReason) assertCapturedHi1Valid(capture, 6);
  } finally {
    for (const c of clients) c.close();
    for (const r of roles.reverse()) await r.stop('test cleanup').catch(() => undefined);
    capture.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
});

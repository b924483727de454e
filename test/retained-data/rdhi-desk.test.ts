/**
 * The RDHI gets its orders from the warrant desk (issue 11; docs/rd.md "Running an RDHI"), end to end
 * on real sockets with mutual TLS: a deployment from `init` (each demo operator with an RDHI); the
 * witnesses, the audit service, the control role (warrant desk) and demo-op-a's network role run.
 * The agency submits a production order over HI-1 and the judge signs it there; nothing is put in the
 * RDHI's ordersDir. Then:
 * - the agency's exact request is answered — the RDHI fetched the order and its salt from the desk
 *   with its own certificate (rd.request records source "desk");
 * - the judge revokes the order at the desk: the very next request is refused (401), audited;
 * - the control role stops: the desk cannot be asked and no file serves the order → 503
 *   (RDHI_DESK_UNAVAILABLE), audited, alarm;
 * and `audit verify` holds the disclosure to the order (no finding).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVerify } from '../../src/cli/audit/verify-command.ts';
import { openParties } from '../../src/cli/demo/parties.ts';
import { initDeployment } from '../../src/cli/init/init.ts';
import { rdRequest } from '../../src/cli/rd/request.ts';
import { createOperator } from '../../src/network/index.ts';
import { loadDeployment } from '../../src/platform/config/load.ts';
import { createLogger } from '../../src/platform/log.ts';
import { MetricsRegistry } from '../../src/platform/metrics.ts';
import { startAuditRole } from '../../src/roles/audit.ts';
import type { RoleContext, RunningRole } from '../../src/roles/context.ts';
import { startControlRole } from '../../src/roles/control.ts';
import { startNetworkRole } from '../../src/roles/network.ts';
import { startWitnessRole } from '../../src/roles/witness.ts';
import { revokeOrder, signOrder, submitOrder } from '../../src/warrants/desk/index.ts';
import { ManualClock, signOrderApproval, signOrderRevocation } from '../../src/warrants/index.ts';
import { orderDraft } from '../warrants/production-order-fixtures.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function context(d: ReturnType<typeof loadDeployment>, role: RoleContext['role'], id: string, alarms: string[]): RoleContext {
  return { deployment: d, role, id, metrics: new MetricsRegistry(), log: createLogger({ role, id, stream: { write: () => true } }), alarm: (code, detail) => alarms.push(`${code}: ${detail}`) };
}

test('the RDHI asks the warrant desk for the order at every request: served, then revoked, then the desk down → 503', { timeout: 300_000 }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'rdhi-desk-'));
  const roles: RunningRole[] = [];
  let control: RunningRole | undefined;
  try {
    const file = await initDeployment({ dir: tmp, subscribers: 40, seed: 13, fastTimers: true });
    const d = loadDeployment(file);
    const op = d.operators[0]!;
    const sim = op.simulation!;
    const rdhi = op.retainedData!.rdhi!;
    const networkAlarms: string[] = [];
    const others: string[] = [];
    for (const w of d.witnesses) roles.push(await startWitnessRole(context(d, 'witness', w.id, others)));
    roles.push(await startAuditRole(context(d, 'audit', d.audit.id, others)));
    control = await startControlRole(context(d, 'control', 'control', others));
    const network = await startNetworkRole(context(d, 'network', op.id, networkAlarms));
    roles.push(network);

    const operator = createOperator({ id: op.id, name: op.name, mcc: sim.mcc, mnc: sim.mnc, countryCode: sim.countryCode, msisdnPrefix: sim.msisdnPrefix, subscribers: sim.subscribers, cells: sim.cells, seed: sim.seed, centre: sim.centre });
    const [a, b] = [operator.identities(3), operator.identities(4)];
    await network.routes!['POST /simulate']!({ action: 'sms', from: a.msisdn, to: b.msisdn, text: 'at the usual place' });
    await sleep(2000); // the batch writer's flushes

    // The order over HI-1: the agency submits it, the judge signs it at the desk. No file anywhere.
    const parties = openParties(d);
    const clock = new ManualClock(new Date().toISOString());
    const judge = d.control.authorities.find((x) => x.role === 'judge')!;
    const draft = orderDraft('pk-peca-2016', clock, { identifiers: [{ kind: 'msisdn', value: a.msisdn }], categories: ['sms', 'calls'], operators: [op.id] });
    const order = { ...draft, id: randomUUID() };
    const submitted = await submitOrder(parties.client('pk-fia'), order);
    const active = await signOrder(parties.client(judge.id), order.id, [signOrderApproval(submitted.canonical, parties.signer(judge.id), new Date())]);
    assert.equal(active.state, 'Active');
    const ask = () => rdRequest(d, { agency: 'pk-fia', operator: op.id, order: order.id, category: 'sms', msisdn: a.msisdn, from: order.period.start, to: order.period.end });

    const answered = await ask();
    assert.ok(answered.records.length > 0, 'the scripted SMS is disclosed');
    // The served party of each record is the order's subscriber (src/retained-data/rdhi/records.ts).
    for (const r of answered.records) assert.match(JSON.stringify(r), new RegExp(`"partyNumber":"${a.msisdn}"`));

    // Revoked at the desk: refused at the next request (no stale copy can serve it).
    const revoked = await revokeOrder(parties.client(judge.id), order.id, signOrderRevocation(active.hash, 'investigation closed', parties.signer(judge.id), new Date()));
    assert.equal(revoked.state, 'Revoked');
    await assert.rejects(ask(), (e: Error & { standardCode?: number }) => e.standardCode === 401 && /ORDER_REVOKED|ORDER_NOT_ACTIVE/.test(e.message));

    // The desk down, no order file: 503, nothing read.
    await control.stop('desk down');
    control = undefined;
    await assert.rejects(ask(), (e: Error & { standardCode?: number }) => e.standardCode === 503 && /RDHI_DESK_UNAVAILABLE/.test(e.message));
    parties.close();

    for (const r of roles.splice(0).reverse()) await r.stop('test over');
    assert.ok(networkAlarms.some((x) => x.startsWith('RDHI_DESK_UNAVAILABLE')), networkAlarms.join('\n'));
    assert.deepEqual(networkAlarms.filter((x) => !x.startsWith('RDHI_DESK_UNAVAILABLE')), []);
    // The log: each decision of the RDHI, with where it got the order; no identifier in clear.
    const events = readFileSync(join(d.audit.dir, 'entries.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => Buffer.from((JSON.parse(l) as { leaf: string }).leaf, 'base64').toString('utf8'));
    const rd = events.map((e) => JSON.parse(e) as { type: string; actor: string; details: Record<string, unknown> }).filter((e) => e.type.startsWith('rd.') && e.type !== 'rd.retention-deleted');
    assert.ok(rd.every((e) => e.actor === rdhi.id));
    assert.deepEqual(rd.map((e) => [e.type, e.details.source ?? null, e.details.code ?? null]), [
      ['rd.request', 'desk', null],
      ['rd.disclosed', 'desk', null],
      ['rd.request', 'desk', null],
      ['rd.refused', 'desk', rd[3]!.details.code],
      ['rd.refused', null, 'RDHI_DESK_UNAVAILABLE'],
    ]);
    assert.match(String(rd[3]!.details.code), /^ORDER_(REVOKED|NOT_ACTIVE)$/);
    assert.equal(rd[4]!.details.rdError, 503);
    assert.ok(!events.join('\n').includes(a.msisdn), 'no identifier in clear on the log');
    const report = await runVerify({ dir: d.audit.dir, key: d.audit.publicKey!, profiles: d.control.profilesDir ?? join(import.meta.dirname, '../../profiles') });
    assert.deepEqual(report.problems.filter((p) => /rd-|order-/.test(JSON.stringify(p))), [], JSON.stringify(report.problems).slice(0, 2000));
  } finally {
    await control?.stop('test over').catch(() => undefined);
    for (const r of roles.reverse()) await r.stop('test over').catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
});

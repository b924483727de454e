/**
 * `warranted audit verify` and retained data: every `rd.disclosed` must be covered by an approved,
 * unexpired production order whose scope holds it. A lawful story (the interception story of
 * law-story.ts, plus one production order and one disclosure under it) verifies; each unlawful
 * variant is NOT VERIFIED, naming the entry and the rule.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { commitTarget, warrantSalt } from '../../src/audit/commitment.ts';
import type { AuditEvent } from '../../src/audit/index.ts';
import { LawChecker } from '../../src/audit/law/checker.ts';
import { rdDigest, rdDisclosedEvent, rdIdentifierCommitInput, rdRefusedEvent, rdRequestEvent } from '../../src/audit/rd-events.ts';
import { runVerify } from '../../src/cli/audit/verify-command.ts';
import { at, ev, H, lawfulStory, MIN, S, writeStory } from './law-story.ts';

const ORDER = '0b0c7d1e-0000-4000-8000-0000000000a1';
const HASH = 'd'.repeat(64);
const identityKey = randomBytes(32);
const salt = warrantSalt(identityKey, ORDER);
const msisdn = { kind: 'msisdn' as const, value: '447700900123' };
const commitment = commitTarget(salt, rdIdentifierCommitInput(msisdn).kind, rdIdentifierCommitInput(msisdn).value);
const base = { orderId: ORDER, orderHash: HASH, profileId: 'uk-ipa-2016-part3', agencyId: 'uk-nca' };
const period = { start: at(-24 * H), end: at(0) };

/** The order's story: an OCDA key, submission with terms, signature, Active, one request and its disclosure. */
function orderStory(): AuditEvent[] {
  const terms = {
    authorisation: 's60a',
    purpose: 'serious-crime',
    urgent: false,
    categories: ['calls', 'sms'],
    period,
    validUntil: at(2 * H),
    operators: ['op-a'],
    identifiers: [{ kind: 'msisdn', commitment }],
    offence: 'supply of controlled drugs',
    legalBasis: 'IPA 2016 s.60A',
  };
  const rd = { operatorId: 'op-a', requestNumber: '7', category: 'calls', period, identifierKind: 'msisdn' };
  return [
    ev(2 * S, 'keys.authority-registered', 'warrant-desk', 'ocda-1', { authority: { id: 'ocda-1', role: 'judicial-commissioner', name: 'OCDA (test)' } }),
    ev(2 * S, 'keys.key-added', 'warrant-desk', 'ed25519:o1', { key: { keyId: 'ed25519:o1', authorityId: 'ocda-1', publicKey: 'CCCC', validFrom: at(-24 * H) } }),
    ev(5 * MIN, 'order.submitted', 'warrant-core', ORDER, { ...base, terms }),
    ev(6 * MIN, 'order.signature-added', 'ocda-1', ORDER, { ...base, authorityId: 'ocda-1', keyId: 'ed25519:o1', role: 'judicial-commissioner', signedAt: at(6 * MIN - S) }),
    ev(6 * MIN, 'order.transition', 'ocda-1', ORDER, { ...base, from: 'AwaitingApproval', to: 'Active', reason: 'authorisation signed' }),
    rdRequestEvent(at(10 * MIN), 'op-a-rdhi', { ...rd, orderId: ORDER, orderHash: HASH, requestSha256: rdDigest(Buffer.from('request')) }),
    rdDisclosedEvent(at(10 * MIN + S), 'op-a-rdhi', { ...rd, orderId: ORDER, orderHash: HASH, identifier: commitment, responseSha256: rdDigest(Buffer.from('response')), records: 12 }),
    rdRefusedEvent(at(11 * MIN), 'op-a-rdhi', { ...rd, category: 'location', orderId: ORDER, orderHash: HASH, code: 'ORDER_REQUEST_CATEGORY_OUTSIDE', rdError: 403 }),
  ];
}

function story(change?: (events: AuditEvent[]) => void): AuditEvent[] {
  const events = [...lawfulStory(), ...orderStory()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  change?.(events);
  return events;
}

const disclosed = (events: AuditEvent[]): AuditEvent => events.find((e) => e.type === 'rd.disclosed')!;

async function verify(events: AuditEvent[]) {
  const log = await writeStory(events);
  return { log, report: await runVerify({ dir: log.dir, key: log.keyFile }) };
}

function violations(events: AuditEvent[]): { index: number; rule: string }[] {
  const law = new LawChecker({ orderProfiles: { signers: (p, a) => (p === 'uk-ipa-2016-part3' && a === 's60a' ? { roles: ['judicial-commissioner'], ordered: false } : undefined) } });
  events.forEach((e, i) => law.observe(i, e));
  return law.finish().map((v) => ({ index: v.index, rule: v.rule }));
}

describe('audit verify: retained-data disclosures are covered by production orders', () => {
  test('the lawful story with an order and a disclosure verifies', async () => {
    const events = story();
    assert.deepEqual(violations(events), []);
    const { report } = await verify(events);
    assert.deepEqual(report.problems, []);
    assert.equal(report.ok, true);
  });

  const cases: [string, (events: AuditEvent[]) => void][] = [
    ['a category the order does not name', (e) => void (disclosed(e).details.category = 'location')],
    ['a period reaching beyond the order', (e) => void (disclosed(e).details.period = { start: at(-25 * H), end: at(0) })],
    ['another identifier', (e) => void (disclosed(e).details.identifier = commitTarget(salt, 'msisdn', '447700900999'))],
    ['an operator the order does not name', (e) => void (disclosed(e).details.operatorId = 'op-b')],
    ['an order id the log never submitted', (e) => void (disclosed(e).details.orderId = '0b0c7d1e-0000-4000-8000-0000000000ff')],
    ['an altered order hash', (e) => void (disclosed(e).details.orderHash = 'e'.repeat(64))],
    ['a time after the order expired', (e) => void (disclosed(e).at = at(2 * H + MIN))],
    ['an order that was never made Active', (e) => e.splice(e.findIndex((x) => x.type === 'order.transition'), 1)],
  ];
  for (const [name, change] of cases) {
    test(`a disclosure with ${name} → rd-disclosure-covered, naming the entry`, () => {
      const events = story(change).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
      const i = events.findIndex((e) => e.type === 'rd.disclosed');
      assert.deepEqual(violations(events).filter((v) => v.rule === 'rd-disclosure-covered'), [{ index: i, rule: 'rd-disclosure-covered' }]);
    });
  }

  test('an order made Active with no signature, or by a role its profile does not name → order-approved', () => {
    const unsigned = story((e) => e.splice(e.findIndex((x) => x.type === 'order.signature-added'), 1));
    const i = unsigned.findIndex((e) => e.type === 'order.transition');
    assert.deepEqual(violations(unsigned).filter((v) => v.rule === 'order-approved'), [{ index: i, rule: 'order-approved' }]);
    const wrongRole = story((e) => void (e.find((x) => x.type === 'order.signature-added')!.details.role = 'designated-senior-officer'));
    const j = wrongRole.findIndex((e) => e.type === 'order.transition');
    assert.ok(violations(wrongRole).some((v) => v.rule === 'order-approved' && v.index === j));
    assert.ok(violations(wrongRole).some((v) => v.rule === 'signer-key-valid'), 'the key is registered to a judicial-commissioner');
  });

  test('the CLI, as its own process: NOT VERIFIED, first violation named', async () => {
    const events = story((e) => void (disclosed(e).details.category = 'location'));
    const i = events.findIndex((e) => e.type === 'rd.disclosed');
    const { log, report } = await verify(events);
    assert.equal(report.ok, false);
    assert.deepEqual(report.problems.filter((p) => p.code === 'AUDIT_LAW_VIOLATED').map((p) => [p.index, p.rule]), [[i, 'rd-disclosure-covered']]);
    const text = spawnSync(process.execPath, ['bin/warranted.mjs', 'audit', 'verify', '--dir', log.dir, '--key', log.keyFile], { encoding: 'utf8' });
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, new RegExp(`first violation: entry ${i}, rule rd-disclosure-covered`));
    assert.match(text.stdout, /^NOT VERIFIED$/m);
    assert.ok(!text.stdout.includes(msisdn.value), 'the verdict names no identifier');
  });

  test('the CLI judges order signers by the shipped production-order profiles: a role the profile does not name → order-approved', async () => {
    const events = story((e) => void (e.find((x) => x.type === 'order.signature-added')!.details.role = 'designated-senior-officer'));
    const j = events.findIndex((e) => e.type === 'order.transition');
    const { report } = await verify(events);
    assert.equal(report.ok, false);
    assert.ok(report.problems.some((p) => p.code === 'AUDIT_LAW_VIOLATED' && p.rule === 'order-approved' && p.index === j), JSON.stringify(report.problems));
  });
});

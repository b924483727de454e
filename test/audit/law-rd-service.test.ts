/**
 * From the order to the overseer, with the real parts and no hand-written events: the warrant core's
 * key registry and production-order service write onto the log (warrantAuditSink, orderAuditSink),
 * an RDHI-side check runs on a request that went through the TS 102 657 codec and on the order bundle
 * as it would travel, the disclosure is logged with rd-events.ts, and `audit verify` (the real
 * verifier over a written, checkpointed, witnessed log) says VERIFIED — and NOT VERIFIED, naming the
 * entry, once a second disclosure goes beyond the order.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { commitTarget, warrantSalt } from '../../src/audit/commitment.ts';
import type { AuditEvent } from '../../src/audit/index.ts';
import { rdDigest, rdDisclosedEvent, rdIdentifierCommitInput, rdRequestEvent } from '../../src/audit/rd-events.ts';
import { runVerify } from '../../src/cli/audit/verify-command.ts';
import { buildExactRequest, decodeRdMessage, encodeRdMessage, parseExactRequest } from '../../src/standards/rd/index.ts';
import { warrantAuditSink } from '../../src/warrants/desk/index.ts';
import {
  authoriseRdRequest,
  generateSigningKey,
  KeyRegistry,
  loadOrderProfiles,
  ManualClock,
  openEmbeddedWarrantStore,
  orderAuditSink,
  orderBundle,
  ProductionOrderService,
  readOrderBundle,
  signOrderApproval,
  SqlOrderStore,
  type OrderIdentifier,
} from '../../src/warrants/index.ts';
import { writeStory } from './law-story.ts';

test('service → log → RDHI check → rd.disclosed → audit verify', async () => {
  const events: AuditEvent[] = [];
  const log = { append: (e: AuditEvent) => Promise.resolve(events.push(structuredClone(e))) };
  const clock = new ManualClock('2026-03-02T09:00:00.000Z');
  const keys = new KeyRegistry({ clock, audit: warrantAuditSink(log, 'warrant-desk') });
  await keys.registerAuthority({ id: 'uk-ocda-1', role: 'judicial-commissioner', name: 'OCDA authorising individual' });
  const k = generateSigningKey();
  const keyId = (await keys.addKey('uk-ocda-1', { publicKey: k.publicKey, validFrom: '2026-01-01T00:00:00Z' })).keyId;
  const identityKey = randomBytes(32);
  const commit = (orderId: string, id: OrderIdentifier): string => {
    const c = rdIdentifierCommitInput(id);
    return commitTarget(warrantSalt(identityKey, orderId), c.kind, c.value);
  };
  const store = await openEmbeddedWarrantStore();
  const profiles = loadOrderProfiles();
  const svc = new ProductionOrderService({ store: new SqlOrderStore(store), audit: orderAuditSink(log, 'warrant-desk'), keys, profiles, clock, commitIdentifier: commit });
  try {
    clock.advance(60_000);
    const rec = await svc.submit({
      reference: 'PO-E2E-1',
      agency: { id: 'uk-nca', name: 'National Crime Agency' },
      officer: 'DC R. Jones',
      profileId: 'uk-ipa-2016-part3',
      authorisation: 's60a',
      purpose: 'serious-crime',
      legalBasis: 'IPA 2016 s.60A',
      offence: 'supply of controlled drugs',
      identifiers: [{ kind: 'msisdn', value: '+44 7700 900123' }],
      categories: ['calls', 'sms'],
      period: { start: '2026-03-01T09:00:00Z', end: '2026-03-02T09:00:00Z' },
      operators: ['demo-op-a'],
      validUntil: '2026-03-09T09:00:00Z',
      urgent: false,
    });
    clock.advance(60_000);
    const signer = { authorityId: 'uk-ocda-1', keyId, role: 'judicial-commissioner' as const, privateKey: k.privateKey };
    const active = await svc.addSignature(rec.order.id, signOrderApproval(rec.canonical, signer, clock.now()));
    assert.equal(active.state, 'Active');

    // The RDHI: the bundle and the request as they arrive, checked before anything is read.
    clock.advance(60_000);
    const bundle = readOrderBundle(JSON.parse(JSON.stringify(orderBundle(active))));
    const ask = (category: 'calls' | 'location', start: string) => {
      const bytes = encodeRdMessage(buildExactRequest({ requestID: { countryCode: 'GB', authorisedOrganisationID: 'uk-nca', requestNumber: '1' }, cSPID: 'demo-op-a', timeStamp: clock.now(), category, identifier: { kind: 'msisdn', value: '447700900123' }, period: { start: new Date(start), end: new Date('2026-03-02T08:00:00Z') } }));
      return { bytes, request: parseExactRequest(decodeRdMessage(bytes)) };
    };
    const { bytes, request } = ask('calls', '2026-03-01T12:00:00Z');
    const ok = authoriseRdRequest(bundle.order, bundle.signatures, keys, profiles.get(bundle.order.profileId)!, clock.now(), request, { revocations: bundle.revocations });
    assert.equal(ok.ok, true, ok.ok ? '' : ok.error.message);
    const beyond = authoriseRdRequest(bundle.order, bundle.signatures, keys, profiles.get(bundle.order.profileId)!, clock.now(), ask('calls', '2026-03-01T08:00:00Z').request);
    assert.equal(!beyond.ok && beyond.error.code, 'ORDER_REQUEST_PERIOD_OUTSIDE');
    const salt = warrantSalt(identityKey, bundle.order.id); // handed to the operator with the order
    const id = ok.ok ? ok.identifier : (undefined as never);
    const c = rdIdentifierCommitInput(id);
    const rd = { operatorId: 'demo-op-a', requestNumber: '1', category: 'calls', period: { start: request.period!.start.toISOString(), end: request.period!.end.toISOString() }, identifierKind: 'msisdn', orderId: bundle.order.id, orderHash: bundle.hash };
    events.push(rdRequestEvent(clock.now(), 'demo-op-a-rdhi', { ...rd, requestSha256: rdDigest(bytes) }));
    events.push(rdDisclosedEvent(clock.now(), 'demo-op-a-rdhi', { ...rd, identifier: commitTarget(salt, c.kind, c.value), responseSha256: rdDigest(Buffer.from('signed response')), records: 3 }));
    assert.ok(!JSON.stringify(events).includes('447700900123'), 'no identifier in clear on the log');

    const lawful = await writeStory(events);
    const verified = await runVerify({ dir: lawful.dir, key: lawful.keyFile });
    assert.deepEqual(verified.problems, []);
    assert.equal(verified.ok, true);

    // A rogue RDHI discloses location, which the order does not name.
    const rogue = [...events, rdDisclosedEvent(clock.now(), 'demo-op-a-rdhi', { ...rd, category: 'location', identifier: commitTarget(salt, c.kind, c.value), responseSha256: 'f'.repeat(64), records: 40 })];
    const unlawful = await writeStory(rogue);
    const report = await runVerify({ dir: unlawful.dir, key: unlawful.keyFile });
    assert.equal(report.ok, false);
    assert.deepEqual(report.problems.filter((p) => p.code === 'AUDIT_LAW_VIOLATED').map((p) => [p.index, p.rule]), [[rogue.length - 1, 'rd-disclosure-covered']]);
  } finally {
    await store.close();
  }
});

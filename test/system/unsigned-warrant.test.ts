/**
 * No warrant, no wiretap (issue #4): warrants that arrive over HI-1 without the signatures the
 * profile requires, or with signatures by keys the registry does not hold (unregistered, or forged
 * under a registered key id), provision nothing. The network runs with the would-be targets active
 * throughout; afterwards no X1 exchange has happened (the ADMF's counter, the MDF's and the audit
 * log's view), no element holds a task, and the LEMF holds nothing. A control CREATE with the right
 * signatures over the same kind of draft is accepted, so the refusals were about the signatures.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { X1Client } from '../../src/wires/x1/index.ts';
import { ADMF } from './in-process/system.ts';
import { demoWarrantDraft } from './in-process/warrant-flow.ts';
import { canonicalText, defaultKeyId, generateSigningKey, signApproval, signStatement, validateWarrant, type Signature, type Signer, type WarrantDraft } from '../../src/warrants/index.ts';
import { draftFromHi1, firstResponse, Hi1ActionRefused, warrantToHi1Objects, type Hi1Exchange } from '../../src/warrants/desk/index.ts';
import { AGENCY } from './in-process/constants.ts';
import { activityFor, auditEvents, eventsOf, lemfRecords, startSystem, type SystemHarness } from './harness.ts';
import { assertCapturedHi1Valid } from '../helpers/hi1-capture.ts';
import { validatorsSkipReason } from '../helpers/validators.ts';

let h: SystemHarness;
before(async () => {
  h = await startSystem({ name: 'unsigned', subscribers: 120, seed: 41 });
}, { timeout: 180_000 });
after(async () => {
  await h.close();
});

/** The demo warrant; `k` > 0 picks other subscribers (a target may sit in one pending warrant only). */
const newDraft = (k = 0): WarrantDraft & { id: string } => {
  const start = new Date();
  const msisdn = { kind: 'e164Number' as const, value: h.opA.msisdnOf((h.targets.a.index + k) % h.opA.size) };
  const imei = { kind: 'imei' as const, value: h.opB.imeiOf((h.targets.b.index + k) % h.opB.size) };
  return { ...demoWarrantDraft({ msisdn, imei }, start, new Date(start.getTime() + 120_000)), id: randomUUID() };
};

/** The canonical bytes the desk will derive from this draft's HI-1 objects (what approvers sign). */
function canonicalOf(d: WarrantDraft & { id: string }): string {
  const objects = warrantToHi1Objects(d, { countryCode: 'XX' });
  const auth = objects.find((o) => o.objectType === 'Authorisation');
  const tasks = objects.flatMap((o) => (o.objectType === 'LITask' ? [o] : []));
  assert.ok(auth?.objectType === 'Authorisation');
  return canonicalText(validateWarrant(draftFromHi1(auth, tasks, { id: AGENCY.id })));
}

/** A signer claiming an authority's identity and role with a key the registry never saw. */
function unregistered(of: Signer): Signer {
  const k = generateSigningKey();
  return { ...of, keyId: defaultKeyId(k.publicKey), privateKey: k.privateKey };
}

/** A forger: the authority's registered key id, someone else's private key. */
function forged(of: Signer): Signer {
  return { ...of, privateKey: generateSigningKey().privateKey };
}

/** Runs an HI-1 exchange that must be refused for the reason `why` (a warrant error code in the description). */
async function refusedCode(what: string, why: RegExp, exchange: () => Promise<Hi1Exchange>): Promise<string> {
  try {
    firstResponse(await exchange());
  } catch (e) {
    assert.ok(e instanceof Hi1ActionRefused, `${what}: expected an HI-1 refusal, got ${String(e)}`);
    assert.match(e.errorDescription, why, what);
    return `${e.errorCode} ${e.errorDescription.split(':')[0] ?? ''}`;
  }
  assert.fail(`${what}: the desk accepted it`);
}

test('unsigned or wrongly signed warrants over HI-1 provision nothing and deliver nothing', { timeout: 180_000 }, async (t) => {
  h.startTraffic(60_000);
  const agency = h.desk.client(AGENCY.id);
  const minister = h.desk.signers['pk-minister-interior']!;
  const judge = h.desk.signers['pk-ihc-judge-1']!;
  const codes: Record<string, string> = {};
  const activity = activityFor(h, [h.targets.a, h.targets.b], 5000);

  // 1. CREATE without any signature: held as AwaitingApproval, nothing more; it cannot be pushed to
  //    Approved, nor approved with an unregistered or forged key.
  const unsigned = newDraft();
  firstResponse(await agency.submitWarrant(unsigned));
  assert.equal((await h.desk.service.get(unsigned.id))?.state, 'AwaitingApproval');
  codes['DesiredStatus Approved without signatures'] = await refusedCode('activation without signatures', /WARRANT_UNSIGNED/, () => agency.setDesiredStatus(unsigned.id, 'Approved'));
  const canonical = await h.desk.client('pk-ihc-judge-1').canonicalBytes(unsigned.id);
  codes['approval by an unregistered key'] = await refusedCode('approval by an unregistered key', /WARRANT_SIGNATURE_UNKNOWN_KEY/, () => h.desk.client('pk-ihc-judge-1').approve(unsigned.id, [signApproval(canonical, unregistered(judge), new Date())]));
  codes['approval forged under the judge key id'] = await refusedCode('forged approval', /WARRANT_SIGNATURE_INVALID/, () => h.desk.client('pk-ihc-judge-1').approve(unsigned.id, [signApproval(canonical, forged(judge), new Date())]));
  const held = await h.desk.service.get(unsigned.id);
  assert.equal(held?.state, 'AwaitingApproval');
  assert.deepEqual(held.signatures, []);

  // 2. CREATE carrying signatures by unregistered keys: refused, not stored.
  const d2 = newDraft(1);
  const c2 = canonicalOf(d2);
  const sigs2: Signature[] = [signApproval(c2, unregistered(minister), new Date()), signApproval(c2, unregistered(judge), new Date())];
  codes['CREATE signed by unregistered keys'] = await refusedCode('CREATE with unregistered keys', /WARRANT_SIGNATURE_UNKNOWN_KEY/, () => agency.submitWarrant(d2, { signatures: sigs2 }));
  assert.equal(await h.desk.service.get(d2.id), undefined);

  // 3. CREATE carrying signatures forged under the registered key ids: refused, not stored.
  const d3 = newDraft(2);
  const c3 = canonicalOf(d3);
  codes['CREATE with forged signatures'] = await refusedCode('CREATE with forged signatures', /WARRANT_SIGNATURE_INVALID/, () =>
    agency.submitWarrant(d3, { signatures: [signApproval(c3, forged(minister), new Date()), signApproval(c3, forged(judge), new Date())] }),
  );
  assert.equal(await h.desk.service.get(d3.id), undefined);

  // Control: the same construction with the real keys is accepted (the bytes signed were right).
  const d4 = newDraft(3);
  const c4 = canonicalOf(d4);
  firstResponse(await agency.submitWarrant(d4, { signatures: [signApproval(c4, minister, new Date()), signApproval(c4, judge, new Date())] }));
  const approved = await h.desk.service.get(d4.id);
  assert.equal(approved?.signatures.length, 2);
  assert.notEqual(approved.state, 'AwaitingApproval', 'the approvals were accepted');
  // ... but no operator confirmed it, and a confirmation by an unregistered officer key is refused.
  const officer = h.desk.signers['op-a-officer-1']!;
  const hash = createHash('sha256').update(await h.desk.client('op-a-officer-1').canonicalBytes(d4.id)).digest('hex');
  codes['operator confirmation by an unregistered key'] = await refusedCode('confirmation by an unregistered key', /WARRANT_SIGNATURE_UNKNOWN_KEY/, () =>
    h.desk.client('op-a-officer-1').statement(d4.id, signStatement('operator-confirmation', hash, 'demo-op-a', unregistered(officer), new Date())),
  );
  assert.deepEqual((await h.desk.service.get(d4.id))?.confirmations, []);

  await activity;
  await h.settle();

  // Nothing was provisioned: the ADMF sent no X1, the MDF received none, no element holds a task.
  assert.equal(h.sys.provisioning.exchanges, 0, 'no X1 exchange by the ADMF');
  assert.deepEqual(h.sys.provisioning.expectedTasks(), []);
  assert.deepEqual(h.sys.provisioning.states(), []);
  assert.equal(h.sys.mediation.stats().tasks, 0);
  assert.equal(h.sys.mediation.stats().received, 0, 'no X2/X3 reached mediation');
  for (const n of h.sys.networks) {
    for (const s of n.stats()) assert.deepEqual(s.byXid, {}, `${s.identifier} emitted X2/X3`);
    for (const [ne, endpoint] of n.x1Endpoints) {
      const c = new X1Client({ creds: h.sys.creds.get(ADMF)!, endpoint, admfIdentifier: ADMF, neIdentifier: ne });
      try {
        assert.deepEqual((await c.request({ messageType: 'ListAllDetailsRequest' })).listOfXIDs, [], `${ne} holds a task`);
      } finally {
        c.close();
      }
    }
  }

  // Nothing at the LEMF, though the would-be targets were busy (ground truth).
  assert.deepEqual(h.sys.lemf.store.as('system-test').liids(), []);
  assert.deepEqual(lemfRecords(h), []);
  assert.ok(eventsOf(h, h.targets.a).length > 0 && eventsOf(h, h.targets.b).length > 0, 'the would-be targets used the network');

  // The audit log holds the refusals and no X1 at all. (The ListAllDetails above went straight to
  // the POIs with a test client, not through the ADMF, so they are not in it either.)
  const events = await auditEvents(h);
  assert.equal(events.filter((e) => e.type === 'x1.exchange' || e.type === 'x1.received').length, 0, 'no X1 exchange in the audit log');
  // mdf.state-restored is the MDF's start record (what it reloaded from disk), not about any warrant.
  assert.equal(events.filter((e) => (e.type.startsWith('provisioning.') || e.type.startsWith('mdf.')) && e.type !== 'mdf.state-restored').length, 0);
  const refused = events.filter((e) => e.type === 'hi1.refused' || e.type === 'warrant.refused');
  assert.ok(refused.length >= Object.keys(codes).length, `every refusal audited (${refused.length})`);
  t.diagnostic(`HI-1 refusal codes: ${JSON.stringify(codes)}; ${refused.length} refusal events audited`);
});

// Every HI-1 document of this run, requests and responses, against the official TS 103 120 XSDs
// and our extension schema (docs/hi1.md "How it is validated").
test('every HI-1 document exchanged in this run validates (validate-hi1.sh + warranted-hi1-1.xsd)', { skip: validatorsSkipReason }, () => {
  assertCapturedHi1Valid(h.hi1, 12);
});

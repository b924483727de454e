import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { signCheckpoint } from './checkpoint.ts';
import { EMPTY_ROOT } from './hash.ts';
import { createNoteSigner, encodeVerifierKey } from './note.ts';
import { cosignatureLine, createCosigner } from './witness.ts';
import { cosignersOf, formatWitnessPolicy, hasQuorum, parseWitnessPolicy, type WitnessPolicy } from './witness-policy.ts';

const log = createNoteSigner('warranted.test/audit', generateKeyPairSync('ed25519').privateKey);
const court = createCosigner('court.test/witness', generateKeyPairSync('ed25519').privateKey);
const regulator = createCosigner('regulator.test/witness', generateKeyPairSync('ed25519').privateKey);
const press = createCosigner('press.test/witness', generateKeyPairSync('ed25519').privateKey);
const note = signCheckpoint({ origin: log.name, size: 0, rootHash: EMPTY_ROOT, timestamp: '2026-11-25T08:00:00Z' }, log).note;
const body = note.slice(0, note.indexOf('\n\n') + 1);
const cosign = (n: string, ...by: (typeof court)[]) => n + by.map((w) => cosignatureLine(body, w, 1_790_000_000)).join('');

const text = [
  '# two of three, or the court',
  `log ${encodeVerifierKey(log)}`,
  `witness court ${encodeVerifierKey(court)} https://court.test/`,
  `witness regulator ${encodeVerifierKey(regulator)}`,
  `witness press ${encodeVerifierKey(press)}`,
  'group two 2 court regulator press',
  'group either any two court',
  'quorum either',
  '',
].join('\n');

test('parse → format → parse is the identity; comments and blank lines are ignored', () => {
  const policy = parseWitnessPolicy(text);
  assert.deepEqual(policy.witnesses.map((w) => [w.name, w.verifier.name, w.url]), [
    ['court', 'court.test/witness', 'https://court.test/'],
    ['regulator', 'regulator.test/witness', undefined],
    ['press', 'press.test/witness', undefined],
  ]);
  assert.deepEqual(policy.groups, [
    { name: 'two', threshold: 2, members: ['court', 'regulator', 'press'] },
    { name: 'either', threshold: 'any', members: ['two', 'court'] },
  ]);
  assert.deepEqual(policy.quorum, { kind: 'name', name: 'either' });
  const again = formatWitnessPolicy(policy, 'written by a test');
  assert.match(again, /^# written by a test\nlog warranted\.test\/audit\+/);
  // KeyObjects do not compare structurally: compare what the text says.
  assert.equal(formatWitnessPolicy(parseWitnessPolicy(again)), formatWitnessPolicy(policy));
  assert.equal(formatWitnessPolicy(policy), text.split('\n').slice(1).join('\n'));
});

test('cosignersOf names only witnesses whose cosignature verifies over this body; hasQuorum applies groups', () => {
  const policy = parseWitnessPolicy(text);
  assert.deepEqual(cosignersOf(note, policy), []);
  assert.equal(hasQuorum(note, policy), false);
  assert.equal(hasQuorum(cosign(note, regulator), policy), false);
  assert.equal(hasQuorum(cosign(note, court), policy), true, 'the court alone satisfies "either"');
  assert.equal(hasQuorum(cosign(note, regulator, press), policy), true, 'two of three');
  assert.deepEqual(cosignersOf(cosign(note, press, regulator), policy), ['regulator', 'press']);
  // A cosignature over another body (the root edited) counts for nothing.
  const forged = cosign(note, court).replace(/\n0\n/, '\n1\n');
  assert.deepEqual(cosignersOf(forged, policy), []);
  // A cosignature by a key the policy does not list is ignored (c2sp.org/signed-note).
  const stranger = createCosigner('court.test/witness', generateKeyPairSync('ed25519').privateKey);
  assert.equal(hasQuorum(cosign(note, stranger), policy), false);
});

test('quorum N counts the listed witnesses; quorum none needs nothing', () => {
  const base: WitnessPolicy = { ...parseWitnessPolicy(text), groups: [], quorum: { kind: 'count', n: 2 } };
  assert.equal(hasQuorum(cosign(note, court), base), false);
  assert.equal(hasQuorum(cosign(note, court, press), base), true);
  assert.equal(hasQuorum(note, { ...base, quorum: { kind: 'none' } }), true);
});

test('malformed policies name the line and the problem', () => {
  const bad = (policy: string, pattern: RegExp) =>
    assert.throws(() => parseWitnessPolicy(policy), (e: { code: string; message: string }) => e.code === 'AUDIT_POLICY_MALFORMED' && pattern.test(e.message));
  const logLine = `log ${encodeVerifierKey(log)}`;
  const courtLine = `witness court ${encodeVerifierKey(court)}`;
  bad(`${courtLine}\nquorum 1\n`, /no log line/);
  bad(`${logLine}\n${courtLine}\n`, /no quorum line/);
  bad(`${logLine}\n${courtLine}\nquorum 2\n`, /line 3: quorum 2 must be between 1 and the 1 witnesses/);
  bad(`${logLine}\n${courtLine}\nquorum 0\n`, /quorum 0/);
  bad(`${logLine}\n${courtLine}\n${courtLine}\nquorum 1\n`, /line 3: "court" is defined twice/);
  bad(`${logLine}\n${courtLine}\nwitness court2 ${encodeVerifierKey(court)}\nquorum 1\n`, /listed twice/);
  bad(`${logLine}\nwitness court ${encodeVerifierKey(log)}\nquorum 1\n`, /line 2: a witness key must be a cosignature\/v1/);
  bad(`log ${encodeVerifierKey(court)}\nquorum none\n`, /line 1: the log key must be an Ed25519/);
  bad(`${logLine}\n${courtLine}\ngroup g 2 court\nquorum g\n`, /line 3: group threshold 2 exceeds its 1 members/);
  bad(`${logLine}\n${courtLine}\ngroup g 1 court nobody\nquorum g\n`, /"nobody" is not a witness or group defined above/);
  bad(`${logLine}\n${courtLine}\nquorum someone\n`, /quorum names "someone"/);
  bad(`${logLine}\nwitness court not-a-key\nquorum 1\n`, /line 2: bad verifier key/);
  bad(`${logLine}\nwitnesses court\nquorum none\n`, /line 2: unknown directive "witnesses"/);
});

/** Production-order profiles: the shipped three load, each level cites its clause; bad files are refused with the JSON path. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadOrderProfiles, loadProfiles, parseOrderProfile, ProductionOrderError } from '../../src/warrants/index.ts';

const shipped = loadOrderProfiles();

test('the three profiles load, and the interception profiles do not see them', () => {
  assert.deepEqual([...shipped.keys()], ['pk-peca-2016', 'uk-ipa-2016-part3', 'us-sca-2703']);
  for (const p of shipped.values()) {
    assert.ok(p.legalBasis.length >= 5, p.id);
    for (const a of p.authorisations) assert.ok(a.legalBasis.length > 0 && a.signers.roles.length > 0, `${p.id}/${a.id}`);
  }
  assert.ok(![...loadProfiles().keys()].some((id) => shipped.has(id)));
});

test('the rules the law sets: UK s.61A 3 days, US location only by warrant, PECA s.31 confirmed within 24 hours', () => {
  const uk = shipped.get('uk-ipa-2016-part3')!.authorisations.find((a) => a.id === 's61a-urgent')!;
  assert.deepEqual([uk.maxValidity, uk.urgent], [{ days: 3 }, true]);
  const us = shipped.get('us-sca-2703')!.authorisations;
  assert.deepEqual(us.filter((a) => a.categories.includes('location')).map((a) => a.id), ['warrant-2703c1a']);
  const pk = shipped.get('pk-peca-2016')!.authorisations.find((a) => a.id === 's31-urgent')!;
  assert.deepEqual(pk.confirm, { roles: ['judge'], within: { hours: 24 } });
});

test('malformed profiles are ORDER_PROFILE_INVALID naming the path', () => {
  const base = structuredClone(JSON.parse(JSON.stringify(shipped.get('uk-ipa-2016-part3')!))) as Record<string, unknown> & { authorisations: Record<string, unknown>[] };
  base.kind = 'production-order';
  const bad = (mutate: (p: typeof base) => void, path: RegExp) => {
    const p = structuredClone(base);
    mutate(p);
    assert.throws(() => parseOrderProfile(p, 'test'), (e: unknown) => e instanceof ProductionOrderError && e.code === 'ORDER_PROFILE_INVALID' && path.test(String(e.details?.path)));
  };
  assert.equal(parseOrderProfile(structuredClone(base), 'test').id, 'uk-ipa-2016-part3');
  bad((p) => (p.kind = 'warrant'), /^\$\.kind$/);
  bad((p) => (p.authorisations[0]!.categories = ['everything']), /categories\[0\]/);
  bad((p) => (p.authorisations[0]!.confirm = { roles: ['judge'], within: { hours: 1 } }), /confirm$/);
  bad((p) => (p.authorisations[0]!.maxLookback = { workingDays: 3 }), /maxLookback\.workingDays/);
  bad((p) => (p.authorisations[0]!.purposes = ['mass-surveillance']), /purposes\[0\]/);
  bad((p) => (p.authorisations[0]!.signers = { roles: ['emperor'], ordered: false }), /signers\.roles\[0\]/);
});

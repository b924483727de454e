/** Canonical bytes, hash, derivation stability, profiles loader, working days, error docs sync. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  canonicalText,
  deriveTasks,
  deriveXid,
  defaultProfilesDir,
  endOfNthWorkingDayAfter,
  ERROR_CODES,
  LIID_PATTERN,
  loadProfiles,
  parseProfile,
  ProfileError,
  validateWarrant,
  warrantHash,
  type Warrant,
} from '../../src/warrants/index.ts';
import { newRecord } from '../../src/warrants/service-core.ts';

const base: Warrant = validateWarrant({
  id: '3f0c6a4e-8d1b-4c2a-9e5f-0a1b2c3d4e5f',
  reference: 'W123456',
  agency: { id: 'pk-police', name: 'Police' },
  officer: 'Inspector A. Khan',
  legalBasis: 'IFTA 2013',
  offence: 'financing of terrorism',
  targets: [{ kind: 'e164Number', value: '+923001234567' }, { kind: 'imsi', value: '410011234567890' }],
  categories: { content: true, services: ['sms', 'voice'] },
  targetCategories: [{ target: { kind: 'imsi', value: '410011234567890' }, categories: { content: false, services: ['location'] } }],
  operators: ['jazz', 'demo-op-a'],
  start: '2026-03-02T14:00:00+05:00',
  end: '2026-04-01T09:00:00Z',
  delivery: { destinationId: 'lemf-1', address: 'lemf.example:9000' },
  retentionDays: 365,
  emergency: false,
  profileId: 'pk-ifta-2013',
});

test('canonical bytes: sorted keys, UTC times, normalised and sorted identities', () => {
  const text = canonicalText(base);
  assert.ok(text.startsWith('{"agency":{"id":"pk-police","name":"Police"},"categories":{"content":true,"services":["voice","sms"]}'));
  assert.ok(text.includes('"start":"2026-03-02T09:00:00.000Z"'));
  assert.ok(text.includes('"targets":[{"kind":"e164Number","value":"923001234567"},{"kind":"imsi","value":"410011234567890"}]'));
  assert.ok(text.includes('"operators":["demo-op-a","jazz"]'));
  assert.ok(!/\s"|":\s/.test(text), 'no insignificant whitespace');
});

test('hash is independent of input order and zone notation, and changes with any legal field', () => {
  const reordered = validateWarrant({ ...base, targets: [...base.targets].reverse(), operators: ['jazz', 'demo-op-a'], start: '2026-03-02T09:00:00Z' });
  assert.equal(warrantHash(reordered), warrantHash(base));
  assert.match(warrantHash(base), /^[0-9a-f]{64}$/);
  for (const change of [{ offence: 'other' }, { end: '2026-04-01T09:00:01Z' }, { retentionDays: 366 }, { categories: { content: false, services: ['sms', 'voice'] } }]) {
    assert.notEqual(warrantHash(validateWarrant({ ...base, ...change })), warrantHash(base));
  }
});

test('derivation: one task per target per operator, stable XIDs (v4 layout), content ⇒ X2andX3', () => {
  const rec = newRecord(base, new Date('2026-03-02T09:00:00Z'));
  const tasks = deriveTasks(rec);
  assert.equal(tasks.length, 4);
  assert.deepEqual(deriveTasks(newRecord(base, new Date('2027-01-01T00:00:00Z'))).map((t) => t.xid), tasks.map((t) => t.xid), 'stable across re-derivation');
  assert.equal(new Set(tasks.map((t) => t.xid)).size, 4);
  for (const t of tasks) {
    assert.match(t.xid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(t.warrantHash, rec.hash);
    assert.match(t.liid, LIID_PATTERN);
  }
  const msisdnTask = tasks.find((t) => t.target.kind === 'e164Number')!;
  const imsiTask = tasks.find((t) => t.target.kind === 'imsi')!;
  assert.equal(msisdnTask.deliveryType, 'X2andX3');
  assert.deepEqual(msisdnTask.services, ['voice', 'sms']);
  assert.equal(imsiTask.deliveryType, 'X2Only', 'per-target override: IRI only');
  assert.deepEqual(imsiTask.services, ['location']);
  const t0 = base.targets[0]!;
  assert.notEqual(deriveXid(base.id, t0, 'jazz'), deriveXid(base.id, t0, 'demo-op-a'));
  assert.notEqual(deriveXid(base.id, t0, 'jazz'), deriveXid('3f0c6a4e-8d1b-4c2a-9e5f-0a1b2c3d4e60', t0, 'jazz'));
  assert.equal(deriveXid(base.id, t0, 'jazz'), deriveXid(base.id, { ...t0 }, 'jazz'));
  assert.ok(rec.liid.startsWith('PKPOLICE-') && rec.liid.length <= 25);
});

test('profiles: the three shipped profiles load; bad files are refused with the field path', () => {
  const profiles = loadProfiles();
  assert.deepEqual([...profiles.keys()], ['pk-ifta-2013', 'uk-ipa-2016', 'us-title-iii']);
  assert.deepEqual(profiles.get('pk-ifta-2013')?.signers, { roles: ['minister', 'judge'], ordered: true });
  assert.deepEqual(profiles.get('uk-ipa-2016')?.emergency?.confirmWithin, { workingDays: 3 });
  const json = JSON.parse(readFileSync(join(defaultProfilesDir, 'us-title-iii.json'), 'utf8')) as Record<string, unknown>;
  const bad: [Record<string, unknown>, string][] = [
    [{ ...json, maxDuration: { weeks: 2 } }, '$.maxDuration.weeks'],
    [{ ...json, signers: { roles: ['emperor'], ordered: false } }, '$.signers.roles[0]'],
    [{ ...json, caps: { activeTargetsPerAgency: 0, activeTargetsOverall: 5 } }, '$.caps.activeTargetsPerAgency'],
    [{ ...json, allowedIdentifierKinds: ['e164Number', 'ipv4Cidr'] }, '$.allowedIdentifierKinds'],
    [{ ...json, designatedAgencies: [] }, '$.designatedAgencies'],
    [{ ...json, calendar: { timeZone: 'Mars/Olympus', holidays: [] } }, '$.calendar.timeZone'],
  ];
  for (const [profile, path] of bad) {
    assert.throws(() => parseProfile(profile, 'test.json'), (e: unknown) => e instanceof ProfileError && e.code === 'PROFILE_INVALID' && e.details?.path === path);
  }
});

test('working days: weekends and listed holidays do not count; deadline is local midnight', () => {
  const cal = { timeZone: 'Europe/London', holidays: ['2026-04-03', '2026-04-06'] };
  // Thursday 2 April 2026 (BST): Fri 3 and Mon 6 are holidays → Tue 7, Wed 8, Thu 9 → ends Fri 10 00:00 BST.
  assert.equal(endOfNthWorkingDayAfter(new Date('2026-04-02T12:00:00Z'), 3, cal).toISOString(), '2026-04-09T23:00:00.000Z');
  assert.equal(endOfNthWorkingDayAfter(new Date('2026-03-06T09:00:00Z'), 3, cal).toISOString(), '2026-03-12T00:00:00.000Z');
});

test('docs/errors/warrants.md documents every error code', () => {
  const doc = readFileSync(new URL('../../docs/errors/warrants.md', import.meta.url), 'utf8');
  for (const e of ERROR_CODES) assert.ok(doc.includes(`| ${e.code} |`), `${e.code} missing from docs/errors/warrants.md`);
});

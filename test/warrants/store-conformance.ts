/**
 * ONE conformance suite for every WarrantStore implementation (embedded PGlite, PostgreSQL).
 * `open` returns a fresh-or-reopened store on the same database; the suite closes what it opens.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { validateWarrant, WarrantError, type WarrantRecord, type WarrantStore } from '../../src/warrants/index.ts';
import { newRecord, nextVersion, applyTransition } from '../../src/warrants/service-core.ts';

const T = new Date('2026-03-02T09:00:00.000Z');

function record(agencyId = 'pk-police', over: Record<string, unknown> = {}): WarrantRecord {
  const w = validateWarrant({
    id: randomUUID(),
    reference: `W${randomUUID().slice(0, 6)}`,
    agency: { id: agencyId, name: 'Agency' },
    officer: 'Officer Ünal', // non-ASCII must survive byte-exact
    legalBasis: 'test',
    offence: 'test offence — “quoted”',
    targets: [{ kind: 'e164Number', value: `44770090${Math.floor(Math.random() * 1e4).toString().padStart(4, '0')}` }],
    categories: { content: false, services: ['sms', 'voice'] },
    operators: ['demo-op-b', 'demo-op-a'],
    start: '2026-03-02T10:00:00+01:00',
    end: '2026-03-20T09:00:00Z',
    delivery: { destinationId: 'd1', address: 'x:1' },
    retentionDays: 30,
    emergency: false,
    profileId: 'pk-ifta-2013',
    ...over,
  });
  return newRecord(w, T);
}

export function runStoreConformance(name: string, open: () => Promise<WarrantStore>, opts: { skip?: string } = {}): void {
  describe(`WarrantStore conformance: ${name}`, { skip: opts.skip }, () => {
    test('insert then get returns the same record, canonical text byte-exact', async () => {
      const s = await open();
      try {
        const r = record();
        await s.transaction((tx) => tx.insert(r));
        const got = await s.get(r.warrant.id);
        assert.deepEqual(got, r);
        assert.equal(got?.canonical, r.canonical);
        assert.equal(await s.get(randomUUID()), undefined);
      } finally {
        await s.close();
      }
    });

    test('list filters by state, agency, profile and ids, in creation order', async () => {
      const s = await open();
      try {
        const agency = `ag-${randomUUID().slice(0, 8)}`;
        const a = record(agency);
        const b = { ...record(agency), createdAt: '2026-03-02T09:00:01.000Z' };
        const c = record(`${agency}-other`);
        await s.transaction(async (tx) => {
          await tx.insert(b);
          await tx.insert(a);
          await tx.insert(c);
        });
        assert.deepEqual((await s.list({ agencyId: agency })).map((r) => r.warrant.id), [a.warrant.id, b.warrant.id]);
        assert.deepEqual((await s.list({ ids: [c.warrant.id] })).map((r) => r.warrant.id), [c.warrant.id]);
        assert.equal((await s.list({ agencyId: agency, states: ['Active'] })).length, 0);
        assert.equal((await s.list({ agencyId: agency, profileId: 'pk-ifta-2013', states: ['AwaitingApproval'] })).length, 2);
        assert.equal((await s.list({ agencyId: agency, profileId: 'uk-ipa-2016' })).length, 0);
      } finally {
        await s.close();
      }
    });

    test('duplicate id or (agency, reference) → WARRANT_DUPLICATE, nothing written', async () => {
      const s = await open();
      try {
        const r = record();
        await s.transaction((tx) => tx.insert(r));
        const isDup = (e: unknown) => e instanceof WarrantError && e.code === 'WARRANT_DUPLICATE';
        await assert.rejects(() => s.transaction((tx) => tx.insert(r)), isDup);
        const sameRef = record(r.warrant.agency.id, { reference: r.warrant.reference });
        await assert.rejects(() => s.transaction((tx) => tx.insert(sameRef)), isDup);
        assert.equal(await s.get(sameRef.warrant.id), undefined);
      } finally {
        await s.close();
      }
    });

    test('update with the expected version applies state and history; a stale version conflicts', async () => {
      const s = await open();
      try {
        const r = record();
        await s.transaction((tx) => tx.insert(r));
        const n = nextVersion(r, new Date(T.getTime() + 1000));
        n.signatures.push({ authorityId: 'a', keyId: 'k', role: 'judge', signedAt: T.toISOString(), signature: 'c2ln' });
        applyTransition(n, 'Approved', 'signed', new Date(T.getTime() + 1000), 'a');
        n.emergencyConfirmBy = '2026-03-05T00:00:00.000Z';
        await s.transaction((tx) => tx.update(n, r.version));
        assert.deepEqual(await s.get(r.warrant.id), n);
        const stale = nextVersion(r, T);
        await assert.rejects(() => s.transaction((tx) => tx.update(stale, r.version)), (e: unknown) => e instanceof WarrantError && e.code === 'WARRANT_STORE_CONFLICT');
        assert.deepEqual(await s.get(r.warrant.id), n);
      } finally {
        await s.close();
      }
    });

    test('a throw inside a transaction rolls back every write', async () => {
      const s = await open();
      try {
        const r = record();
        const r2 = record();
        await s.transaction((tx) => tx.insert(r));
        await assert.rejects(() =>
          s.transaction(async (tx) => {
            await tx.insert(r2);
            const n = nextVersion(r, T);
            applyTransition(n, 'Rejected', 'x', T);
            await tx.update(n, r.version);
            throw new Error('audit refused');
          }),
        );
        assert.equal(await s.get(r2.warrant.id), undefined);
        assert.deepEqual(await s.get(r.warrant.id), r);
      } finally {
        await s.close();
      }
    });

    test('concurrent read-modify-write transactions are serialised (no lost update)', async () => {
      const s = await open();
      try {
        const r = record();
        await s.transaction((tx) => tx.insert(r));
        const bump = () =>
          s.transaction(async (tx) => {
            const cur = (await tx.get(r.warrant.id))!;
            const n = nextVersion(cur, T);
            n.statements.push({ purpose: 'suspension', subject: String(cur.version), authorityId: 'a', keyId: 'k', role: 'judge', signedAt: T.toISOString(), signature: 'eA==' });
            await tx.update(n, cur.version);
          });
        await Promise.all([bump(), bump(), bump(), bump()]);
        const got = await s.get(r.warrant.id);
        assert.equal(got?.version, 5);
        assert.equal(got?.statements.length, 4);
      } finally {
        await s.close();
      }
    });

    test('data survive closing and reopening', async () => {
      const r = record();
      const s1 = await open();
      await s1.transaction((tx) => tx.insert(r));
      await s1.close();
      const s2 = await open();
      try {
        assert.deepEqual(await s2.get(r.warrant.id), r);
      } finally {
        await s2.close();
      }
    });
  });
}

/**
 * RemoteAuditLog is handed to mediation, provisioning and the warrant desk as their audit sink
 * (black-box: this file may import every part, src/ tests may not).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { auditTestBed, event, type AuditTestBed } from './helpers.ts';
import type { AuditSink as MediationAuditSink } from '../../src/mediation/mdf.ts';
import type { AuditSink as ProvisioningAuditSink } from '../../src/provisioning/admf.ts';
import type { AuditSink as WarrantAuditSink } from '../../src/warrants/events.ts';
import { keyRegistryEventsFromLog, warrantAuditSink, type AuditAppender } from '../../src/warrants/desk/audit.ts';
import { openAuditDirectory } from '../../src/audit/index.ts';
import { RemoteAuditLog } from '../../src/audit/service/client.ts';
import { startAuditService, type AuditServiceOptions } from '../../src/audit/service/server.ts';

const local = { host: '127.0.0.1', port: 0 };
let bed: AuditTestBed;
before(async () => {
  bed = await auditTestBed(['audit', 'mdf', 'admf']);
});
after(() => bed.cleanup());

function serviceOptions(dir: string, log: AuditServiceOptions['log'], extra: Partial<AuditServiceOptions> = {}): AuditServiceOptions {
  return { creds: bed.creds.get('audit')!, bind: local, log, dir, allowedClients: ['mdf', 'admf'], checkpointIntervalMs: 3_600_000, ...extra };
}

describe('RemoteAuditLog as every role\'s audit sink', () => {
  test('is accepted by mediation, provisioning and the warrant desk; the control role rebuilds its key registry from it', async () => {
    const dir = join(bed.dir, 'sinks');
    const log = await openAuditDirectory({ dir, signer: bed.signer });
    const service = await startAuditService(serviceOptions(dir, log));
    const admf = new RemoteAuditLog({ creds: bed.creds.get('admf')!, endpoint: service.endpoint, serverIdentity: 'audit' });
    try {
      // Compile-time: the structural interfaces each part declares.
      const sinks: [MediationAuditSink, ProvisioningAuditSink, AuditAppender] = [admf, admf, admf];
      const core: WarrantAuditSink = warrantAuditSink(admf, 'admf');
      await sinks[1].append({ type: 'x1.activateTask', at: '2026-11-25T08:00:00.000Z', actor: 'admf', subject: 'xid-1', details: {} });
      await core.append({ type: 'keys.authority-registered', at: '2026-11-25T08:00:01.000Z', authority: { id: 'judge-1', role: 'judge', name: 'Judge One' } });
      const keys = keyRegistryEventsFromLog(await admf.allEvents());
      assert.deepEqual(keys, [{ type: 'keys.authority-registered', at: '2026-11-25T08:00:01.000Z', authority: { id: 'judge-1', role: 'judge', name: 'Judge One' } }]);
      // Warrant events name the acting authority: the service refuses them unless the deployment
      // lets this client act for others (actorPolicy on both ends).
      const signed = { type: 'keys.key-revoked' as const, at: '2026-11-25T08:00:02.000Z', keyId: 'k1', authorityId: 'judge-1', revokedAt: '2026-11-25T08:00:02.000Z', reason: 'lost' };
      await assert.rejects(core.append(signed), { code: 'AUDIT_ACTOR_MISMATCH' });
      const delegated = new RemoteAuditLog({ creds: bed.creds.get('admf')!, endpoint: service.endpoint, serverIdentity: 'audit', actorPolicy: () => true });
      await assert.rejects(warrantAuditSink(delegated, 'admf').append(signed), { code: 'AUDIT_UNAVAILABLE' }, 'the service still refuses');
      await delegated.close();
      assert.equal(log.size, 2);
    } finally {
      await admf.close();
      await service.close();
      await log.close();
    }
  });

  test('a service actorPolicy lets one named client record acts of others, and no one else', async () => {
    const dir = join(bed.dir, 'delegation');
    const log = await openAuditDirectory({ dir, signer: bed.signer });
    const service = await startAuditService(serviceOptions(dir, log, { actorPolicy: (client, actor) => actor === client || (client === 'admf' && actor !== 'mdf') }));
    const admf = new RemoteAuditLog({ creds: bed.creds.get('admf')!, endpoint: service.endpoint, serverIdentity: 'audit', actorPolicy: (actor) => actor !== 'mdf' });
    const mdf = new RemoteAuditLog({ creds: bed.creds.get('mdf')!, endpoint: service.endpoint, serverIdentity: 'audit', actorPolicy: () => true });
    try {
      assert.equal((await admf.append(event('judge-1', 1))).index, 0);
      await assert.rejects(mdf.append(event('judge-1', 2)), (e: { code: string; details: { serviceCode: string } }) => e.code === 'AUDIT_UNAVAILABLE' && e.details.serviceCode === 'AUDIT_ACTOR_MISMATCH');
      assert.equal(log.size, 1);
    } finally {
      await admf.close();
      await mdf.close();
      await service.close();
      await log.close();
    }
  });
});

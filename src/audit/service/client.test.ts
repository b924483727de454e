import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import type { ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { auditTestBed, event, type AuditTestBed } from '../../../test/audit/helpers.ts';
import { mtlsServerOptions } from '../../platform/pki.ts';
import { openAuditDirectory, readCheckpointNotes } from '../directory.ts';
import { parseSignedCheckpoint } from '../checkpoint.ts';
import { RemoteAuditLog } from './client.ts';
import { startAuditService, type AuditServiceOptions } from './server.ts';

const local = { host: '127.0.0.1', port: 0 };
let bed: AuditTestBed;
before(async () => {
  bed = await auditTestBed(['audit', 'mdf', 'admf']);
});
after(() => bed.cleanup());

function serviceOptions(dir: string, log: AuditServiceOptions['log'], extra: Partial<AuditServiceOptions> = {}): AuditServiceOptions {
  return { creds: bed.creds.get('audit')!, bind: local, log, dir, allowedClients: ['mdf', 'admf'], checkpointIntervalMs: 3_600_000, ...extra };
}

/** Polls `check` every 20 ms for up to 5 s. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if (await check()) return;
    await sleep(20);
  }
  assert.fail(`not within 5 s: ${what}`);
}

describe('RemoteAuditLog fails closed', () => {
  test('rejects AUDIT_UNAVAILABLE while the service is stopped, and the next append after a restart on the same port succeeds', async () => {
    const dir = join(bed.dir, 'restart');
    const log = await openAuditDirectory({ dir, signer: bed.signer });
    let service = await startAuditService(serviceOptions(dir, log));
    const client = new RemoteAuditLog({ creds: bed.creds.get('mdf')!, endpoint: service.endpoint, serverIdentity: 'audit' });
    try {
      assert.equal((await client.append(event('mdf', 1))).index, 0);
      await service.close();
      await assert.rejects(client.append(event('mdf', 2)), { code: 'AUDIT_UNAVAILABLE' });
      await assert.rejects(client.ping(), { code: 'AUDIT_UNAVAILABLE' });
      assert.equal(log.size, 1, 'nothing was appended while the service was down');
      service = await startAuditService(serviceOptions(dir, log, { bind: service.endpoint }));
      // No retry inside append: this is a fresh call, and it reconnects.
      assert.equal((await client.append(event('mdf', 3))).index, 1);
    } finally {
      await client.close();
      await service.close();
      await log.close();
    }
  });

  test('rejects AUDIT_UNAVAILABLE when the service does not answer within the timeout', async () => {
    // A server that completes the mutual-TLS handshake as "audit" and then never answers.
    const held: ServerResponse[] = [];
    const silent = https.createServer(mtlsServerOptions(bed.creds.get('audit')!), (_req, res) => held.push(res));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const endpoint = { host: '127.0.0.1', port: (silent.address() as AddressInfo).port };
    const client = new RemoteAuditLog({ creds: bed.creds.get('mdf')!, endpoint, serverIdentity: 'audit', timeoutMs: 300 });
    try {
      const outcomes = await Promise.allSettled([client.append(event('mdf', 1)), client.append(event('mdf', 2))]);
      assert.deepEqual(outcomes.map((o) => o.status === 'rejected' && (o.reason as { code: string }).code), ['AUDIT_UNAVAILABLE', 'AUDIT_UNAVAILABLE']);
      assert.ok(held.length >= 1, 'the request did reach the server');
    } finally {
      await client.close();
      silent.closeAllConnections();
      silent.close();
    }
  });

  test('rejects appends after close', async () => {
    const client = new RemoteAuditLog({ creds: bed.creds.get('mdf')!, endpoint: { host: '127.0.0.1', port: 1 }, serverIdentity: 'audit' });
    await client.close();
    await assert.rejects(client.append(event('mdf', 1)), { code: 'AUDIT_UNAVAILABLE' });
  });
});

describe('audit service checkpoints', () => {
  test('publishes a signed checkpoint every interval when the log grew, and one on close; the directory reopens against them', async () => {
    const dir = join(bed.dir, 'checkpoints');
    const log = await openAuditDirectory({ dir, signer: bed.signer });
    const service = await startAuditService(serviceOptions(dir, log, { checkpointIntervalMs: 50 }));
    const client = new RemoteAuditLog({ creds: bed.creds.get('mdf')!, endpoint: service.endpoint, serverIdentity: 'audit' });
    const sizes = async () => (await readCheckpointNotes(dir)).map((note) => parseSignedCheckpoint(note).size);
    try {
      await Promise.all([1, 2, 3].map((n) => client.append(event('mdf', n))));
      await eventually(async () => (await sizes()).includes(3), 'a checkpoint of size 3');
      const count = (await sizes()).length;
      await sleep(200);
      assert.equal((await sizes()).length, count, 'no new checkpoint while the log did not grow');
    } finally {
      await client.close();
    }
    // On close: a final checkpoint of everything appended (here by an in-process append).
    await log.append(event('audit', 4));
    await service.close();
    assert.equal((await sizes()).at(-1), 4);
    await log.close();
    const reopened = await openAuditDirectory({ dir, signer: bed.signer });
    assert.equal(reopened.size, 4);
    await reopened.close();
  });
});

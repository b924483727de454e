import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoPki } from '../../platform/pki.ts';
import type { NeStatusDetails } from '../../standards/x1/index.ts';
import { X1Client, startX1Server } from './index.ts';

test('one answer the XSD refuses becomes an ErrorResponse; the others in its container still succeed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'warranted-x1-encode-'));
  const creds = await ensureDemoPki(dir, ['admf', 'ne']);
  const server = await startX1Server({
    creds: creds.get('ne')!, bind: { host: '127.0.0.1', port: 0 }, path: '/X1/NE', identifier: 'ne', allowedPeers: ['admf'],
    handler: { onPing: () => undefined, onGetNEStatus: () => ({ neStatus: 'Bogus', listOfFaults: [] }) as unknown as NeStatusDetails },
  });
  const x1 = new X1Client({ creds: creds.get('admf')!, endpoint: server.endpoint, admfIdentifier: 'admf', neIdentifier: 'ne' });
  try {
    const [ping, status, ping2] = await x1.send([{ messageType: 'PingRequest' }, { messageType: 'GetNEStatusRequest' }, { messageType: 'PingRequest' }]);
    assert.equal(ping?.ok, true);
    assert.equal(ping2?.ok, true);
    assert.ok(status && !status.ok && status.error.standardCode === 1000, 'the unencodable answer is refused with 1000');
  } finally {
    x1.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

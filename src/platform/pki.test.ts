import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { DemoCa, ensureDemoPki, mtlsClientOptions, mtlsServerOptions, peerIdentifier } from './pki.ts';

test('demo PKI: mutual TLS accepts our peers, reads their identity, refuses strangers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pki-'));
  try {
    const creds = await ensureDemoPki(dir, ['admf-1', 'ne-1']);
    const again = await ensureDemoPki(dir, ['admf-1', 'ne-1']);
    assert.equal(again.get('admf-1')!.certPem, creds.get('admf-1')!.certPem, 'reused from disk');
    const seen: string[] = [];
    const server = tls.createServer(mtlsServerOptions(creds.get('ne-1')!), (s) => {
      seen.push(peerIdentifier(s));
      s.end('hi');
    });
    server.on('tlsClientError', () => undefined);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const ok = tls.connect({ ...mtlsClientOptions(creds.get('admf-1')!), host: '127.0.0.1', port });
    const [data] = (await once(ok, 'data')) as [Buffer];
    assert.equal(data.toString(), 'hi');
    assert.deepEqual(seen, ['admf-1']);
    ok.destroy();
    // A certificate from another CA is refused by the server.
    const other = await DemoCa.create('rogue CA');
    const rogue = await other.ca.issue('admf-1');
    const bad = tls.connect({ key: rogue.keyPem, cert: rogue.certPem, ca: creds.get('admf-1')!.caPem, host: '127.0.0.1', port });
    const outcome = await new Promise<string>((resolve) => {
      bad.on('data', () => resolve('data'));
      bad.on('error', (e: Error) => resolve(`error:${e.message}`));
      bad.on('close', () => resolve('closed'));
    });
    assert.notEqual(outcome, 'data');
    assert.deepEqual(seen, ['admf-1']);
    server.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DemoCa, ensureDemoPki, type Credentials } from '../platform/pki.ts';
import { startXmlHttpsServer, XmlHttpsClient } from './https-xml.ts';
import { ReconnectingStream } from './reconnecting-stream.ts';
import { tlsConnector, tlsListener, type AcceptedStream } from './transport.ts';

const local = { host: '127.0.0.1', port: 0 };
let dir: string;
let creds: Map<string, Credentials>;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wires-'));
  creds = await ensureDemoPki(dir, ['admf', 'ne']);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('XML over HTTPS with mutual TLS', () => {
  test('routes by path, reports the peer, refuses unknown paths and oversized bodies', async () => {
    const seen: string[] = [];
    const server = await startXmlHttpsServer({
      creds: creds.get('ne')!,
      bind: local,
      maxBodyBytes: 1000,
      routes: { '/X1/NE': (body, ctx) => { seen.push(`${ctx.peer}:${Buffer.from(body).toString()}`); return Promise.resolve({ status: 200, body: '<ok/>' }); } },
    });
    const client = new XmlHttpsClient(creds.get('admf')!, server.endpoint);
    try {
      const r = await client.post('/X1/NE', '<x/>');
      assert.deepEqual([r.status, r.body, r.peer], [200, '<ok/>', 'ne']);
      assert.deepEqual(seen, ['admf:<x/>']);
      // Concurrent requests open more connections; every one must prove the peer's identity
      // (a resumed TLS session carries no certificate, so resumption is off).
      const many = await Promise.all(Array.from({ length: 8 }, () => client.post('/X1/NE', '<y/>')));
      assert.deepEqual(new Set(many.map((m) => m.peer)), new Set(['ne']));
      seen.splice(1);
      assert.equal((await client.post('/nope', '<x/>')).status, 404);
      assert.equal((await client.post('/X1/NE', 'x'.repeat(5000))).status, 413);
      assert.equal(seen.length, 1);
      // A client whose certificate is from another CA never reaches the handler.
      const rogue = await (await DemoCa.create('rogue')).ca.issue('admf');
      const bad = new XmlHttpsClient({ ...rogue, caPem: creds.get('admf')!.caPem }, server.endpoint, 2000);
      await assert.rejects(bad.post('/X1/NE', '<x/>'), { code: 'HTTPS_UNREACHABLE' });
      bad.close();
      assert.equal(seen.length, 1);
    } finally {
      client.close();
      await server.close();
    }
  });
});

describe('ReconnectingStream', () => {
  test('reconnects after the server goes away and comes back on the same port', async () => {
    const received: string[] = [];
    const onStream = (s: AcceptedStream) => s.stream.on('data', (c: Buffer) => received.push(`${s.peer}:${c.toString()}`));
    let listener = await tlsListener(creds.get('ne')!)(local, onStream);
    const port = listener.endpoint.port;
    const rs = new ReconnectingStream({ endpoint: listener.endpoint, connector: tlsConnector(creds.get('admf')!), minBackoffMs: 20, maxBackoffMs: 100 });
    rs.start();
    const waitFor = async (cond: () => boolean) => { for (let i = 0; i < 200 && !cond(); i++) await sleep(10); assert.ok(cond()); };
    await waitFor(() => rs.connected);
    assert.equal(rs.write(Buffer.from('one')), 'sent');
    await waitFor(() => received.length === 1);
    await listener.close();
    await waitFor(() => !rs.connected);
    assert.equal(rs.write(Buffer.from('lost')), 'disconnected');
    listener = await tlsListener(creds.get('ne')!)({ host: '127.0.0.1', port }, onStream);
    await waitFor(() => rs.connected);
    assert.equal(rs.write(Buffer.from('two')), 'sent');
    await waitFor(() => received.length === 2);
    assert.deepEqual(received, ['admf:one', 'admf:two']);
    assert.ok(rs.connections >= 2);
    await rs.stop();
    await listener.close();
  });
});

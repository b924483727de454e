/**
 * An HI-1 client that names the desk (Hi1ClientOptions.desk) talks only to a server whose certificate
 * names that desk: an impostor with a certificate of the same CA (another role of the deployment)
 * fails the TLS handshake and never receives the request. The operator's RDHI fetches production
 * orders this way (src/roles/rdhi-orders.ts): a server posing as the desk could otherwise withhold a
 * revocation.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoPki, type Credentials } from '../../src/platform/pki.ts';
import { Hi1Client } from '../../src/warrants/desk/index.ts';
import { startXmlHttpsServer, type XmlHttpsServer } from '../../src/wires/https-xml.ts';

let dir: string;
let pki: Map<string, Credentials>;
const servers: XmlHttpsServer[] = [];
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'warranted-desk-pin-'));
  pki = await ensureDemoPki(dir, ['warrant-desk', 'demo-op-a-rdhi', 'mdf']);
});
after(async () => {
  for (const s of servers) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A server that answers every POST and counts them. */
async function server(id: string): Promise<{ s: XmlHttpsServer; posts: () => number }> {
  let n = 0;
  const s = await startXmlHttpsServer({
    creds: pki.get(id)!,
    bind: { host: '127.0.0.1', port: 0 },
    routes: {
      '/HI1': () => {
        n++;
        return Promise.resolve({ status: 400, body: '<not-hi1/>' });
      },
    },
  });
  servers.push(s);
  return { s, posts: () => n };
}

test('a client that names the desk refuses a server whose certificate names another identity, before sending anything', async () => {
  const impostor = await server('mdf');
  const pinned = new Hi1Client({ creds: pki.get('demo-op-a-rdhi')!, endpoint: impostor.s.endpoint, self: { countryCode: 'XX', uniqueIdentifier: 'demo-op-a-rdhi' }, desk: { countryCode: 'XX', uniqueIdentifier: 'warrant-desk' } });
  await assert.rejects(pinned.sendXml('<x/>'), (e: unknown) => (e as { code?: string }).code === 'HTTPS_UNREACHABLE' && /names "mdf", expected "warrant-desk"/.test((e as Error).message));
  assert.equal(impostor.posts(), 0, 'the impostor received no request');
  pinned.close();

  // The real desk's certificate: the same client is answered.
  const desk = await server('warrant-desk');
  const toDesk = new Hi1Client({ creds: pki.get('demo-op-a-rdhi')!, endpoint: desk.s.endpoint, self: { countryCode: 'XX', uniqueIdentifier: 'demo-op-a-rdhi' }, desk: { countryCode: 'XX', uniqueIdentifier: 'warrant-desk' } });
  assert.equal((await toDesk.sendXml('<x/>')).status, 400);
  assert.equal(desk.posts(), 1);
  toDesk.close();
});

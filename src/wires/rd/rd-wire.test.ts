/**
 * The retained-data wire over real mutual TLS on 127.0.0.1: a request answered in several parts and
 * signed by the CSP (TS 102 657 §5.3, §8.4.3.4), bad input answered with an ErrorMessage (§6.4) and
 * the connection kept in step, an oversized element refused and the connection closed, a failing
 * handler, a peer outside the CA, a silent RDHI. Every byte on the wire passes decode-rd.sh -c -s.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { once } from 'node:events';
import { ensureDemoPki, mtlsClientOptions, type Credentials } from '../../platform/pki.ts';
import { BerStreamFramer } from '../../standards/ber/index.ts';
import { buildExactRequest, decodeRdMessage, encodeRdMessage, type RetainedDataMessageInput } from '../../standards/rd/index.ts';
import { exactRequests } from '../../standards/rd/test-fixtures.ts';
import { tlsConnector, tlsListener } from '../transport.ts';
import { RdClient, rdDigestVerifies, RdWireError, signRdMessage, startRdServer, type RdHandler, type RdProblem, type RdServer } from './index.ts';
import { validateBytes, validatorsSkipReason } from '../../../test/helpers/validators.ts';

let dir: string;
let creds: Map<string, Credentials>;
let strangers: Map<string, Credentials>;
const csp = generateKeyPairSync('ed25519');
const agency = generateKeyPairSync('ed25519');
const onWire: { name: string; bytes: Uint8Array }[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rdw-'));
  creds = await ensureDemoPki(join(dir, 'pki'), ['rdhi-op-a', 'agency-a']);
  strangers = await ensureDemoPki(join(dir, 'other-ca'), ['agency-a']);
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function withServer(handler: RdHandler, f: (s: RdServer, problems: RdProblem[]) => Promise<void>, maxMessageBytes?: number): Promise<void> {
  const problems: RdProblem[] = [];
  const s = await startRdServer({
    listener: tlsListener(creds.get('rdhi-op-a')!),
    bind: { host: '127.0.0.1', port: 0 },
    handler,
    cspId: 'op-a',
    countryCode: 'GB',
    onProblem: (p) => problems.push(p),
    ...(maxMessageBytes === undefined ? {} : { maxMessageBytes }),
  });
  try {
    await f(s, problems);
  } finally {
    await s.close();
  }
}

const request = (): RetainedDataMessageInput => signRdMessage(buildExactRequest(exactRequests[1]!), agency.privateKey);
const client = (s: RdServer, c = creds, timeoutMs = 5000) => new RdClient({ connector: tlsConnector(c.get('agency-a')!), endpoint: s.endpoint, timeoutMs });

test('a request answered with an acknowledgement, an incomplete and a complete response, each signed by the CSP', async () => {
  let peerSeen = '';
  let requestSigned = false;
  await withServer(
    (msg, ctx) => {
      peerSeen = ctx.peer;
      requestSigned = rdDigestVerifies(msg, agency.publicKey);
      onWire.push({ name: 'request.ber', bytes: ctx.raw });
      const h = { ...msg.retainedDataHeader, cSPID: 'op-a', timeStamp: new Date() };
      const parts: RetainedDataMessageInput[] = [
        { retainedDataHeader: h, retainedDataPayload: { requestAcknowledgement: {} } },
        { retainedDataHeader: h, retainedDataPayload: { responseMessage: { responseStatus: { responseIncomplete: null }, responseNumber: 1 } } },
        { retainedDataHeader: h, retainedDataPayload: { responseMessage: { responseStatus: { responseComplete: null }, responseNumber: 2, numberOfRecordsFound: 0 } } },
      ];
      return Promise.resolve(parts.map((p) => signRdMessage(p, csp.privateKey)));
    },
    async (s) => {
      const answers = await client(s).exchange(request());
      assert.equal(peerSeen, 'agency-a');
      assert.ok(requestSigned, 'the agency signature over header and payload verified at the CSP');
      assert.deepEqual(answers.map((a) => Object.keys(a.message.retainedDataPayload)[0]), ['requestAcknowledgement', 'responseMessage', 'responseMessage']);
      for (const a of answers) {
        assert.ok(rdDigestVerifies(a.message, csp.publicKey), 'CSP signature verifies');
        assert.equal(rdDigestVerifies(a.message, agency.publicKey), false, 'and not under another key');
        onWire.push({ name: `answer-${onWire.length}.ber`, bytes: a.raw });
      }
      // One octet of the payload changed after signing: the digest no longer verifies.
      const last = answers[2]!.message;
      const forged = decodeRdMessage(encodeRdMessage({ ...last, retainedDataPayload: { responseMessage: { responseStatus: { responseComplete: null }, responseNumber: 2, numberOfRecordsFound: 1 } } }));
      assert.equal(rdDigestVerifies(forged, csp.publicKey), false);
      // A client that requires the CSP's signature refuses answers signed by anyone else.
      const wrongKey = new RdClient({ connector: tlsConnector(creds.get('agency-a')!), endpoint: s.endpoint, cspPublicKey: agency.publicKey });
      await assert.rejects(wrongKey.exchange(request()), (e: unknown) => e instanceof RdWireError && e.code === 'RD_WIRE_BAD_DIGEST');
      const rightKey = new RdClient({ connector: tlsConnector(creds.get('agency-a')!), endpoint: s.endpoint, cspPublicKey: csp.publicKey });
      assert.equal((await rightKey.exchange(request())).length, 3);
    },
  );
});

test('a message that does not decode gets an ErrorMessage (400) and the connection stays in step', async () => {
  await withServer(
    (msg) => Promise.resolve([{ retainedDataHeader: msg.retainedDataHeader, retainedDataPayload: { responseMessage: { responseStatus: { responseComplete: null } } } }]),
    async (s, problems) => {
      const sock = tls.connect({ ...mtlsClientOptions(creds.get('agency-a')!), host: '127.0.0.1', port: s.endpoint.port });
      await once(sock, 'secureConnect');
      const framer = new BerStreamFramer();
      const got: Uint8Array[] = [];
      sock.on('data', (c: Buffer) => got.push(...framer.push(c)));
      // A well-formed BER SEQUENCE that is no RetainedDataMessage, then a good request on the same connection.
      sock.write(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x05));
      sock.write(encodeRdMessage(request()));
      for (let i = 0; i < 300 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
      sock.destroy();
      assert.equal(got.length, 2);
      const first = decodeRdMessage(got[0]!);
      assert.ok('errorMessage' in first.retainedDataPayload);
      assert.equal(first.retainedDataPayload.errorMessage.categorisedErrorDescription?.value, 400);
      assert.ok('responseMessage' in decodeRdMessage(got[1]!).retainedDataPayload, 'the next message was answered');
      assert.deepEqual(problems.map((p) => p.code), ['RD_UNEXPECTED_TAG']);
      onWire.push({ name: 'error-400.ber', bytes: got[0]! });
    },
  );
});

test('an element over the limit gets an ErrorMessage (413) and the connection is closed', async () => {
  await withServer(
    () => Promise.reject(new Error('never reached')),
    async (s, problems) => {
      const sock = tls.connect({ ...mtlsClientOptions(creds.get('agency-a')!), host: '127.0.0.1', port: s.endpoint.port });
      await once(sock, 'secureConnect');
      const chunks: Buffer[] = [];
      sock.on('data', (c: Buffer) => chunks.push(c));
      const closed = once(sock, 'close');
      sock.write(Uint8Array.of(0x30, 0x83, 0x10, 0x00, 0x00, ...new Uint8Array(4096)));
      await closed;
      const answer = decodeRdMessage(Buffer.concat(chunks));
      assert.ok('errorMessage' in answer.retainedDataPayload);
      assert.equal(answer.retainedDataPayload.errorMessage.categorisedErrorDescription?.value, 413);
      assert.deepEqual(problems.map((p) => p.code), ['RD_TOO_LARGE']);
    },
    1024,
  );
});

test('a failing handler is answered "internal" without its details', async () => {
  await withServer(
    () => Promise.reject(new Error('database password is hunter2')),
    async (s, problems) => {
      const [a] = await client(s).exchange(request());
      const p = a!.message.retainedDataPayload;
      assert.ok('errorMessage' in p);
      assert.equal(p.errorMessage.categorisedErrorDescription?.value, 500);
      assert.ok(!JSON.stringify(p).includes('hunter2'));
      assert.deepEqual(problems.map((x) => x.code), ['RD_HANDLER_FAILED']);
    },
  );
});

test('a client whose certificate is not from the CA never reaches the handler; a silent RDHI times out', async () => {
  let called = 0;
  await withServer(
    () => {
      called++;
      return new Promise(() => undefined); // never answers
    },
    async (s) => {
      await assert.rejects(client(s, strangers).exchange(request()), (e: unknown) => e instanceof RdWireError && e.code === 'RD_WIRE_UNAVAILABLE');
      assert.equal(called, 0);
      await assert.rejects(client(s, creds, 300).exchange(request()), (e: unknown) => e instanceof RdWireError && e.code === 'RD_WIRE_TIMEOUT');
      assert.equal(called, 1);
    },
  );
});

test('every message on the wire passes decode-rd.sh -c -s', (t) => {
  if (validatorsSkipReason) return t.skip(validatorsSkipReason);
  assert.ok(onWire.length >= 5, `collected ${onWire.length}`);
  const r = validateBytes('decode-rd.sh', onWire, ['-c', '-s', '-o', 'null']);
  assert.ok(r.ok, r.stderr);
  assert.equal((r.stderr.match(/decoded OK/gu) ?? []).length, onWire.length, r.stderr);
});

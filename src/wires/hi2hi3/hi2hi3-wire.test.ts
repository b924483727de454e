import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureDemoPki, type Credentials } from '../../platform/pki.ts';
import { encodePsPdu, LI_PS_DOMAIN_ID, type PsPdu } from '../../standards/hi2hi3/index.ts';
import { tlsConnector, tlsListener } from '../transport.ts';
import { Hi2Hi3Sender, MemoryDeliveryQueue } from './sender.ts';
import { startHi2Hi3Receiver } from './receiver.ts';
import { validateBytes, validatorsSkipReason } from '../../../test/helpers/validators.ts';

let dir: string;
let creds: Map<string, Credentials>;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hiw-'));
  creds = await ensureDemoPki(dir, ['mdf', 'lemf-1']);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const header = (seq: number) => ({
  liPsDomainId: LI_PS_DOMAIN_ID,
  lawfulInterceptionIdentifier: 'LIID-TEST-1',
  authorizationCountryCode: 'GB',
  communicationIdentifier: { networkIdentifier: { operatorIdentifier: 'opA', networkElementIdentifier: 'opA-5gc' }, communicationIdentityNumber: 7, deliveryCountryCode: 'GB' },
  sequenceNumber: seq,
  timeStamp: new Date('2026-11-25T08:00:00.000Z'),
});
const ipcc = (seq: number): Uint8Array =>
  encodePsPdu({ pSHeader: header(seq), payload: { kind: 'cCPayloadSequence', value: [{ payloadDirection: 0, cCContents: { kind: 'iPCC', value: { iPCCContents: { kind: 'iPPackets', value: new Uint8Array(60).fill(seq) } } } }] } });

const waitFor = async (cond: () => boolean, ms = 4000) => {
  for (let t = 0; t < ms && !cond(); t += 10) await sleep(10);
  assert.ok(cond(), 'condition not reached');
};

test('HI2/HI3 over mutual TLS: records kept while the LEMF is down, delivered in order, keep-alives answered', async () => {
  const got: { seq: number; bytes: Uint8Array; peer: string }[] = [];
  const onPdu = (r: { bytes: Uint8Array; pdu: PsPdu }, peer: string) => got.push({ seq: r.pdu.pSHeader.sequenceNumber, bytes: r.bytes, peer });
  const queue = new MemoryDeliveryQueue();
  for (let i = 0; i < 20; i++) queue.push(ipcc(i));
  // LEMF not yet listening: reserve a port by starting and closing a receiver.
  const probe = await startHi2Hi3Receiver({ bind: { host: '127.0.0.1', port: 0 }, listener: tlsListener(creds.get('lemf-1')!), onPdu });
  const endpoint = probe.endpoint;
  await probe.close();
  const tx = new Hi2Hi3Sender({
    endpoint,
    connector: tlsConnector(creds.get('mdf')!),
    queue,
    keepaliveIdleMs: 60,
    makeTri: (payload, seq) => encodePsPdu({ pSHeader: header(seq), payload: { kind: 'tRIPayload', value: payload } }),
  });
  tx.start();
  await sleep(150);
  assert.equal(queue.length, 20, 'nothing leaves the queue while the LEMF is unreachable');
  const rx = await startHi2Hi3Receiver({ bind: endpoint, listener: tlsListener(creds.get('lemf-1')!), onPdu });
  await waitFor(() => got.length === 20);
  assert.deepEqual(got.map((g) => g.seq), Array.from({ length: 20 }, (_, i) => i));
  assert.ok(got.every((g) => g.peer === 'mdf'));
  await waitFor(() => tx.keepalivesAnswered >= 1);
  await tx.stop();
  await rx.close();
  if (!validatorsSkipReason) {
    const r = validateBytes('decode-ps-pdu.sh', got.slice(0, 3).map((g, i) => ({ name: `hi-${i}.ber`, bytes: g.bytes })), ['-o', 'null']);
    assert.ok(r.ok, r.stdout + r.stderr);
  }
});

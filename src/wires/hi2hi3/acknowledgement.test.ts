/**
 * TS 102 232-1 §6.3.5/§6.3.6 over real mutual TLS: option negotiation, acknowledged delivery, a LEMF
 * that reads nothing and drops the connection, a LEMF that stops acknowledging (TIME5), and LEMFs
 * that decline or ignore the option.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoPki, type Credentials } from '../../platform/pki.ts';
import { encodePsPdu, LI_PS_DOMAIN_ID, PsPduStreamReader, type PsPdu } from '../../standards/hi2hi3/index.ts';
import { tlsConnector, tlsListener, type StreamListener } from '../transport.ts';
import { MemoryDeliveryQueue } from './queue.ts';
import { startHi2Hi3Receiver } from './receiver.ts';
import { Hi2Hi3Sender, type AcknowledgementOptions, type SenderAlarmCode } from './sender.ts';
import { waitFor } from '../../../test/helpers/wait.ts';

let dir: string;
let creds: Map<string, Credentials>;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hiack-'));
  creds = await ensureDemoPki(dir, ['mdf', 'lemf-1']);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const header = (seq: number) => ({
  liPsDomainId: LI_PS_DOMAIN_ID,
  lawfulInterceptionIdentifier: 'LIID-ACK-1',
  authorizationCountryCode: 'GB',
  communicationIdentifier: { networkIdentifier: { operatorIdentifier: 'opA', networkElementIdentifier: 'opA-5gc' }, communicationIdentityNumber: 7, deliveryCountryCode: 'GB' },
  sequenceNumber: seq,
  timeStamp: new Date('2026-11-25T08:00:00.000Z'),
});
const ipcc = (seq: number): Uint8Array =>
  encodePsPdu({ pSHeader: header(seq), payload: { kind: 'cCPayloadSequence', value: [{ payloadDirection: 0, cCContents: { kind: 'iPCC', value: { iPCCContents: { kind: 'iPPackets', value: new Uint8Array(1024).fill(seq & 0xff) } } } }] } });

function sender(endpoint: { host: string; port: number }, queue: MemoryDeliveryQueue, acknowledgement: AcknowledgementOptions, alarms: SenderAlarmCode[] = []): Hi2Hi3Sender {
  const tx = new Hi2Hi3Sender({
    endpoint,
    connector: tlsConnector(creds.get('mdf')!),
    queue,
    keepaliveIdleMs: 200,
    keepaliveTimeoutMs: 2000,
    acknowledgement,
    makeTri: (payload, seq) => encodePsPdu({ pSHeader: header(seq), payload: { kind: 'tRIPayload', value: payload } }),
    onAlarm: (c) => alarms.push(c),
  });
  tx.start();
  return tx;
}

const filled = (n: number) => {
  const q = new MemoryDeliveryQueue();
  for (let i = 0; i < n; i++) q.push(ipcc(i));
  return q;
};

test('negotiated acknowledgement: records are confirmed only by the LEMF, after its durability step', async () => {
  const got: number[] = [];
  let durableCalls = 0;
  const rx = await startHi2Hi3Receiver({
    bind: { host: '127.0.0.1', port: 0 },
    listener: tlsListener(creds.get('lemf-1')!),
    acknowledge: true,
    makeDurable: () => {
      durableCalls++;
      return Promise.resolve();
    },
    onPdu: (r) => got.push(r.pdu.pSHeader.sequenceNumber),
  });
  const queue = filled(500);
  const tx = sender(rx.endpoint, queue, { mode: 'negotiate', everyPdus: 100, intervalMs: 50 });
  assert.ok(await tx.flush(10_000), 'everything acknowledged');
  assert.equal(tx.guarantee, 'acknowledged');
  assert.equal(tx.negotiationOutcome, 'acknowledged');
  assert.ok(tx.acksAnswered >= 5, `acknowledgement responses: ${tx.acksAnswered}`);
  assert.ok(durableCalls >= tx.acksAnswered, 'every response followed a durability step');
  assert.deepEqual(got, Array.from({ length: 500 }, (_, i) => i), 'delivered once each, in order');
  assert.equal(tx.delivered, 500);
  await tx.stop();
  await rx.close();
});

test('a LEMF that declines the option, and one that ignores negotiation, still get the records ("written", alarmed)', async () => {
  for (const kind of ['declines', 'ignores'] as const) {
    const got: number[] = [];
    let rx: StreamListener;
    if (kind === 'declines') rx = await startHi2Hi3Receiver({ bind: { host: '127.0.0.1', port: 0 }, listener: tlsListener(creds.get('lemf-1')!), acknowledge: false, onPdu: (r) => got.push(r.pdu.pSHeader.sequenceNumber) });
    else
      // A LGW from before §6.3.5: answers keep-alives only, ignores every other TRI message.
      rx = await tlsListener(creds.get('lemf-1')!)({ host: '127.0.0.1', port: 0 }, ({ stream }) => {
        const reader = new PsPduStreamReader({});
        stream.on('error', () => undefined);
        stream.on('data', (c: Buffer) => {
          for (const r of reader.push(c)) {
            const p = r.pdu as PsPdu;
            if (p.payload.kind === 'tRIPayload' && p.payload.value.kind === 'keepAlive') stream.write(encodePsPdu({ pSHeader: p.pSHeader, payload: { kind: 'tRIPayload', value: { kind: 'keepAliveResponse' } } }));
            else if (p.payload.kind !== 'tRIPayload') got.push(p.pSHeader.sequenceNumber);
          }
        });
      });
    const alarms: SenderAlarmCode[] = [];
    const queue = filled(50);
    const tx = sender(rx.endpoint, queue, { mode: 'negotiate' }, alarms);
    assert.ok(await tx.flush(10_000));
    await waitFor('all 50 stored', () => got.length === 50);
    assert.equal(tx.guarantee, 'written', kind);
    assert.equal(tx.negotiationOutcome, kind === 'declines' ? 'declined' : 'unsupported');
    assert.ok(alarms.includes('HI_ACK_UNAVAILABLE'), kind);
    assert.deepEqual(got, Array.from({ length: 50 }, (_, i) => i));
    await tx.stop();
    await rx.close();
  }
});

test('a LEMF that reads nothing and drops the connection: nothing is confirmed; all of it is delivered to the next', async () => {
  let sockets = 0;
  // Accepts, never reads, closes after a while: with acknowledgement nothing may leave the queue.
  const silent = await tlsListener(creds.get('lemf-1')!)({ host: '127.0.0.1', port: 0 }, ({ stream }) => {
    sockets++;
    stream.pause();
    stream.on('error', () => undefined);
    setTimeout(() => stream.destroy(), 600).unref();
  });
  const endpoint = silent.endpoint;
  const queue = filled(2000);
  const tx = sender(endpoint, queue, { mode: 'required', everyPdus: 200, intervalMs: 50, timeoutMs: 5000 });
  await waitFor('the silent LEMF accepted', () => sockets >= 1);
  await new Promise((r) => setTimeout(r, 700));
  assert.equal(queue.length, 2000, 'nothing confirmed while the LEMF read nothing');
  assert.equal(tx.delivered, 0);
  await silent.close();
  const got: number[] = [];
  const rx = await startHi2Hi3Receiver({ bind: endpoint, listener: tlsListener(creds.get('lemf-1')!), acknowledge: true, onPdu: (r) => got.push(r.pdu.pSHeader.sequenceNumber) });
  assert.ok(await tx.flush(15_000), 'delivered after the LEMF came back');
  assert.deepEqual(got, Array.from({ length: 2000 }, (_, i) => i), 'every record, once, in order');
  await tx.stop();
  await rx.close();
});

test('a LEMF that stops acknowledging: TIME5 expires, the MDF reconnects and resends everything unacknowledged, in order', async () => {
  const got: number[] = [];
  let answer = false;
  const waiting: (() => void)[] = [];
  const rx = await startHi2Hi3Receiver({
    bind: { host: '127.0.0.1', port: 0 },
    listener: tlsListener(creds.get('lemf-1')!),
    acknowledge: true,
    // Stuck storage: acknowledgements wait until `answer` is set.
    makeDurable: () => (answer ? Promise.resolve() : new Promise<void>((r) => waiting.push(r))),
    onPdu: (r) => got.push(r.pdu.pSHeader.sequenceNumber),
  });
  const alarms: SenderAlarmCode[] = [];
  const queue = filled(300);
  const tx = sender(rx.endpoint, queue, { mode: 'negotiate', everyPdus: 50, intervalMs: 50, timeoutMs: 400 }, alarms);
  await waitFor('TIME5 expiry', () => alarms.includes('HI_ACK_TIMEOUT'), 8000);
  assert.equal(queue.length, 300, 'nothing confirmed without a response');
  assert.ok(tx.ackTimeouts >= 1);
  answer = true;
  for (const w of waiting.splice(0)) w();
  assert.ok(await tx.flush(15_000), 'confirmed once the LEMF answers again');
  assert.ok(tx.resent >= 100, `resent after TIME5: ${tx.resent}`);
  assert.ok(got.length >= 300 + tx.resent - 1, 'the resent records reached the LEMF again');
  assert.deepEqual([...new Set(got)].sort((a, b) => a - b), Array.from({ length: 300 }, (_, i) => i), 'every record arrived');
  // Resends come in order, from the oldest unacknowledged record.
  const lastStart = got.lastIndexOf(0);
  assert.deepEqual(got.slice(lastStart, lastStart + 300), Array.from({ length: 300 }, (_, i) => i));
  await tx.stop();
  await rx.close();
});

test('a queue that cannot be read any more (a damaged outbox): HI_QUEUE_FAILED, delivery stops, nothing after the failure is sent', async () => {
  const got: number[] = [];
  const rx = await startHi2Hi3Receiver({ bind: { host: '127.0.0.1', port: 0 }, listener: tlsListener(creds.get('lemf-1')!), acknowledge: true, makeDurable: () => Promise.resolve(), onPdu: (r) => got.push(r.pdu.pSHeader.sequenceNumber) });
  const queue = filled(300);
  const take = queue.take.bind(queue);
  let takes = 0;
  // The first take succeeds; every later one throws, as DurableOutbox.take does after MDF_OUTBOX_FAILED.
  queue.take = (max) => {
    if (takes++ === 0) return take(Math.min(max, 100));
    throw new Error('outbox chunk at position 100 failed authentication');
  };
  const alarms: SenderAlarmCode[] = [];
  const tx = sender(rx.endpoint, queue, { mode: 'negotiate', everyPdus: 100, intervalMs: 50 }, alarms);
  await waitFor('HI_QUEUE_FAILED', () => alarms.includes('HI_QUEUE_FAILED'), 10_000);
  await waitFor('the first 100 records at the LEMF', () => got.length === 100, 10_000);
  const tries = takes;
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(takes, tries, 'no further take after the failure');
  assert.deepEqual(got, Array.from({ length: 100 }, (_, i) => i), 'only what was taken before the failure was sent');
  await tx.stop();
  await rx.close();
});

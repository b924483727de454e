import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { ensureDemoPki, mtlsClientOptions, type Credentials } from '../../platform/pki.ts';
import { encodeX2X3Pdu, firstAttribute, PayloadDirection, PayloadFormat, PduType, type DecodedX2X3Pdu, type X2X3Pdu } from '../../standards/x2x3/index.ts';
import { tlsConnector, tlsListener, type Connector, type ListenerFactory } from '../transport.ts';
import { X2X3Sender } from './sender.ts';
import { startX2X3Receiver } from './receiver.ts';
import { validateBytes, validatorsSkipReason } from '../../../test/helpers/validators.ts';

let dir: string;
let creds: Map<string, Credentials>;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'x2x3w-'));
  creds = await ensureDemoPki(dir, ['poi-1', 'mdf']);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const waitFor = async (cond: () => boolean, ms = 3000) => {
  for (let t = 0; t < ms && !cond(); t += 10) await sleep(10);
  assert.ok(cond(), 'condition not reached');
};

const pdu = (i: number): X2X3Pdu => ({
  version: 5,
  pduType: i % 2 ? PduType.X3 : PduType.X2,
  payloadFormat: i % 2 ? PayloadFormat.RtpPacket : PayloadFormat.SipMessage,
  payloadDirection: PayloadDirection.FromTarget,
  xid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  correlationId: BigInt(i),
  attributes: [{ kind: 'sequenceNumber', value: i }],
  payload: new Uint8Array(100 + i).fill(i & 0xff),
});

test('X2/X3 over mutual TLS: order kept, keepalives acknowledged, queue survives an MDF restart', async () => {
  const got: { pdu: DecodedX2X3Pdu; peer: string }[] = [];
  const alarms: string[] = [];
  const onPdu = (p: DecodedX2X3Pdu, peer: string) => got.push({ pdu: { ...p, raw: p.raw.slice() }, peer });
  let rx = await startX2X3Receiver({ bind: { host: '127.0.0.1', port: 0 }, listener: tlsListener(creds.get('mdf')!), onPdu });
  const port = rx.endpoint.port;
  const tx = new X2X3Sender({ endpoint: rx.endpoint, connector: tlsConnector(creds.get('poi-1')!), keepaliveIntervalMs: 50, onAlarm: (c) => alarms.push(c) });
  tx.start();
  for (let i = 0; i < 50; i++) assert.ok(tx.send(pdu(i)));
  await waitFor(() => got.length === 50);
  assert.deepEqual(got.map((g) => g.pdu.correlationId), Array.from({ length: 50 }, (_, i) => BigInt(i)));
  assert.ok(got.every((g) => g.peer === 'poi-1'));
  await waitFor(() => tx.stats.keepalivesAcknowledged >= 2);

  await rx.close();
  await waitFor(() => !tx.connected);
  for (let i = 50; i < 60; i++) assert.ok(tx.send(pdu(i)));
  assert.equal(tx.stats.queued, 10);
  rx = await startX2X3Receiver({ bind: { host: '127.0.0.1', port }, listener: tlsListener(creds.get('mdf')!), onPdu });
  await waitFor(() => got.length === 60);
  assert.equal(got[59]!.pdu.correlationId, 59n);
  assert.deepEqual(alarms, []);
  await tx.stop();

  // The bytes that crossed the wire are checked by tshark's 5GLI dissector.
  if (!validatorsSkipReason) {
    const r = validateBytes('decode-x2x3.sh', got.slice(0, 6).map((g, i) => ({ name: `wire-${i}.bin`, bytes: g.pdu.raw })));
    assert.ok(r.ok, r.stdout + r.stderr);
  }
  await rx.close();
});

test('X2/X3 receiver: a malformed stream closes that connection and raises an alarm', async () => {
  const alarms: string[] = [];
  const got: DecodedX2X3Pdu[] = [];
  const rx = await startX2X3Receiver({
    bind: { host: '127.0.0.1', port: 0 },
    listener: tlsListener(creds.get('mdf')!),
    onPdu: (p) => got.push(p),
    onAlarm: (c, _d, peer) => alarms.push(`${c}:${peer}`),
  });
  const s = tls.connect({ ...mtlsClientOptions(creds.get('poi-1')!), host: '127.0.0.1', port: rx.endpoint.port });
  await new Promise((r) => s.once('secureConnect', r));
  const closed = new Promise((r) => s.once('close', r));
  s.on('error', () => undefined);
  s.write(Buffer.from('00ff0001000000280000000000000000', 'hex')); // version 255: not TS 103 221-2
  s.write(Buffer.alloc(40));
  await closed;
  assert.deepEqual(alarms, ['X2X3_MALFORMED_STREAM:poi-1']);
  assert.equal(got.length, 0);
  await rx.close();
});

/** A PDU of the coalescing tests: its sequence number is its index; sizes vary from 40 to ~3 KiB. */
const numbered = (i: number): Uint8Array => encodeX2X3Pdu({ ...pdu(i), payload: new Uint8Array((i * 7919) % 3000).fill(i & 0xff) });
const seqOf = (p: DecodedX2X3Pdu) => firstAttribute(p, 'sequenceNumber')!.value;

/** A connector that counts the writes on its sockets (the sender's writes, before TLS). */
function countingConnector(inner: Connector): { connector: Connector; writes: () => number } {
  let writes = 0;
  return {
    writes: () => writes,
    connector: async (ep) => {
      const s = await inner(ep);
      const write = s.write.bind(s) as (c: Uint8Array) => boolean;
      (s as unknown as { write: (c: Uint8Array) => boolean }).write = (c) => {
        writes++;
        return write(c);
      };
      return s;
    },
  };
}

test('X2/X3 coalesced writes over mutual TLS: 20,000 PDUs sent in bursts arrive whole, in order, once, in far fewer writes', async () => {
  const n = 20_000;
  const sent = Array.from({ length: n }, (_, i) => numbered(i));
  const got: DecodedX2X3Pdu[] = [];
  const alarms: string[] = [];
  const rx = await startX2X3Receiver({ bind: { host: '127.0.0.1', port: 0 }, listener: tlsListener(creds.get('mdf')!), onPdu: (p) => got.push(p), onAlarm: (c) => alarms.push(c) });
  const c = countingConnector(tlsConnector(creds.get('poi-1')!));
  const tx = new X2X3Sender({ endpoint: rx.endpoint, connector: c.connector });
  tx.start();
  await waitFor(() => tx.connected);
  // A producer with a window of 500 queued PDUs, waiting for room as the bench's POI does.
  for (let i = 0; i < n; ) {
    while (i < n && tx.stats.queued < 500) assert.ok(tx.sendEncoded(sent[i++]!));
    if (i < n) await tx.whenQueuedBelow(500);
  }
  assert.equal(await tx.drain(10_000), true);
  await waitFor(() => got.length === n, 20_000);
  assert.deepEqual(got.map(seqOf), Array.from({ length: n }, (_, i) => i));
  for (let i = 0; i < n; i++) assert.ok(Buffer.from(got[i]!.raw).equals(sent[i]!), `PDU ${i} differs`);
  assert.equal(tx.stats.sent, n);
  assert.ok(c.writes() < n / 10, `${c.writes()} socket writes for ${n} PDUs`);
  assert.deepEqual(alarms, []);
  await tx.stop();
  await rx.close();
});

test('X2/X3 sender: the bounded queue refuses and alarms while the MDF is down; exactly the accepted PDUs arrive after it comes back', async () => {
  const got: DecodedX2X3Pdu[] = [];
  const onPdu = (p: DecodedX2X3Pdu) => got.push(p);
  let rx = await startX2X3Receiver({ bind: { host: '127.0.0.1', port: 0 }, listener: tlsListener(creds.get('mdf')!), onPdu });
  const port = rx.endpoint.port;
  await rx.close();
  const alarms: string[] = [];
  const tx = new X2X3Sender({ endpoint: rx.endpoint, connector: tlsConnector(creds.get('poi-1')!), maxQueueBytes: 20_000, reconnectBackoffMs: { min: 20, max: 50 }, onAlarm: (c) => alarms.push(c) });
  tx.start();
  const accepted: number[] = [];
  for (let i = 0; i < 200; i++) if (tx.sendEncoded(encodeX2X3Pdu(pdu(i)))) accepted.push(i);
  assert.ok(accepted.length > 0 && accepted.length < 200);
  // The queue keeps the oldest and refuses the newest (these PDUs grow: none fits once one did not).
  assert.deepEqual(accepted, Array.from({ length: accepted.length }, (_, i) => i));
  assert.equal(tx.stats.refused, 200 - accepted.length);
  assert.equal(tx.stats.queued, accepted.length);
  assert.deepEqual(new Set(alarms), new Set(['X2X3_QUEUE_FULL']));
  assert.equal(alarms.length, 200 - accepted.length);
  rx = await startX2X3Receiver({ bind: { host: '127.0.0.1', port }, listener: tlsListener(creds.get('mdf')!), onPdu });
  await waitFor(() => got.length === accepted.length, 5000);
  assert.deepEqual(got.map(seqOf), accepted);
  assert.equal(tx.stats.queued, 0);
  assert.equal(tx.stats.sent, accepted.length);
  await tx.stop();
  await rx.close();
});

test('X2/X3 sender: a connection cut mid-stream resumes on a PDU boundary: the MDF framer sees whole PDUs, none twice, in order', async () => {
  const n = 20_000;
  const sent = Array.from({ length: n }, (_, i) => numbered(i));
  const got: { seq: number; raw: Uint8Array; conn: number }[] = [];
  const alarms: string[] = [];
  const serverStreams: Duplex[] = [];
  const inner = tlsListener(creds.get('mdf')!);
  const listener: ListenerFactory = (bind, onStream) =>
    inner(bind, (a) => {
      serverStreams.push(a.stream);
      onStream(a);
    });
  const rx = await startX2X3Receiver({
    bind: { host: '127.0.0.1', port: 0 },
    listener,
    onAlarm: (c) => alarms.push(c),
    onPdu: (p) => {
      got.push({ seq: seqOf(p), raw: p.raw.slice(), conn: serverStreams.length });
      // The MDF side drops the connection in the middle of the stream (TCP cut between any two octets).
      if (got.length === 3000) serverStreams[0]!.destroy();
    },
  });
  const tx = new X2X3Sender({ endpoint: rx.endpoint, connector: tlsConnector(creds.get('poi-1')!), reconnectBackoffMs: { min: 10, max: 50 } });
  tx.start();
  await waitFor(() => tx.connected);
  for (const b of sent) assert.ok(tx.sendEncoded(b));
  await waitFor(() => got.at(-1)?.seq === n - 1, 20_000);
  assert.deepEqual(alarms, [], 'the receiver saw a torn PDU');
  assert.equal(tx.stats.reconnects, 1);
  for (const g of got) assert.ok(Buffer.from(g.raw).equals(sent[g.seq]!), `PDU ${g.seq} differs`);
  // Each connection carried a contiguous run; the second starts after the first ends. What the first
  // connection's buffers held when it was cut is gone (X2/X3 acknowledges no data, §6.2): the MDF's
  // sequence tracking reports that gap; nothing is sent twice.
  const first = got.filter((g) => g.conn === 1).map((g) => g.seq);
  const second = got.filter((g) => g.conn === 2).map((g) => g.seq);
  assert.deepEqual(first, Array.from({ length: first.length }, (_, i) => i));
  assert.ok(second.length > 0 && second[0]! > first.at(-1)!);
  assert.deepEqual(second, Array.from({ length: second.length }, (_, i) => second[0]! + i));
  assert.equal(tx.stats.sent, n);
  await tx.stop();
  await rx.close();
});

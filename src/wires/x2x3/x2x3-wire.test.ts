import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import tls from 'node:tls';
import { ensureDemoPki, mtlsClientOptions, type Credentials } from '../../platform/pki.ts';
import { PayloadDirection, PayloadFormat, PduType, type DecodedX2X3Pdu, type X2X3Pdu } from '../../standards/x2x3/index.ts';
import { tlsConnector, tlsListener } from '../transport.ts';
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

/**
 * X2X3Sender's coalesced writes against the one-write-per-PDU behaviour it replaced, over an
 * in-memory transport whose sockets fill up, drain and die when a seeded PRNG says so: every chunk
 * handed to a socket is whole PDUs (never one split across writes or connections, so a reconnect
 * resumes on a PDU boundary, TS 103 221-2 §6.2.1 framing), the chunks of all connections in order
 * are exactly the accepted PDUs in order (nothing duplicated, skipped or reordered: the byte stream
 * one write per PDU would have produced), the queue bound refuses and alarms, and `sent`, `queued`
 * and `refused` add up. Real sockets over mutual TLS: x2x3-wire.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Duplex } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import { encodeX2X3Pdu, PayloadDirection, PayloadFormat, PduType } from '../../standards/x2x3/index.ts';
import { prng } from '../../../test/helpers/random.ts';
import type { Connector } from '../transport.ts';
import { X2X3Sender } from './sender.ts';

/** A socket in memory: records every chunk written to it; a write completes only when told to. */
class MemorySocket {
  readonly handed: Uint8Array[] = [];
  private pending: (() => void)[] = [];
  readonly duplex: Duplex;
  constructor(highWaterMark: number) {
    this.duplex = new Duplex({
      highWaterMark,
      read: () => undefined,
      write: (_chunk: Buffer, _enc, cb: () => void) => this.pending.push(cb),
    });
    const write = this.duplex.write.bind(this.duplex) as (c: Uint8Array) => boolean;
    (this.duplex as unknown as { write: (c: Uint8Array) => boolean }).write = (c) => {
      this.handed.push(Uint8Array.from(c));
      return write(c);
    };
  }
  /** Completes the writes the socket has started (each completion starts the next buffered one). */
  complete(rounds = 1): void {
    for (let r = 0; r < rounds && this.pending.length > 0; r++) {
      const p = this.pending;
      this.pending = [];
      for (const cb of p) cb();
    }
  }
  get idle(): boolean {
    return this.pending.length === 0 && this.duplex.writableLength === 0;
  }
}

const pduBytes = (id: number, size: number): Uint8Array =>
  encodeX2X3Pdu({
    version: 5,
    pduType: PduType.X3,
    payloadFormat: PayloadFormat.RtpPacket,
    payloadDirection: PayloadDirection.FromTarget,
    xid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    correlationId: BigInt(id),
    attributes: [{ kind: 'sequenceNumber', value: id }],
    payload: new Uint8Array(size).fill(id & 0xff),
  });

function memorySender(maxQueueBytes: number, highWaterMark = 16 * 1024) {
  const sockets: MemorySocket[] = [];
  const alarms: string[] = [];
  const connector: Connector = () => {
    const s = new MemorySocket(highWaterMark);
    sockets.push(s);
    return Promise.resolve(s.duplex);
  };
  const tx = new X2X3Sender({
    endpoint: { host: 'memory', port: 1 },
    connector,
    maxQueueBytes,
    keepaliveIntervalMs: 3_600_000,
    reconnectBackoffMs: { min: 1, max: 1 },
    onAlarm: (c) => alarms.push(c),
  });
  const current = () => sockets.at(-1)!;
  const connected = async (n: number) => {
    for (let i = 0; i < 2000 && !(sockets.length >= n && tx.connected); i++) await new Promise((r) => setTimeout(r, 1));
    assert.ok(tx.connected, 'sender did not (re)connect');
  };
  // A memory socket never closes by itself after end(): stop() waits for the 'close' that destroy gives.
  const stop = async () => {
    const stopping = tx.stop();
    sockets.at(-1)?.duplex.destroy();
    await stopping;
  };
  return { tx, sockets, alarms, current, connected, stop };
}

const concat = (parts: readonly Uint8Array[]): Buffer => Buffer.concat(parts);

for (const seed of [1, 2, 3, 4, 5, 6]) {
  test(`coalesced writes are whole PDUs, in order, once each, across full sockets and reconnects (seed ${seed})`, async () => {
    const rand = prng(seed);
    const m = memorySender(1024 * 1024);
    m.tx.start();
    await m.connected(1);
    const accepted: Uint8Array[] = [];
    let refused = 0;
    let id = 0;
    for (let step = 0; step < 400; step++) {
      const a = rand();
      if (a < 0.45) {
        const burst = 1 + Math.floor(rand() * 300);
        for (let i = 0; i < burst; i++) {
          // Mostly RTP-sized, some up to a few KiB, now and then one larger than a coalesced write.
          const size = rand() < 0.01 ? 70_000 + Math.floor(rand() * 1000) : rand() < 0.2 ? Math.floor(rand() * 4000) : 200;
          const b = pduBytes(id++, size);
          if (m.tx.sendEncoded(b)) accepted.push(b);
          else refused++;
        }
      } else if (a < 0.75) {
        // The peer reads for a while: each completed write lets the socket drain and the sender write on.
        for (let k = Math.floor(rand() * 8); k >= 0; k--) {
          m.current().complete();
          await tick();
        }
      }
      else if (a < 0.9) await tick();
      else if (a < 0.95) {
        const before = m.sockets.length;
        // The connection dies at once, or is first half-closed (no longer writable, not yet
        // destroyed: writes then take nothing) while PDUs are sent and flushed into it.
        const halfClose = rand() < 0.5;
        if (halfClose) m.current().duplex.end();
        else m.current().duplex.destroy();
        // Sometimes send more while there is no connection: it waits in the queue.
        const n = rand() < 0.5 ? 20 : 0;
        for (let i = 0; i < n; i++) {
          const b = pduBytes(id++, 100);
          if (m.tx.sendEncoded(b)) accepted.push(b);
          else refused++;
        }
        if (halfClose) {
          await tick();
          m.current().duplex.destroy();
        }
        await m.connected(before + 1);
      } else await tick();
    }
    for (let i = 0; i < 10_000 && !(m.tx.stats.queued === 0 && m.current().idle); i++) {
      m.current().complete(8);
      await tick();
    }
    assert.equal(m.tx.stats.queued, 0);
    // The run exercised what it is meant to: reconnects, refusals, PDUs larger than one coalesced write.
    assert.ok(m.tx.stats.reconnects >= 5 && refused > 0 && accepted.some((b) => b.length > 64 * 1024), JSON.stringify(m.tx.stats));

    // Every chunk ends on a PDU boundary and is at most 64 KiB unless it is one larger PDU.
    // `ends`: the octet offset where each accepted PDU ends -> how many PDUs end there or before.
    const ends = new Map<number, number>([[0, 0]]);
    let at = 0;
    accepted.forEach((b, i) => ends.set((at += b.length), i + 1));
    let off = 0;
    let chunks = 0;
    for (const c of m.sockets.flatMap((s) => s.handed)) {
      const before = ends.get(off)!;
      off += c.length;
      chunks++;
      const after = ends.get(off);
      assert.ok(after !== undefined, `a chunk ends inside a PDU (octet ${off})`);
      assert.ok(c.length <= 64 * 1024 || after - before === 1, `a ${c.length}-octet chunk of ${after - before} PDUs`);
    }
    // All connections together carried exactly the accepted PDUs, in order: one write per PDU would have sent these octets.
    assert.ok(concat(m.sockets.flatMap((s) => s.handed)).equals(concat(accepted)), 'octets differ from the accepted PDUs in order');
    assert.equal(m.tx.stats.sent, accepted.length);
    assert.equal(m.tx.stats.refused, refused);
    assert.equal(m.alarms.length, refused);
    assert.ok(m.alarms.every((c) => c === 'X2X3_QUEUE_FULL'));
    assert.ok(chunks < accepted.length, `${chunks} writes for ${accepted.length} PDUs: nothing coalesced`);
    await m.stop();
  });
}

test('whenQueuedBelow waits, without polling, until writes made room; drain() reports whether the queue emptied in time', async () => {
  const m = memorySender(64 * 1024 * 1024);
  m.tx.start();
  await m.connected(1);
  await m.tx.whenQueuedBelow(1); // nothing queued: at once
  for (let i = 0; i < 200; i++) assert.ok(m.tx.sendEncoded(pduBytes(i, 1000)));
  await tick();
  // One coalesced write of at most 64 KiB went to the socket, which has not completed it: the rest waits.
  assert.equal(m.current().handed.length, 1);
  const queued = m.tx.stats.queued;
  assert.ok(queued > 100 && queued < 200, `queued ${queued}`);
  let room = false;
  const waiting = m.tx.whenQueuedBelow(50).then(() => (room = true));
  assert.equal(await m.tx.drain(30), false);
  assert.equal(room, false);
  for (let i = 0; i < 50 && !room; i++) {
    m.current().complete();
    await tick();
  }
  await waiting;
  assert.ok(m.tx.stats.queued < 50);
  const drained = m.tx.drain(5000);
  for (let i = 0; i < 50 && m.tx.stats.queued > 0; i++) {
    m.current().complete();
    await tick();
  }
  assert.equal(await drained, true);
  assert.equal(m.tx.stats.sent, 200);
  assert.ok(m.current().handed.length <= 5, `${m.current().handed.length} writes for 200 PDUs of ~1 KiB`);
  await m.stop();
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import { FileOutbox } from './outbox.ts';

const rec = (i: number) => Uint8Array.from([0x30, 3, 2, 1, i & 0x7f]);

test('outbox: records survive a restart until acknowledged; a torn final append is ignored', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
  try {
    const path = join(dir, 'dest');
    let ob = new FileOutbox(path);
    for (let i = 0; i < 10; i++) ob.push(rec(i));
    assert.equal(ob.length, 10);
    assert.equal(ob.peek(10).length, 0, 'nothing is handed out before it is written to the file');
    await turn();
    assert.deepEqual(ob.peek(3).map((r) => r[4]), [0, 1, 2]);
    ob.ack(3);
    ob.close();
    // A crash in the middle of an append leaves a partial frame at the end of the log.
    appendFileSync(`${path}.log`, Buffer.from([0, 0, 0, 9, 0x30]));
    ob = new FileOutbox(path);
    assert.equal(ob.recovered, 7);
    assert.deepEqual(ob.peek(10).map((r) => r[4]), [3, 4, 5, 6, 7, 8, 9]);
    ob.push(rec(10));
    ob.writeOut();
    assert.deepEqual(ob.peek(10).map((r) => r[4]), [3, 4, 5, 6, 7, 8, 9, 10]);
    ob.ack(8);
    assert.equal(ob.length, 0);
    assert.equal(statSync(`${path}.log`).size, 0, 'fully delivered: the log is truncated');
    ob.close();
    ob = new FileOutbox(path);
    assert.equal(ob.recovered, 0);
    ob.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('outbox: the age of the oldest undelivered record (for /metrics), also for records recovered at open', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'warranted-outbox-age-'));
  try {
    const path = join(dir, 'd');
    let ob = new FileOutbox(path);
    assert.equal(ob.oldestAt, undefined, 'empty');
    const before = Date.now();
    ob.push(new Uint8Array([1]));
    assert.ok(ob.oldestAt !== undefined && ob.oldestAt >= before, 'an unwritten record counts');
    const first = ob.oldestAt;
    await turn();
    await new Promise((r) => setTimeout(r, 20));
    ob.push(new Uint8Array([2]));
    await turn();
    assert.equal(ob.oldestAt, first, 'the oldest, not the newest');
    ob.ack(1);
    assert.ok(ob.oldestAt !== undefined && ob.oldestAt > first, 'after an ack, the next one');
    ob.sync();
    ob.close();
    ob = new FileOutbox(path);
    assert.ok(ob.oldestAt !== undefined && ob.oldestAt <= Date.now(), 'a recovered record has an age');
    ob.ack(1);
    assert.equal(ob.oldestAt, undefined, 'all delivered');
    ob.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WarrantedError } from './errors.ts';
import { createLogger, maskIdentityDigits } from './log.ts';
import type { LoggerOptions } from './log.ts';

function capture(o: Partial<LoggerOptions> = {}) {
  const chunks: string[] = [];
  const log = createLogger({ role: 'mdf', id: 'mdf-1', now: () => new Date('2026-01-02T03:04:05.000Z'), stream: { write: (s: string) => chunks.push(s) }, ...o });
  const lines = () => chunks.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines, raw: () => chunks.join('') };
}

test('one JSON object per line with the envelope first, level filter, child fields', () => {
  const { log, lines, raw } = capture({ level: 'info', fields: { component: 'x2x3' } });
  log.debug('not written');
  log.info('ingest ready', { port: 7400 });
  const child = log.child({ peer: 'ims-1' });
  child.warn('slow peer', { lagMs: 12, component: 'override' });
  log.error('collision', { msg: 'field named msg', level: 'x' });
  assert.equal(raw().split('\n').length, 4, 'three lines, each ending with a line feed');
  const [a, b, c] = lines();
  assert.deepEqual(Object.keys(a!).slice(0, 5), ['time', 'level', 'role', 'id', 'msg']);
  assert.deepEqual(a, { time: '2026-01-02T03:04:05.000Z', level: 'info', role: 'mdf', id: 'mdf-1', msg: 'ingest ready', component: 'x2x3', port: 7400 });
  assert.deepEqual(b, { time: '2026-01-02T03:04:05.000Z', level: 'warn', role: 'mdf', id: 'mdf-1', msg: 'slow peer', component: 'override', peer: 'ims-1', lagMs: 12 });
  assert.equal(c!.msg, 'collision', 'fields never overwrite the envelope');
  assert.equal(c!['field.msg'], 'field named msg');
  assert.equal(c!.level, 'error');
  assert.ok(log.isLevelEnabled('warn') && !log.isLevelEnabled('debug'));
});

test('identity and content fields are redacted at any depth, bytes never dumped', () => {
  const { log, lines } = capture();
  log.info('task activated', {
    xid: 'f0e1d2c3-0000-4000-8000-000000000001',
    warrant: { reference: 'W-2026-7', targets: [{ kind: 'msisdn', value: '929230041590' }], window: { days: 30 } },
    tasks: [{ xid: 'a', msisdn: '929230041590', services: ['voice'] }, { xid: 'b', IMEI: '353325095662510' }, { xid: 'c', e164_number: '441234567890' }],
    callingMsisdn: '+44 20 7946 0000',
    subscriber: { imsi: 410011234567890, identity: { sipUri: 'sip:alice@example.org' } },
    payload: Buffer.from('RTP audio'),
    record: { Content: 'SMS text: meet at 9', contentType: 'text/plain', bytes: new Uint8Array(160) },
    nested: new Map([['targetIdentifier', 'x']]),
  });
  const line = lines()[0]!;
  assert.deepEqual(line.warrant, { reference: 'W-2026-7', targets: '[redacted]', window: { days: 30 } });
  assert.deepEqual(line.tasks, [{ xid: 'a', msisdn: '[redacted]', services: ['voice'] }, { xid: 'b', IMEI: '[redacted]' }, { xid: 'c', e164_number: '[redacted]' }]);
  assert.equal(line.callingMsisdn, '[redacted]');
  assert.deepEqual(line.subscriber, { imsi: '[redacted]', identity: '[redacted]' });
  assert.equal(line.payload, '[redacted]');
  assert.deepEqual(line.record, { Content: '[redacted]', contentType: 'text/plain', bytes: '[160 bytes]' });
  assert.deepEqual(line.nested, { targetIdentifier: '[redacted]' });
  assert.equal(line.xid, 'f0e1d2c3-0000-4000-8000-000000000001');
  const text = JSON.stringify(line);
  for (const secret of ['929230041590', '353325095662510', '441234567890', '7946', 'alice', 'meet at 9', '410011234567890']) assert.ok(!text.includes(secret), `${secret} leaked`);
});

test('10–15 digit runs standing alone are masked except the last 2 digits, in msg and string fields', () => {
  assert.equal(maskIdentityDigits('929230041590'), '**********90');
  assert.equal(maskIdentityDigits('xid f0e1d2c3-0000-4000-8000-000000000001 ok'), 'xid f0e1d2c3-0000-4000-8000-000000000001 ok', 'UUIDs are kept');
  assert.equal(maskIdentityDigits('tel:+929230041590;x'), 'tel:+**********90;x');
  assert.equal(maskIdentityDigits('imsi-410011234567890@ims'), 'imsi-*************90@ims');
  assert.equal(maskIdentityDigits('port 7400, 123456789 nine digits, 1234567890123456 sixteen'), 'port 7400, 123456789 nine digits, 1234567890123456 sixteen');
  const { log, lines } = capture();
  log.warn('no task for 353325095662510 on ims-1', { note: 'caller 929230041590 and 441234567890', list: ['x 12345678901'], count: 929230041590 });
  const l = lines()[0]!;
  assert.equal(l.msg, 'no task for *************10 on ims-1');
  assert.equal(l.note, 'caller **********90 and **********90');
  assert.deepEqual(l.list, ['x *********01']);
  assert.equal(l.count, 929230041590, 'numbers are not strings: left as they are');
});

test('errors: name, code, message, details and the cause chain, redacted; stacks only for untyped errors', () => {
  class X1Error extends WarrantedError {}
  const root = Object.assign(new Error('connect ECONNREFUSED for 929230041590'), { code: 'ECONNREFUSED' });
  const mid = new X1Error('X1_SEND_FAILED', 'X1 request failed', { cause: root, standardCode: 1005, details: { element: 'ims-1', msisdn: '929230041590' } });
  const top = new WarrantedError('PROVISIONING_NE_FAILED', 'activation failed', { cause: mid });
  const { log, lines } = capture();
  log.error('provisioning failed', { err: top, reason: 'not an error' });
  const e = lines()[0]!.err as Record<string, unknown>;
  assert.equal(e.name, 'WarrantedError');
  assert.equal(e.code, 'PROVISIONING_NE_FAILED');
  assert.equal(e.message, 'activation failed');
  assert.equal(e.stack, undefined);
  const c1 = e.cause as Record<string, unknown>;
  assert.deepEqual([c1.name, c1.code, c1.standardCode, c1.message], ['X1Error', 'X1_SEND_FAILED', 1005, 'X1 request failed']);
  assert.deepEqual(c1.details, { element: 'ims-1', msisdn: '[redacted]' });
  const c2 = c1.cause as Record<string, unknown>;
  assert.deepEqual([c2.name, c2.code, c2.message], ['Error', 'ECONNREFUSED', 'connect ECONNREFUSED for **********90']);
  assert.equal(typeof c2.stack, 'string');
  assert.ok(!(c2.stack as string).includes('929230041590'));
  // a cause cycle ends instead of looping
  const a = new Error('a');
  const b = new Error('b', { cause: a });
  (a as { cause?: unknown }).cause = b;
  log.error('cycle', { err: a });
  const cyc = lines()[1]!.err as { cause: { cause: unknown } };
  assert.equal(cyc.cause.cause, '[circular]');
});

test('circular objects and unserialisable values do not break a line', () => {
  const { log, lines } = capture();
  const o: Record<string, unknown> = { name: 'loop' };
  o.self = o;
  log.info('odd values', { o, big: 2n ** 70n, fn: () => 1, when: new Date(0) });
  const l = lines()[0]!;
  assert.deepEqual(l.o, { name: 'loop', self: '[circular]' });
  assert.equal(l.big, '1180591620717411303424');
  assert.equal(l.fn, '[function]');
  assert.equal(l.when, '1970-01-01T00:00:00.000Z');
});

test('unsafeIdentities (lab use only) turns redaction and masking off', () => {
  const { log, lines } = capture({ unsafeIdentities: true });
  log.info('target 929230041590', { msisdn: '929230041590', nested: { target: 'x' } });
  const l = lines()[0]!;
  assert.equal(l.msg, 'target 929230041590');
  assert.equal(l.msisdn, '929230041590');
  assert.deepEqual(l.nested, { target: 'x' });
});

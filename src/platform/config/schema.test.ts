/** The schema builder on its own: address syntax, collecting every error, optional and default fields. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { address, duration, integer, parseAddress, path, string } from './scalars.ts';
import { INVALID, list, object, optional, withDefault, type Ctx } from './schema.ts';

test('addresses: IPv4, host names and [v6], port 1..65535; anything else is refused', () => {
  assert.deepEqual(parseAddress('127.0.0.1:7400'), { host: '127.0.0.1', port: 7400 });
  assert.deepEqual(parseAddress('mdf.operator-a.example:443'), { host: 'mdf.operator-a.example', port: 443 });
  assert.deepEqual(parseAddress('[::1]:65535'), { host: '::1', port: 65535 });
  assert.deepEqual(parseAddress('[2001:db8::7]:1'), { host: '2001:db8::7', port: 1 });
  for (const bad of [
    'localhost',
    '127.0.0.1',
    '127.0.0.1:0',
    '127.0.0.1:65536',
    '256.1.1.1:80',
    '1.2.3:80',
    '::1:80',
    '[::g]:80',
    '[127.0.0.1]:80',
    '-bad.example:80',
    'a_b:80',
    'host:port',
    ' h:1',
    'h:1 ',
  ]) {
    assert.equal(parseAddress(bad), undefined, bad);
  }
});

test('every error is collected, unknown keys included; optional fields are absent, defaults filled', () => {
  const s = object(
    {
      name: string('a name'),
      port: integer('a port', { min: 1, max: 65535 }),
      every: withDefault(duration('a period'), 5000),
      note: optional(string('a note')),
      dir: path('a directory'),
      peers: list(address('a peer'), 'peers', { minItems: 1 }),
    },
    'a test section',
  );
  const ctx: Ctx = { baseDir: '/etc/warranted', errors: [] };
  assert.deepEqual(s.parse({ name: 'x', port: 1, dir: 'state', peers: ['h:1'] }, 's', ctx), {
    name: 'x',
    port: 1,
    every: 5000,
    dir: '/etc/warranted/state',
    peers: [{ host: 'h', port: 1 }],
  });
  assert.deepEqual(ctx.errors, []);
  const r = s.parse({ name: '', port: 1.5, every: -1, nope: 1, dir: 7, peers: ['h:1', 'x'] }, 's', ctx);
  assert.equal(r, INVALID);
  assert.deepEqual(ctx.errors, [
    's.nope: expected no such key (known: name, port, every, note, dir, peers), got 1',
    's.name: expected a non-empty string, got ""',
    's.port: expected integer 1..65535, got 1.5',
    's.every: expected integer ≥ 1, got -1',
    's.dir: expected a path, got 7',
    's.peers[1]: expected host:port, got "x"',
  ]);
});

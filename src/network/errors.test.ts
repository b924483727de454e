import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES as NETWORK_CODES } from './errors.ts';
import { ERROR_CODES as PAYLOAD_CODES } from '../standards/payloads/errors.ts';

const docs = join(import.meta.dirname, '../../docs/errors');

test('every network and payload error code is documented in docs/errors', () => {
  for (const [file, codes] of [['network.md', NETWORK_CODES], ['payloads.md', PAYLOAD_CODES]] as const) {
    const text = readFileSync(join(docs, file), 'utf8');
    assert.ok(codes.length > 0);
    for (const { code } of codes) assert.match(text, new RegExp(`\\| ${code} \\|`), `${code} missing from ${file}`);
  }
});

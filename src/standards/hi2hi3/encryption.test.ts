import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeEncryptedPayload,
  decodePsPdu,
  encodeEncryptedPayload,
  EncryptionType,
  initialByteCounter,
  ivForSequenceNumber,
  openPsPdu,
  sealPsPdu,
} from './index.ts';
import { samples, taskHeader } from './test-fixtures.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const payload = samples.find((s) => s.name === 'iri-begin-ipiri')!.pdu.payload;
const keys: Record<number, Uint8Array> = {
  [EncryptionType.aES192CBC]: new Uint8Array(24).fill(3),
  [EncryptionType.aES256CBC]: new Uint8Array(32).fill(4),
  [EncryptionType.threedesCbc]: Uint8Array.from({ length: 24 }, (_, i) => i * 11),
};

describe('Annex G payload encryption', () => {
  test('IV is the 32-bit sequence number repeated to the block size', () => {
    assert.equal(hex(ivForSequenceNumber(0x01020304, 16)), '01020304'.repeat(4));
    assert.equal(hex(ivForSequenceNumber(0xffffffff, 8)), 'ffffffff'.repeat(2));
  });

  test('initial byteCounter is unixTime << 32', () => {
    assert.equal(initialByteCounter(new Date(1000_000)), 1000n << 32n);
  });

  test('EncryptedPayload round trip, zero padding tolerated, other trailing octets refused', () => {
    const e = encodeEncryptedPayload({ byteCounter: 5n, payload });
    assert.deepEqual(decodeEncryptedPayload(Uint8Array.from([...e, 0, 0, 0])), { byteCounter: 5n, payload });
    assert.throws(() => decodeEncryptedPayload(Uint8Array.from([...e, 1])), { code: 'HI2HI3_ENCRYPTION' });
  });

  for (const type of [EncryptionType.none, EncryptionType.aES192CBC, EncryptionType.aES256CBC, EncryptionType.threedesCbc])
    test(`seal / open with encryptionType ${type}`, () => {
      const header = { ...taskHeader, sequenceNumber: 77 };
      const sealed = sealPsPdu(header, payload, { encryptionType: type, key: keys[type], byteCounter: 1000n });
      assert.equal(sealed.bytes.length, sealed.digestInput.length);
      assert.equal(sealed.nextByteCounter, 1000n + BigInt(sealed.digestInput.length));
      const pdu = decodePsPdu(sealed.bytes);
      assert.ok(pdu.payload.kind === 'encryptionContainer');
      assert.equal(pdu.payload.value.encryptionType, type);
      const opened = openPsPdu(pdu, keys[type]);
      assert.deepEqual(opened.payload, payload);
      assert.equal(opened.byteCounter, 1000n);
      assert.equal(hex(opened.digestInput), hex(sealed.digestInput));
      if (type !== EncryptionType.none) assert.notEqual(hex(sealed.bytes), hex(sealed.digestInput));
    });

  test('wrong key, short key, unsupported type and a non-container PDU give typed errors', () => {
    const sealed = sealPsPdu(taskHeader, payload, { encryptionType: EncryptionType.aES256CBC, key: keys[EncryptionType.aES256CBC], byteCounter: 0n });
    const pdu = decodePsPdu(sealed.bytes);
    assert.throws(() => openPsPdu(pdu, new Uint8Array(32).fill(9)), (e: unknown) => e instanceof Error && 'code' in e && String(e.code).startsWith('HI2HI3_'));
    assert.throws(() => openPsPdu(pdu, new Uint8Array(16)), { code: 'HI2HI3_ENCRYPTION' });
    assert.throws(() => sealPsPdu(taskHeader, payload, { encryptionType: EncryptionType.blowfish256CBC, key: new Uint8Array(32), byteCounter: 0n }), { code: 'HI2HI3_ENCRYPTION' });
    assert.throws(() => openPsPdu(samples[0]!.pdu), { code: 'HI2HI3_ENCRYPTION' });
  });
});

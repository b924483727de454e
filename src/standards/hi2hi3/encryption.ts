/**
 * TS 102 232-1 Annex G payload encryption. The plaintext is a BER EncryptedPayload
 * `SEQUENCE { byteCounter [0] INTEGER, payload [1] Payload }` zero-padded to the cipher block; the
 * IV is the 32-bit sequenceNumber repeated to the block size; encryptionType none(1) carries it
 * in clear. The digest for the IntegrityCheck (step 5) is taken over the PS-PDU with encryptionType
 * none, whose length also advances the byteCounter (step 6); CBC with zero padding keeps the length.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { elementEnd, encodeBer, decodeBer } from '../ber/index.ts';
import { decodeEncryptedPayloadElement, encryptedPayloadNode } from './codec-payload.ts';
import { EncryptionType } from './constants.ts';
import { PsPduEncryptionError } from './errors.ts';
import { encodePsPdu, withBerErrors } from './pdu.ts';
import type { EncryptedPayload, EncryptionContainer, PSHeader, PsPdu } from './types.ts';

/** node:crypto cipher, key and block size of each supported EncryptionType. */
const CIPHERS: Record<number, { name: string; keyBytes: number; block: number } | undefined> = {
  [EncryptionType.aES192CBC]: { name: 'aes-192-cbc', keyBytes: 24, block: 16 },
  [EncryptionType.aES256CBC]: { name: 'aes-256-cbc', keyBytes: 32, block: 16 },
  [EncryptionType.threedesCbc]: { name: 'des-ede3-cbc', keyBytes: 24, block: 8 },
};

function cipherOf(type: number, key: Uint8Array | undefined): { name: string; block: number; key: Uint8Array } | undefined {
  if (type === EncryptionType.none) return undefined;
  const c = CIPHERS[type];
  if (!c) throw new PsPduEncryptionError('HI2HI3_ENCRYPTION', `encryptionType ${type} is not supported (blowfish and national options are not)`);
  if (!key || key.length !== c.keyBytes) throw new PsPduEncryptionError('HI2HI3_ENCRYPTION', `encryptionType ${type} needs a ${c.keyBytes}-octet key`);
  return { name: c.name, block: c.block, key };
}

/** Annex G: "concatenating the 32 bit unsigned integer representation of the sequenceNumber" to the block size. */
export function ivForSequenceNumber(sequenceNumber: number, blockBytes: number): Uint8Array {
  const iv = new Uint8Array(blockBytes);
  const dv = new DataView(iv.buffer);
  for (let o = 0; o < blockBytes; o += 4) dv.setUint32(o, sequenceNumber >>> 0);
  return iv;
}

/** byteCounter of the first PDU: `unixTime(now) << 32` (Annex A EncryptedPayload comment). */
export function initialByteCounter(now: Date): bigint {
  return BigInt(Math.floor(now.getTime() / 1000)) << 32n;
}

export function encodeEncryptedPayload(p: EncryptedPayload): Uint8Array {
  return encodeBer(encryptedPayloadNode(p));
}

/** Decodes a (decrypted) EncryptedPayload; trailing zero padding (Annex G) is accepted. */
export function decodeEncryptedPayload(bytes: Uint8Array): EncryptedPayload {
  return withBerErrors(() => {
    const end = elementEnd(bytes, 0, bytes.length);
    if (end === undefined) throw new PsPduEncryptionError('HI2HI3_ENCRYPTION', 'EncryptedPayload is truncated (wrong key?)');
    for (let i = end; i < bytes.length; i++)
      if (bytes[i] !== 0) throw new PsPduEncryptionError('HI2HI3_ENCRYPTION', 'non-zero octets after the EncryptedPayload (wrong key?)');
    return decodeEncryptedPayloadElement(decodeBer(bytes.subarray(0, end)), 'EncryptedPayload');
  });
}

function crypt(encrypt: boolean, c: { name: string; key: Uint8Array; block: number }, seq: number, data: Uint8Array): Uint8Array {
  if (data.length % c.block !== 0) throw new PsPduEncryptionError('HI2HI3_ENCRYPTION', `ciphertext is not a multiple of the ${c.block}-octet block`);
  const iv = ivForSequenceNumber(seq, c.block);
  const x = encrypt ? createCipheriv(c.name, c.key, iv) : createDecipheriv(c.name, c.key, iv);
  x.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([x.update(data), x.final()]));
}

export interface SealOptions {
  encryptionType: number;
  key?: Uint8Array;
  byteCounter: bigint;
  encryptedPayloadType?: number;
}

export interface SealedPsPdu {
  /** The PS-PDU to send (encryptionType as asked). */
  bytes: Uint8Array;
  /** Annex G steps 3-5: the same PDU with encryptionType none, over which the IntegrityCheck digest is taken. */
  digestInput: Uint8Array;
  /** Annex G step 6: byteCounter for the next PDU of the transfer. */
  nextByteCounter: bigint;
}

/** Annex G steps 1-10 on the sender side: wraps `payload` in an EncryptionContainer under `header`. */
export function sealPsPdu(header: PSHeader, payload: PsPdu['payload'], o: SealOptions): SealedPsPdu {
  const c = cipherOf(o.encryptionType, o.key);
  let plain = encodeEncryptedPayload({ byteCounter: o.byteCounter, payload });
  const block = c?.block ?? 1;
  if (plain.length % block !== 0) {
    const padded = new Uint8Array(plain.length + block - (plain.length % block)); // zero padding
    padded.set(plain);
    plain = padded;
  }
  const container = (encryptionType: number, encryptedPayload: Uint8Array): EncryptionContainer =>
    o.encryptedPayloadType === undefined ? { encryptionType, encryptedPayload } : { encryptionType, encryptedPayload, encryptedPayloadType: o.encryptedPayloadType };
  const digestInput = encodePsPdu({ pSHeader: header, payload: { kind: 'encryptionContainer', value: container(EncryptionType.none, plain) } });
  const bytes = c
    ? encodePsPdu({ pSHeader: header, payload: { kind: 'encryptionContainer', value: container(o.encryptionType, crypt(true, c, header.sequenceNumber, plain)) } })
    : digestInput;
  return { bytes, digestInput, nextByteCounter: o.byteCounter + BigInt(digestInput.length) };
}

export interface OpenedPsPdu extends EncryptedPayload {
  /** The PDU re-encoded with encryptionType none and the decrypted octets: the Annex J digest input. */
  digestInput: Uint8Array;
}

/** Receiver side (Annex G reversed): decrypts an encryptionContainer PS-PDU. */
export function openPsPdu(pdu: PsPdu, key?: Uint8Array): OpenedPsPdu {
  if (pdu.payload.kind !== 'encryptionContainer') throw new PsPduEncryptionError('HI2HI3_ENCRYPTION', 'the PS-PDU carries no encryptionContainer');
  const ec = pdu.payload.value;
  const c = cipherOf(ec.encryptionType, key);
  const plain = c ? crypt(false, c, pdu.pSHeader.sequenceNumber, ec.encryptedPayload) : ec.encryptedPayload;
  const inner = decodeEncryptedPayload(plain);
  const clear: EncryptionContainer = { ...ec, encryptionType: EncryptionType.none, encryptedPayload: plain };
  return { ...inner, digestInput: encodePsPdu({ pSHeader: pdu.pSHeader, payload: { kind: 'encryptionContainer', value: clear } }) };
}

// @peculiar/x509's typings name the DOM WebCrypto globals (CryptoKey, CryptoKeyPair, Crypto). Node's
// webcrypto provides the same objects; alias them globally instead of pulling the whole DOM lib in.
import type { webcrypto } from 'node:crypto';

declare global {
  type CryptoKey = webcrypto.CryptoKey;
  type CryptoKeyPair = webcrypto.CryptoKeyPair;
  type Crypto = webcrypto.Crypto;
}

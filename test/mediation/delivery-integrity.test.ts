/**
 * The MDF's Annex J chains (src/mediation/delivery-integrity.ts) over interleaved records of several
 * chains (destinations, LIIDs, CINs, IRI and CC), in a seeded order: every Hash and Signature
 * verifies at a LEMF's IntegrityVerifier, each Hash covers exactly its chain's records since the
 * previous one, in order, and every integrity PS-PDU is the generic encoder's octets for its values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { IntegrityChains } from '../../src/mediation/delivery-integrity.ts';
import type { ConvertedRecord } from '../../src/mediation/convert.ts';
import { sequenceKey } from '../../src/mediation/sequence-store.ts';
import { CheckType, DataType, decodePsPdu, encodePsPdu, IntegrityVerifier, LI_PS_DOMAIN_ID, PsPduTemplate } from '../../src/standards/hi2hi3/index.ts';
import { prng, randomBytes } from '../helpers/random.ts';

const CHAINS = [
  { did: 'd-hi3', liid: 'LIID-A', cin: 7, channel: 'HI3' as const },
  { did: 'd-hi3', liid: 'LIID-A', cin: 8, channel: 'HI3' as const },
  { did: 'd-hi2', liid: 'LIID-A', cin: 7, channel: 'HI2' as const },
  { did: 'd-hi3', liid: 'LIID-B', cin: 7, channel: 'HI3' as const },
];

test('Annex J chains over interleaved records: every check verifies, covers its chain in order, and is the generic encoding', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const r = prng(0x1a7e);
  const wire = new Map<string, Uint8Array[]>();
  const chains = new IntegrityChains({ integrityKey: privateKey, hashEvery: 7, append: (did, bytes) => wire.get(did)!.push(bytes) });
  const seq = CHAINS.map(() => 0);
  const templates = CHAINS.map(
    (c) =>
      new PsPduTemplate({
        liPsDomainId: LI_PS_DOMAIN_ID,
        lawfulInterceptionIdentifier: c.liid,
        authorizationCountryCode: 'XX',
        communicationIdentifier: { networkIdentifier: { operatorIdentifier: 'op', networkElementIdentifier: 'ne-1' }, communicationIdentityNumber: c.cin, deliveryCountryCode: 'XX' },
      }),
  );
  const sent = CHAINS.map(() => [] as number[]);
  for (let i = 0; i < 500; i++) {
    // Runs of one chain (as calls come) broken by others.
    const k = r() < 0.7 && i > 0 ? Math.min(CHAINS.length - 1, Math.floor(i / 37) % CHAINS.length) : Math.floor(r() * CHAINS.length);
    const c = CHAINS[k]!;
    const s = seq[k]!++;
    const bytes = c.channel === 'HI3' ? templates[k]!.encodeIPCC(s, 1_760_000_000_000 + i, randomBytes(r, 40 + Math.floor(r() * 200))) : templates[k]!.encode33128IRI(s, 1_760_000_000_000 + i, 2, randomBytes(r, 50));
    const rec: ConvertedRecord = { channel: c.channel, bytes, liid: c.liid, cin: c.cin, operator: 'op', ne: 'ne-1', sequenceNumber: s, at: 1_760_000_000_000 + i, sequenceKey: sequenceKey(c.liid, 'op', 'ne-1', c.cin, c.channel === 'HI2' ? 'IRI' : 'CC') };
    if (!wire.has(c.did)) wire.set(c.did, []);
    wire.get(c.did)!.push(bytes);
    sent[k]!.push(s);
    chains.track(c.did, rec);
  }
  chains.closeAll();

  const verifier = new IntegrityVerifier({ publicKey });
  const covered = CHAINS.map(() => [] as number[]);
  let hashes = 0;
  let signatures = 0;
  for (const bytes of [...wire.values()].flat()) {
    const pdu = decodePsPdu(bytes);
    const v = verifier.observe(bytes, pdu);
    if (!v) continue;
    assert.ok(v.ok, v.ok ? '' : v.error.message);
    assert.deepStrictEqual(Buffer.from(encodePsPdu(pdu)), Buffer.from(bytes), 'an integrity PS-PDU is the generic encoding of its values');
    if (v.check.checkType === CheckType.signature) {
      signatures++;
      continue;
    }
    hashes++;
    const h = pdu.pSHeader;
    const k = CHAINS.findIndex((c) => c.liid === h.lawfulInterceptionIdentifier && c.cin === h.communicationIdentifier.communicationIdentityNumber && (c.channel === 'HI2') === (v.check.dataType === DataType.iRI));
    covered[k]!.push(...v.check.includedSequenceNumbers);
  }
  assert.deepStrictEqual(covered, sent, 'the Hashes cover every record of each chain once, in order');
  assert.ok(hashes >= 500 / 7 && signatures >= CHAINS.length, `${hashes} hashes, ${signatures} signatures`);
  assert.equal(verifier.heldCount, 0, 'nothing left unverified');
});

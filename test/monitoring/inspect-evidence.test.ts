/**
 * `warranted inspect --evidence`: the key holder reads a LIID's sealed PS-PDU stream back — decoded
 * to JSON, or exported as the plain BER stream that an independent decoder (asn1c, official ASN.1:
 * ../shared/validators/decode-ps-pdu.sh) reads; the read is in the LEMF's access log; refused after
 * the LIID's retention ended, and with another key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectEvidence } from '../../src/cli/inspect/evidence-export.ts';
import { MonitoringStore } from '../../src/monitoring/index.ts';
import { TEST_EVIDENCE_KEY } from '../helpers/evidence-key.ts';
import { validateBytes, validatorsSkipReason } from '../helpers/validators.ts';
import * as f from './fixtures.ts';

test('inspect --evidence decodes or exports a LIID stream for the key holder, on the record; refused after retention and with another key', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'inspect-evidence-'));
  try {
    const data = join(dir, 'lemf');
    const pdus = [f.iri33128(f.SMS_CIN, 0, f.T0, f.smsEvent), f.iri33128(f.SMS_CIN, 1, f.T0 + 1000, f.smsEvent), f.iri33128(f.SMS_CIN, 2, f.T0 + 2000, f.smsEvent)];
    const store = new MonitoringStore({ dataDir: data, evidenceKey: TEST_EVIDENCE_KEY, defaultAccessor: 'test' });
    for (const p of pdus) store.keepPdu(f.LIID, 'hi2.ber', p);
    store.close();
    const keyFile = join(dir, 'evidence.key');
    writeFileSync(keyFile, TEST_EVIDENCE_KEY, { mode: 0o600 });

    let out = '';
    const sink = { write: (s: string) => (out += s) };
    assert.equal(inspectEvidence({ dir: data, key: keyFile, liid: f.LIID, channel: 'HI2', who: 'investigator-1' }, sink), 0, out);
    const decoded = out.trim().split('\n').map((l) => JSON.parse(l) as { liid?: string; pdu?: unknown });
    assert.equal(decoded.filter((r) => r.pdu !== undefined).length, pdus.length, out);

    const exported = join(dir, 'hi2.ber');
    out = '';
    assert.equal(inspectEvidence({ dir: data, key: keyFile, liid: f.LIID, channel: 'HI2', export: exported, who: 'investigator-1' }, sink), 0, out);
    assert.deepEqual(new Uint8Array(readFileSync(exported)), new Uint8Array(Buffer.concat(pdus)));
    assert.equal(statSync(exported).mode & 0o077, 0, 'the export is owner-only');
    assert.equal(inspectEvidence({ dir: data, key: keyFile, liid: f.LIID, channel: 'HI2', export: exported }, sink), 1, 'never over an existing file');

    const log = readFileSync(join(data, 'access.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { who: string; what: string });
    assert.deepEqual(log.slice(0, 2).map((e) => [e.who, e.what]), [
      ['investigator-1', 'evidence HI2 decode (warranted inspect)'],
      ['investigator-1', 'evidence HI2 export (warranted inspect)'],
    ]);

    const otherKey = join(dir, 'other.key');
    writeFileSync(otherKey, randomBytes(32), { mode: 0o600 });
    out = '';
    assert.equal(inspectEvidence({ dir: data, key: otherKey, liid: f.LIID }, sink), 1);
    assert.match(out, /MONITORING_EVIDENCE_KEY/);

    const s = new MonitoringStore({ dataDir: data, evidenceKey: TEST_EVIDENCE_KEY, defaultAccessor: 'test' });
    s.setRetention(f.LIID, new Date(Date.now() - 1000));
    s.close();
    out = '';
    assert.equal(inspectEvidence({ dir: data, key: keyFile, liid: f.LIID, channel: 'HI2', who: 'investigator-1' }, sink), 1);
    assert.match(out, /MONITORING_RETENTION_ENDED/);
    assert.match(readFileSync(join(data, 'access.jsonl'), 'utf8'), /refused: MONITORING_RETENTION_ENDED/);

    if (validatorsSkipReason) t.diagnostic(`decode-ps-pdu.sh skipped: ${validatorsSkipReason}`);
    else {
      const r = validateBytes('decode-ps-pdu.sh', [{ name: 'exported.ber', bytes: readFileSync(exported) }], ['-c', '-o', 'null']);
      assert.equal(r.status, 0, r.stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A LEMF in its own OS process, for test/monitoring/restart-integrity.test.ts, so that it can be
 * killed with SIGKILL exactly as `kill -9` ends it: nothing is flushed, closed or saved on the way out.
 *
 *   node --import tsx test/monitoring/lemf-child.ts <config.json>
 *
 * stdout: one JSON object per line — { ready: { hi2, hi3 } }, { alarm }, { stats }. stdin: "stats"
 * prints the centre's stats, answered after the evidence appends of the turns before it are written
 * (EvidenceFiles writes at the end of each turn), so what the stats count is on disk.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ensureDemoPki } from '../../src/platform/pki.ts';
import { startMonitoringCentre } from '../../src/monitoring/index.ts';
import { TEST_EVIDENCE_KEY } from '../helpers/evidence-key.ts';

export interface LemfChildConfig {
  pkiDir: string;
  dataDir: string;
  id: string;
  peer: string;
  publicKeyPem: string;
}

const out = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
const cfg = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LemfChildConfig;
const creds = await ensureDemoPki(cfg.pkiDir, [cfg.id]);
const lemf = await startMonitoringCentre({
  id: cfg.id,
  creds: creds.get(cfg.id)!,
  host: '127.0.0.1',
  dataDir: cfg.dataDir,
  evidenceKey: TEST_EVIDENCE_KEY,
  integrityPublicKey: cfg.publicKeyPem,
  acceptPeers: [cfg.peer],
  onAlarm: (a) => out({ alarm: { code: a.code, detail: a.detail } }),
});
out({ ready: { hi2: lemf.hi2Endpoint.port, hi3: lemf.hi3Endpoint.port } });
const lines = createInterface({ input: process.stdin });
lines.on('line', (l) => {
  if (l === 'stats') setImmediate(() => out({ stats: lemf.stats() }));
});
// The test that started this process is gone: do not outlive it.
lines.on('close', () => process.exit(0));

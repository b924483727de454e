/**
 * An MDF in its own OS process, for the restart tests (test/mediation/restart.test.ts), so that it can
 * be killed with SIGKILL exactly as a crash would end it: nothing is flushed, closed or saved.
 *
 *   node --import tsx test/mediation/mdf-child.ts <config.json>
 *
 * stdout: one JSON object per line — { ready: { x1, x2x3, recovered } }, { alarm }, { stats } (with the
 * process's `rss`), { heap: { live, rss } }, { error: { code, message } } (then exit 2). stdin: "stats"
 * prints the MDF's stats; "heap" collects garbage and prints the live heap and external octets; "stop" stops it
 * gracefully and exits 0. Audit events are appended to `auditFile` (JSON lines).
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createPrivateKey } from 'node:crypto';
import { ensureDemoPki } from '../../src/platform/pki.ts';
import { startMediation, type MediationOptions } from '../../src/mediation/mdf.ts';
import { TEST_OUTBOX_KEY } from '../helpers/outbox-key.ts';

export interface MdfChildConfig {
  pkiDir: string;
  dataDir: string;
  auditFile: string;
  integrityKeyFile: string;
  x1Port: number;
  x2x3Port: number;
  hashIntervalMs: number;
  ids: { mdf: string; admf: string; poi: string };
  /** POI identities allowed for X2/X3 (default: [ids.poi]). */
  allowedPois?: string[];
  /** Handover and outbox options (acknowledgement/TIME5, commitMs, quotaBytes); default: the MDF's. */
  delivery?: MediationOptions['delivery'];
}

const out = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
const cfg = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as MdfChildConfig;

try {
  const creds = await ensureDemoPki(cfg.pkiDir, [cfg.ids.mdf]);
  const mdf = await startMediation({
    outboxKey: TEST_OUTBOX_KEY,
    identifier: cfg.ids.mdf,
    creds: creds.get(cfg.ids.mdf)!,
    bindHost: '127.0.0.1',
    x1Port: cfg.x1Port,
    x2x3Port: cfg.x2x3Port,
    admfIdentifier: cfg.ids.admf,
    allowedPois: cfg.allowedPois ?? [cfg.ids.poi],
    ...(cfg.delivery ? { delivery: cfg.delivery } : {}),
    dataDir: cfg.dataDir,
    audit: { append: (e) => Promise.resolve(appendFileSync(cfg.auditFile, `${JSON.stringify(e)}\n`)) },
    authorizationCountryCode: 'XX',
    deliveryCountryCode: 'XX',
    integrityKey: createPrivateKey(readFileSync(cfg.integrityKeyFile, 'utf8')),
    keepaliveIdleMs: 2000,
    hashIntervalMs: cfg.hashIntervalMs,
    onAlarm: (a) => out({ alarm: { code: a.code, detail: a.detail } }),
  });
  out({ ready: { x1: mdf.x1Endpoint.port, x2x3: mdf.x2x3Endpoint.port, recovered: mdf.recovered } });
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (l) => {
    if (l === 'stats') out({ stats: { ...mdf.stats(), rss: process.memoryUsage().rss } });
    if (l === 'heap') {
      // Live memory: after a full collection (the child runs with --expose-gc), what is still held.
      (globalThis as { gc?: () => void }).gc?.();
      const m = process.memoryUsage();
      out({ heap: { live: m.heapUsed + m.external, rss: m.rss } });
    }
    if (l === 'stop') void mdf.stop().then(() => process.exit(0));
  });
  // The test that started this process is gone: do not outlive it.
  lines.on('close', () => process.exit(0));
} catch (e) {
  out({ error: { code: (e as { code?: string }).code ?? 'UNKNOWN', message: (e as Error).message } });
  process.exit(2);
}

/**
 * Scenario: from an activation's announcement to the witness-cosigned checkpoint that covers it
 * (issue 9) — what provisioning waits for before it tasks anything. The audit service runs here;
 * two witnesses (court, regulator; quorum 2 of 2) run as their own OS processes; everything over
 * HTTPS with mutual TLS on 127.0.0.1.
 * Baseline, measured in the same run: one HTTPS round trip to the audit service (GET /v1/size).
 * Rows: one append + anchor at a time (the ADMF activating one task), and bursts of 100 concurrent
 * append + anchor (a warrant with many targets × elements). Prints the machine, medians, p95 and
 * the ratio against the baseline; asserts nothing.
 *
 *   node --import tsx bench/witness-anchor.bench.ts        (BENCH_ROUNDS=200 for more samples)
 */
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { createCosignatureVerifier, createNoteVerifier, openAuditDirectory, type AuditEvent } from '../src/audit/index.ts';
import { RemoteAuditLog } from '../src/audit/service/client.ts';
import { startAuditService } from '../src/audit/service/server.ts';
import { LOG_ORIGIN, startWitnessProcess, witnessBed } from '../test/witness/helpers.ts';
import { machine } from './helpers.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '60');
const BURSTS = 5;
const names = ['court', 'regulator'] as const;

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const ms = (x: number): string => `${x.toFixed(2)} ms`;

const bed = await witnessBed(['audit', 'admf', ...names]);
const keys = Object.fromEntries(names.map((n) => [n, generateKeyPairSync('ed25519').privateKey]));
const witnesses = await Promise.all(names.map((n) => startWitnessProcess(bed, { dir: join(bed.dir, n), id: n, key: keys[n]!, name: `${n}.bench/witness` })));
const log = await openAuditDirectory({ dir: join(bed.dir, 'log'), signer: bed.log });
const service = await startAuditService({
  creds: bed.creds.get('audit')!,
  bind: { host: '127.0.0.1', port: 0 },
  log,
  dir: join(bed.dir, 'log'),
  allowedClients: ['admf'],
  checkpointIntervalMs: 3_600_000, // only anchors publish here: the interval would only add noise
  witnessing: {
    policy: {
      log: createNoteVerifier(LOG_ORIGIN, bed.log.publicKey),
      witnesses: names.map((n) => ({ name: n, verifier: createCosignatureVerifier(`${n}.bench/witness`, keys[n]!) })),
      groups: [],
      quorum: { kind: 'count', n: 2 },
    },
    endpoints: names.map((n, i) => ({ name: n, identity: n, endpoint: witnesses[i]!.endpoint })),
    maxWaitMs: 5000,
  },
});
const admf = new RemoteAuditLog({ creds: bed.creds.get('admf')!, endpoint: service.endpoint, serverIdentity: 'audit', timeoutMs: 10_000 });
let n = 0;
const announcement = (): AuditEvent => ({ type: 'provisioning.task-activating', at: new Date().toISOString(), actor: 'admf', subject: `bench-${n++}`, details: { liid: 'BENCH-1', warrantId: 'bench' } });

try {
  for (let i = 0; i < 10; i++) await admf.anchor((await admf.append(announcement())).index); // warm-up: connections, JIT, first consistency
  const rtt: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    await admf.ping();
    rtt.push(performance.now() - t0);
  }
  const one: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    const { index } = await admf.append(announcement());
    await admf.anchor(index);
    one.push(performance.now() - t0);
  }
  const burst: number[] = [];
  for (let i = 0; i < BURSTS; i++) {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 100 }, async () => admf.anchor((await admf.append(announcement())).index)));
    burst.push(performance.now() - t0);
  }
  const base = quantile(rtt, 0.5);
  console.log(`machine: ${machine()}`);
  console.log(`scenario: announcement appended, then anchored in a checkpoint cosigned by 2 of 2 witness processes; ${ROUNDS} rounds, ${BURSTS} bursts of 100`);
  console.log(`  baseline: HTTPS round trip to the audit service   median ${ms(base)}   p95 ${ms(quantile(rtt, 0.95))}`);
  console.log(`  append + anchor, one at a time                     median ${ms(quantile(one, 0.5))}   p95 ${ms(quantile(one, 0.95))}   ratio vs round trip ${(quantile(one, 0.5) / base).toFixed(1)}`);
  console.log(`  100 concurrent append + anchor                     median ${ms(quantile(burst, 0.5))} per burst   ratio vs round trip ${(quantile(burst, 0.5) / base).toFixed(1)}`);
  console.log(`  cosigning rounds: ${JSON.stringify(service.stats().cosigning ?? {})}`);
} finally {
  await admf.close();
  await service.close();
  await log.close();
  await Promise.all(witnesses.map((w) => w.stop()));
  bed.cleanup();
}

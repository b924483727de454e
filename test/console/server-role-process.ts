/**
 * The lemf role as its own OS process (`warranted serve lemf`, the real CLI), so that it can be
 * ended with SIGKILL exactly as `kill -9` ends it, and fed real HI2 PS-PDUs over mutual TLS with the
 * deployment's MDF certificate (the only peer the LEMF accepts). For the restart tests of the console.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Deployment } from '../../src/platform/config/types.ts';
import { encodePsPdu } from '../../src/standards/hi2hi3/index.ts';
import { Hi2Hi3Sender, MemoryDeliveryQueue } from '../../src/wires/hi2hi3/sender.ts';
import { tlsConnector } from '../../src/wires/transport.ts';
import * as f from '../monitoring/fixtures.ts';
import { call, type Harness } from './server-helpers.ts';

export interface RoleProcess {
  child: ChildProcess;
  /** The console's URL and the deployment CA: what server-helpers' `call`/`as` need. */
  h: Harness;
  output(): string;
}

/** Starts `warranted serve lemf` for the deployment's first agency; resolves once its console answers. */
export async function startLemfProcess(file: string, d: Deployment): Promise<RoleProcess> {
  const l = d.agencies[0]!.lemf;
  const child = spawn(process.execPath, ['bin/warranted.mjs', 'serve', 'lemf', '--config', file, '--id', l.id], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
  const h = { server: { url: `https://127.0.0.1:${l.console!.listen.port}/` }, caPem: readFileSync(d.ca, 'utf8') } as unknown as Harness;
  for (let t = Date.now(); Date.now() - t < 120_000; await sleep(200)) {
    if (child.exitCode !== null) break;
    const a = await call(h, '/api/me').catch(() => undefined);
    if (a?.status === 401) return { child, h, output: () => out };
  }
  child.kill('SIGKILL');
  throw new Error(`the lemf role did not come up (exit ${child.exitCode}):\n${out.slice(-4000)}`);
}

/** kill -9: nothing flushed, closed or saved on the way out. */
export async function killHard(p: RoleProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGKILL');
  await exited;
}

/** Delivers PS-PDUs to the LEMF's HI2 port as the deployment's MDF (mutual TLS). */
export async function deliverHi2(d: Deployment, pdus: Uint8Array[]): Promise<void> {
  const creds = { certPem: readFileSync(d.mediation.tls.cert, 'utf8'), keyPem: readFileSync(d.mediation.tls.key, 'utf8'), caPem: readFileSync(d.ca, 'utf8') };
  const queue = new MemoryDeliveryQueue();
  for (const p of pdus) queue.push(p);
  const tx = new Hi2Hi3Sender({
    endpoint: d.agencies[0]!.lemf.hi2,
    connector: tlsConnector(creds),
    queue,
    makeTri: (payload, seq) => encodePsPdu({ pSHeader: f.header(0, seq, f.T0), payload: { kind: 'tRIPayload', value: payload } }),
  });
  tx.start();
  try {
    assert.ok(await tx.flush(20_000), 'sender queue drained');
  } finally {
    await tx.stop();
  }
}

/** An SMS (its text is f.SMS_TEXT) and a SIP INVITE of the fixtures' target, on f.LIID. */
export function smsAndCall(): Uint8Array[] {
  return [f.sipIri(0, f.T0, f.INVITE, f.IRIType.iRIBegin), f.iri33128(f.SMS_CIN, 0, f.T0 + 6000, f.smsEvent)];
}

export { f };

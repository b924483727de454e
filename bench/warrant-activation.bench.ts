/**
 * Scenario: how long a signed warrant takes to become live interception. The demo system
 * (test/system/in-process/system.ts: warrant desk, provisioning, mediation, two operators' network elements,
 * a monitoring centre, all over mutual TLS on loopback) receives a warrant over HI-1 as in
 * test/system/in-process/warrant-flow.ts: the agency submits, the minister signs, then the judge signs; the
 * clock starts at the judge's signature and stops when every derived X1 task (one per target per
 * operator, on the MDF and every network element concerned) is acknowledged active. Operators'
 * compliance confirmations (pk-ifta-2013 requires them) fall inside that interval and are shown
 * apart. Repeated BENCH_WARRANTS times with fresh targets.
 *
 * Baseline, measured in the same run: one bare X1 PingRequest round trip ADMF → MDF (median of 20,
 * after warm-up), the floor any X1 provisioning step pays. Prints medians and the ratio.
 *
 *   node --import tsx bench/warrant-activation.bench.ts        (BENCH_WARRANTS=5)
 *
 * Binds 127.0.0.1 only; stops by itself (BENCH_TIMEOUT_S, default 240 s, ends it with exit 1).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { signApproval, signStatement } from '../src/warrants/index.ts';
import { firstResponse, type Hi1Exchange } from '../src/warrants/desk/index.ts';
import { ADMF, AGENCY, MDF, startDemoSystem } from '../test/system/in-process/system.ts';
import { demoWarrantDraft, openWarrantDesk } from '../test/system/in-process/warrant-flow.ts';
import { X1Client } from '../src/wires/x1/index.ts';

const WARRANTS = Number(process.env.BENCH_WARRANTS ?? '5');
const PINGS = 20;
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? '240');

const watchdog = setTimeout(() => {
  console.error(`warrant-activation: not finished after ${TIMEOUT_S} s; giving up`);
  process.exit(1);
}, TIMEOUT_S * 1000);
watchdog.unref();

const ms = (t0: bigint, t1: bigint): number => Number(t1 - t0) / 1e6;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
function expectOk(x: Hi1Exchange, what: string): void {
  const r = firstResponse(x);
  if (r.verb === 'ErrorInformation') throw new Error(`${what} refused: ${r.error.errorCode} ${r.error.errorDescription}`);
}

const cpu = cpus();
console.log('bench: warrant-activation (HI-1 judge signature → every X1 task active on MDF and network elements)');
console.log(`machine: ${cpu[0]?.model ?? 'unknown cpu'}, ${cpu.length} cores, node ${process.version}, ${WARRANTS} warrants, ${PINGS} pings`);

const dir = mkdtempSync(join(tmpdir(), 'warranted-bench-activation-'));
try {
  const sys = await startDemoSystem({ dataDir: dir, runDir: join(dir, 'run'), subscribers: 200, seed: 7, fastTimers: true });
  const desk = await openWarrantDesk(join(dir, 'run'), sys.audit, sys.provisioning, sys.creds);
  const [opA, opB] = sys.operators as [(typeof sys.operators)[number], (typeof sys.operators)[number]];

  // Baseline: X1 Ping ADMF → MDF on a warm connection.
  const x1 = new X1Client({ creds: sys.creds.get(ADMF)!, endpoint: sys.mediation.x1Endpoint, admfIdentifier: ADMF, neIdentifier: MDF });
  const pings: number[] = [];
  for (let i = 0; i < PINGS + 3; i++) {
    const t0 = process.hrtime.bigint();
    await x1.request({ messageType: 'PingRequest' });
    if (i >= 3) pings.push(ms(t0, process.hrtime.bigint()));
  }
  x1.close();

  const rows: { confirmMs: number; activeMs: number; tasks: number }[] = [];
  for (let w = 0; w < WARRANTS; w++) {
    const now = Date.now();
    const base = demoWarrantDraft({ msisdn: { kind: 'e164Number', value: opA.msisdnOf(w) }, imei: { kind: 'imei', value: opB.imeiOf(w) } }, new Date(now - 1000), new Date(now + 3600_000));
    const draft = { ...base, reference: `BENCH-${w}-${now}` }; // the demo's reference is per second
    const due = draft.targets.length * draft.operators.length;
    expectOk(await desk.client(AGENCY.id).submitWarrant(draft), 'CREATE');
    const minister = desk.client('pk-minister-interior');
    expectOk(await minister.approve(draft.id, [signApproval(await minister.canonicalBytes(draft.id), desk.signers['pk-minister-interior']!, new Date())]), 'minister');
    const judge = desk.client('pk-ihc-judge-1');
    const canonical = await judge.canonicalBytes(draft.id);

    const t0 = process.hrtime.bigint();
    expectOk(await judge.approve(draft.id, [signApproval(canonical, desk.signers['pk-ihc-judge-1']!, new Date())]), 'judge');
    for (const [officer, op] of [['op-a-officer-1', 'demo-op-a'], ['op-a-officer-2', 'demo-op-a'], ['op-b-officer-1', 'demo-op-b']] as const) {
      const c = desk.client(officer);
      const hash = createHash('sha256').update(await c.canonicalBytes(draft.id)).digest('hex');
      expectOk(await c.statement(draft.id, signStatement('operator-confirmation', hash, op, desk.signers[officer]!, new Date())), officer);
    }
    const t1 = process.hrtime.bigint();
    // Provisioning follows each confirmation asynchronously; done when every derived task is applied.
    const deadline = Date.now() + 30_000;
    const applied = () => desk.applied.filter((a) => a.warrantId === draft.id).reduce((n, a) => n + a.tasks, 0);
    while (applied() < due || !sys.provisioning.states().every((s) => s.state === 'active')) {
      if (Date.now() > deadline) throw new Error(`warrant ${w}: ${applied()} of ${due} tasks applied after 30 s`);
      await new Promise((r) => setTimeout(r, 1));
    }
    const t2 = process.hrtime.bigint();
    rows.push({ confirmMs: ms(t0, t1), activeMs: ms(t0, t2), tasks: due });
  }

  const ping = median(pings);
  const active = median(rows.map((r) => r.activeMs));
  const states = sys.provisioning.states();
  console.log(`\nX1 task × element pairs active at the end: ${states.filter((s) => s.state === 'active').length} of ${states.length}; MDF tasks ${sys.mediation.tasks().length}`);
  console.log(`  baseline X1 Ping round trip (ADMF → MDF)   median ${ping.toFixed(2).padStart(8)} ms  (min ${Math.min(...pings).toFixed(2)}, max ${Math.max(...pings).toFixed(2)})`);
  console.log(`  judge signature → all X1 tasks active      median ${active.toFixed(2).padStart(8)} ms  ratio vs ping ${(active / ping).toFixed(1)}`);
  console.log(`    of which 3 operator confirmations (HI-1)  median ${median(rows.map((r) => r.confirmMs)).toFixed(2).padStart(8)} ms`);
  console.log(`  every warrant (${rows[0]?.tasks ?? 0} tasks each): ${rows.map((r) => `${r.activeMs.toFixed(0)} ms`).join(', ')}`);
  await desk.close();
  await sys.stop();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

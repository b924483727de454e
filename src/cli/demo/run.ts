/**
 * `warranted demo`: the demo is a deployment. It writes one with `init` into a fresh run directory,
 * starts every role as its own supervised process with `up`, and then acts only from outside, as
 * the system's users would: two agencies ask for a warrant each over HI-1, the minister and the
 * judge sign, the operators confirm; the synthetic networks generate traffic; the agencies' LEMFs
 * receive. Optionally (--chaos) it kill -9s four roles while the warrants are active. Then a third
 * agency obtains a production order for one target's last day of retained data and asks the
 * operator's RDHI for it (retained-data.ts). At the end it stops the deployment with `down` and
 * judges what each agency holds against the networks' ground truth (summary.ts), the audit log
 * (verified offline) and the roles' metrics.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { initDeployment } from '../init/init.ts';
import { loadDeployment } from '../../platform/config/load.ts';
import type { Deployment } from '../../platform/config/types.ts';
import { down, status } from '../../platform/supervisor/control.ts';
import { readFileSync } from 'node:fs';
import { deriveLiid } from '../../warrants/index.ts';
import { createDemoAnalyst } from './console-user.ts';
import { upDeployment } from '../deploy/command.ts';
import { X2X3Sender } from '../../wires/x2x3/sender.ts';
import { tlsConnector } from '../../wires/transport.ts';
import { PayloadDirection, PayloadFormat, PduType } from '../../standards/x2x3/index.ts';
import { credentialsOf } from '../../roles/common.ts';
import { DeploymentDriver, syntheticOperators } from './deployment-driver.ts';
import { metric, scrape } from './admin-client.ts';
import { killAndRecover, type ChaosKill } from './chaos.ts';
import { judgeDemo, type DemoAgencyPlan, type DemoResult } from './verdict.ts';
import { retainedDataScenario } from './retained-data.ts';

export type { DemoResult } from './verdict.ts';

export interface DemoOptions {
  durationS: number;
  /** Seconds after the start at which the warrants end (default: two thirds of the duration). */
  warrantEndS?: number;
  seed: number;
  dataDir: string;
  subscribers: number;
  chaos?: boolean;
  /** After the verdict, keep the deployment running until Ctrl-C or `warranted down` (to look around in the console). */
  keep?: boolean;
  out?: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function lemfRecords(d: Deployment, id?: string): Promise<number> {
  let n = 0;
  for (const a of d.agencies) {
    if (id !== undefined && a.lemf.id !== id) continue;
    n += await scrape(a.lemf.admin).then((m) => metric(m, 'warranted_lemf_records'), () => 0);
  }
  return n;
}

/** An insider makes a network element emit X2 for an XID no warrant covers (the Athens pattern). */
async function rogueTap(d: Deployment): Promise<void> {
  const ne = d.operators[1]!.elements[1]!;
  const rogue = new X2X3Sender({ endpoint: d.mediation.x2x3, connector: tlsConnector(credentialsOf(d, ne.tls!)) });
  rogue.start();
  for (let i = 0; i < 5; i++)
    rogue.send({ version: 5, pduType: PduType.X2, payloadFormat: PayloadFormat.SipMessage, payloadDirection: PayloadDirection.Unknown, xid: randomUUID(), correlationId: 0n, attributes: [], payload: Buffer.from('MESSAGE sip:rogue@example.invalid SIP/2.0\r\n\r\n') });
  await rogue.drain(2000);
  await rogue.stop();
}

export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const out = o.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const runDir = join(o.dataDir, 'runs', new Date().toISOString().replace(/[:.]/g, '-'));
  out(`warranted demo: ${o.subscribers} subscribers per operator, seed ${o.seed}, ${o.durationS} s${o.chaos ? ', chaos' : ''}; deployment in ${runDir}`);
  const file = await initDeployment({ dir: runDir, subscribers: o.subscribers, seed: o.seed, fastTimers: true });
  const d = loadDeployment(file);
  const tUp = Date.now();
  const started = await upDeployment(file, 240_000);
  if (!started.ok) throw new Error(`roles not healthy: ${started.failing.map((f) => `${f.role} ${f.id}\n${f.logTail}`).join('\n')}`);
  const upMs = Date.now() - tUp;
  out(`warranted up: ${started.rows.length} roles healthy in ${(upMs / 1000).toFixed(1)} s (${started.rows.map((r) => `${r.role}/${r.id} pid ${r.pid}`).join(', ')})`);
  const driver = new DeploymentDriver(d);
  let result: DemoResult | undefined;
  try {
    result = await drive(o, d, driver, runDir, upMs, out);
    return result;
  } finally {
    driver.close();
    if (o.keep && result) {
      // The verdict stopped the deployment to read what each party holds; start it again from its
      // state on disk (evidence, users, access logs), as after any restart.
      const again = await upDeployment(file, 240_000).catch((e: unknown) => ({ ok: false as const, failing: [], error: e }));
      if (again.ok) await keepRunning(d, file, out);
      else out('--keep: the deployment did not start again; see the roles\' logs under data/logs');
    }
    await down({ dataDir: d.dataDir, timeoutMs: 60_000 }).catch((e: unknown) => out(`warranted down failed: ${String(e)}`));
  }
}

/** `--keep`: wait for Ctrl-C (or SIGTERM) here, or for `warranted down` from another shell. */
async function keepRunning(d: Deployment, file: string, out: (l: string) => void): Promise<void> {
  out(`deployment kept running (--keep): Ctrl-C here, or \`warranted down --config ${file}\`, stops it`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      clearInterval(poll);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const poll = setInterval(() => {
      void status({ dataDir: d.dataDir }).then((s) => (s.supervisor?.running ? undefined : stop()), () => undefined);
    }, 2000);
  });
}

/** The one `console:` line: an analyst of the first agency, assigned its warrant (console-user.ts). */
async function consoleLine(d: Deployment, plan: DemoAgencyPlan, out: (l: string) => void): Promise<void> {
  const agency = d.agencies.find((a) => a.id === plan.agencyId)!;
  try {
    const liid = deriveLiid({ id: plan.warrantId!, agency: { id: plan.agencyId, name: plan.agencyId } });
    const u = await createDemoAnalyst(agency, readFileSync(d.ca, 'utf8'), [liid]);
    out(`console: ${u.url}  user: ${u.name}  password: ${u.password}`);
  } catch (e) {
    out(`console: not available (${(e as Error).message})`);
  }
}

async function drive(o: DemoOptions, d: Deployment, driver: DeploymentDriver, runDir: string, upMs: number, out: (l: string) => void): Promise<DemoResult> {
  const [opA, opB] = syntheticOperators(d) as [ReturnType<typeof syntheticOperators>[number], ReturnType<typeof syntheticOperators>[number]];
  const ia = (o.seed * 7 + 3) % opA.size;
  const ib = (o.seed * 11 + 5) % opB.size;
  const ic = (o.seed * 13 + 9) % opB.size === ib ? (ib + 1) % opB.size : (o.seed * 13 + 9) % opB.size;
  const [police, ib2] = d.agencies as [Deployment['agencies'][number], Deployment['agencies'][number]];
  const plans: DemoAgencyPlan[] = [
    {
      agencyId: police.id,
      lemfId: police.lemf.id,
      targets: [
        { label: `MSISDN ${opA.msisdnOf(ia)} (${opA.id}, IRI+CC)`, id: { kind: 'e164Number', value: opA.msisdnOf(ia) }, operatorId: opA.id, content: true, aliases: [`imsi:${opA.imsiOf(ia)}`, `imei:${opA.imeiOf(ia)}`] },
        { label: `IMEI ${opB.imeiOf(ib)} (${opB.id}, IRI only)`, id: { kind: 'imei', value: opB.imeiOf(ib) }, operatorId: opB.id, content: false, aliases: [`e164Number:${opB.msisdnOf(ib)}`, `imsi:${opB.imsiOf(ib)}`] },
      ],
      operators: [opA.id, opB.id],
    },
    {
      agencyId: ib2.id,
      lemfId: ib2.lemf.id,
      targets: [{ label: `MSISDN ${opB.msisdnOf(ic)} (${opB.id}, IRI+CC)`, id: { kind: 'e164Number', value: opB.msisdnOf(ic) }, operatorId: opB.id, content: true, aliases: [`imsi:${opB.imsiOf(ic)}`, `imei:${opB.imeiOf(ic)}`] }],
      operators: [opB.id],
    },
  ];
  const t0 = Date.now();
  const start = new Date(t0);
  const end = new Date(t0 + (o.warrantEndS ?? Math.round((o.durationS * 2) / 3)) * 1000);
  for (const op of [opA, opB]) await driver.watch(op.id, plans.flatMap((p) => p.targets.filter((t) => t.operatorId === op.id).map((t) => ({ label: t.label, id: t.id }))));
  // From here on the networks' ground truth of the targets is complete (the retained-data check asks from here).
  const watchedFrom = Date.now();

  for (const p of plans) {
    const w = await driver.submitAndApprove({ agencyId: p.agencyId, targets: p.targets.map((t) => ({ id: t.id, content: t.content })), operators: p.operators, start, end });
    p.warrantId = w.id;
    p.reference = w.draft.reference;
    out(`warrant ${w.draft.reference} for ${p.agencyId}: submitted over HI-1, signed by the minister and the judge, confirmed by ${p.operators.join(' and ')}`);
  }
  await consoleLine(d, plans[0]!, out);
  // One X1 task per target per operator, each on the MDF and the operator's two elements.
  const duePairs = plans.reduce((n, p) => n + p.targets.length * p.operators.length * 3, 0);
  let activeFrom: number | undefined;
  for (let i = 0; i < 600 && activeFrom === undefined; i++) {
    if ((await driver.activePairs().catch(() => 0)) >= duePairs) activeFrom = Date.now();
    else await sleep(50);
  }
  out(`X1 ActivateTask acknowledged for ${duePairs} task×element pairs after ${(((activeFrom ?? Date.now()) - t0) / 1000).toFixed(1)} s`);
  await rogueTap(d);

  // Scripted activity of the targets on top of the background traffic, once a second.
  let k = 0;
  const script = setInterval(() => {
    k++;
    const [a, b, c] = [opA.msisdnOf(ia), opB.msisdnOf(ib), opB.msisdnOf(ic)];
    const otherA = opA.msisdnOf((k * 13 + 1) % opA.size);
    const otherB = opB.msisdnOf((k * 17 + 2) % opB.size);
    const acts: [string, Record<string, unknown>][] =
      k % 4 === 1 ? [[opA.id, { action: 'call', from: a, to: otherA }], [opB.id, { action: 'call', from: b, to: otherB }], [opB.id, { action: 'call', from: c, to: otherB }]]
      : k % 4 === 2 ? [[opA.id, { action: 'sms', from: a, to: otherA, text: `meet at ${k} pm` }], [opB.id, { action: 'sms', from: otherB, to: b, text: `ok ${k}` }], [opB.id, { action: 'sms', from: c, to: otherB, text: `on my way ${k}` }]]
      : k % 4 === 3 ? [[opA.id, { action: 'data', from: a, hosts: ['news.example.pk', 'mail.example.com'] }], [opB.id, { action: 'data', from: b, hosts: ['maps.example.com'] }], [opB.id, { action: 'data', from: c, hosts: ['video.example.com'] }]]
      : [[opA.id, { action: 'move', from: a }], [opB.id, { action: 'move', from: b }], [opB.id, { action: 'move', from: c }]];
    // A busy subscriber or a network role being restarted: skip this round.
    for (const [op, body] of acts) void driver.simulate(op, body).catch(() => undefined);
  }, 1000);

  const kills: ChaosKill[] = [];
  const chaos = o.chaos
    ? (async () => {
        await sleep(3000);
        for (const [role, id] of [['mdf', d.mediation.id], ['control', d.control.admf.id], ['audit', d.audit.id], ['lemf', police.lemf.id]] as const) {
          if (Date.now() > end.getTime() - 15_000) break;
          out(`  chaos: kill -9 ${role} ${id}`);
          const k1 = await killAndRecover(driver, role, id, () => lemfRecords(d, role === 'lemf' ? id : undefined));
          kills.push(k1);
          out(`  chaos: ${role} ${id} healthy again after ${k1.healthyAfterMs ?? '∞'} ms, delivering after ${k1.deliveringAfterMs ?? '∞'} ms`);
          await sleep(2000);
        }
      })()
    : Promise.resolve();

  let activeUntil: number | undefined;
  while (Date.now() - t0 < o.durationS * 1000) {
    await sleep(1000);
    if (activeUntil === undefined && Date.now() >= end.getTime()) activeUntil = end.getTime();
    const m = await scrape(d.mediation.admin).catch(() => new Map<string, number>());
    out(`[${String(Math.round((Date.now() - t0) / 1000)).padStart(3)} s] X2/X3 in ${metric(m, 'warranted_mdf_pdus_in')}  refused ${metric(m, 'warranted_mdf_pdus_refused')}  HI2/HI3 out ${metric(m, 'warranted_mdf_pdus_out')}  LEMF records ${await lemfRecords(d)}  warrants ${Date.now() < end.getTime() ? 'active' : 'ENDED'}`);
  }
  clearInterval(script);
  await chaos;
  // Let the last records drain: the MDF's outboxes empty (bounded).
  for (let i = 0; i < 50; i++) {
    const m = await scrape(d.mediation.admin).catch(() => undefined);
    if (m && metric(m, 'warranted_mdf_outbox_depth') === 0 && metric(m, 'warranted_mdf_held_back') === 0) break;
    await sleep(200);
  }
  // The Federal Investigation Agency's production order for the police's MSISDN target (retained-data.ts).
  const retainedData = await retainedDataScenario(d, driver, { label: plans[0]!.targets[0]!.label, operator: opA, index: ia, watchedFrom }, out);
  return judgeDemo({ d, driver, plans, runDir, start: start.getTime(), end: end.getTime(), activeFrom, activeUntil, kills, upMs, retainedData, out });
}

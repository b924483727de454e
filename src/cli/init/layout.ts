/**
 * The demo deployment `warranted init` writes: who is in it (identities = certificate names),
 * and which ports each component listens on. Two operators with two network elements each, one
 * mediation function, three agencies each with its own monitoring centre, the warrant desk and ADMF,
 * the audit log, the authorities the pk-ifta-2013 profile asks for, two witnesses of the audit
 * log — one for the court, one for the regulator — both of which must cosign (docs/witness.md), and
 * each operator's RDHI (its retained-data handover interface, TS 102 657; docs/rd.md).
 *
 * The third agency, the Federal Investigation Agency, is the one the pk-peca-2016 production-order
 * profile designates (PECA 2016 s.29): it is the only demo agency that may obtain retained data. It
 * gets its own LEMF like the others (agencies[].lemf is required by the schema, and its console's
 * HI-1 client certificate is what `warranted rd request` presents); in the demo it is given no
 * interception warrant, so its LEMF stays empty.
 */
import { createServer } from 'node:net';
import type { AuthorityConfig } from '../../platform/config/types.ts';

export const DEMO_OPERATORS = [
  { id: 'demo-op-a', name: 'Demo Operator A', mcc: '410', mnc: '01', msisdnPrefix: '92300', centre: { latitude: 33.6844, longitude: 73.0479 }, fourEyes: true, officers: ['op-a-officer-1', 'op-a-officer-2'] },
  { id: 'demo-op-b', name: 'Demo Operator B', mcc: '410', mnc: '06', msisdnPrefix: '92345', centre: { latitude: 24.8607, longitude: 67.0011 }, fourEyes: false, officers: ['op-b-officer-1'] },
] as const;

export const DEMO_AGENCIES = [
  { id: 'pk-police', name: 'Police', lemf: 'lemf-pk-police' },
  { id: 'pk-ib', name: 'Intelligence Bureau', lemf: 'lemf-pk-ib' },
  { id: 'pk-fia', name: 'Federal Investigation Agency', lemf: 'lemf-pk-fia' },
] as const;

export const DEMO_AUTHORITIES: Omit<AuthorityConfig, 'publicKey'>[] = [
  { id: 'pk-minister-interior', role: 'minister', name: 'Minister for Interior (demo key)' },
  { id: 'pk-ihc-judge-1', role: 'judge', name: 'Judge, Islamabad High Court (demo key)' },
  { id: 'op-a-officer-1', role: 'compliance-officer', name: 'Demo Operator A compliance officer 1' },
  { id: 'op-a-officer-2', role: 'compliance-officer', name: 'Demo Operator A compliance officer 2' },
  { id: 'op-b-officer-1', role: 'compliance-officer', name: 'Demo Operator B compliance officer' },
];

export const SYSTEM_IDS = { audit: 'audit', admf: 'admf', desk: 'warrant-desk', mdf: 'mdf' } as const;

/** The audit log's witnesses: independent of the operator, each with its own key (C2SP tlog-witness). */
export const DEMO_WITNESSES = [
  { id: 'court-witness', name: 'court.demo/witness' },
  { id: 'regulator-witness', name: 'regulator.demo/witness' },
] as const;

export const elementIds = (op: string) => ({ ims: `${op}-ims`, fivegc: `${op}-5gc` });

/** The operator's RDHI: its own certificate identity (the actor of its rd.* audit events) and signing key name. */
export const rdhiId = (op: string) => `${op}-rdhi`;

/** Every certificate identity of the demo deployment. */
export function demoIdentities(): string[] {
  return [
    ...Object.values(SYSTEM_IDS),
    ...DEMO_OPERATORS.flatMap((o) => [...Object.values(elementIds(o.id)), rdhiId(o.id)]),
    ...DEMO_AGENCIES.flatMap((a) => [a.id, a.lemf]),
    ...DEMO_AUTHORITIES.map((a) => a.id),
    ...DEMO_WITNESSES.map((w) => w.id),
  ];
}

/**
 * Number of ports the demo deployment listens on, the consoles' aside (init.ts adds one per agency):
 * audit 2, control 3, mediation 3, per agency 3 (HI2, HI3, admin), per operator 4 (two elements'
 * X1, the network role's admin, the RDHI), per witness 2.
 */
export const DEMO_PORT_COUNT = 2 + 3 + 3 + DEMO_AGENCIES.length * 3 + DEMO_OPERATORS.length * 4 + DEMO_WITNESSES.length * 2;

/**
 * `count` ports: consecutive from `base`, or (no base) ports the kernel reports free on 127.0.0.1
 * right now — a later bind can still race another program; `init --base-port` avoids the guess.
 */
export async function choosePorts(count: number, base?: number): Promise<number[]> {
  if (base !== undefined) return Array.from({ length: count }, (_, i) => base + i);
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<import('node:net').Server>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

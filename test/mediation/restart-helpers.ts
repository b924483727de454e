/**
 * Pieces of the MDF restart tests: the MDF as a child process (mdf-child.ts) that can be SIGKILLed,
 * the ADMF's X1 provisioning of one task (as src/provisioning does it), a POI sending X2 SIP and X3
 * RTP PDUs over mutual TLS, and free loopback ports for a LEMF that starts later.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { after, before } from 'node:test';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureDemoPki, type Credentials } from '../../src/platform/pki.ts';
import { activate, createDestination, destination, hi2Did, hi3Did, mdfTask } from '../../src/provisioning/x1-messages.ts';
import type { AgencyDestinationEntry, ProvisionTask } from '../../src/provisioning/registry.ts';
import { encodeXIRIPayload } from '../../src/standards/ts33128/index.ts';
import { sampleXIRIPayloads } from '../../src/standards/ts33128/fixtures.ts';
import { PayloadDirection, PayloadFormat, PduType, X2X3_VERSION, type X2X3Pdu } from '../../src/standards/x2x3/index.ts';
import { ipv4UdpPacket, rtpPacket } from '../../src/standards/x2x3/x2x3.fixtures.ts';
import { tlsConnector, type Endpoint } from '../../src/wires/transport.ts';
import { X1Client } from '../../src/wires/x1/index.ts';
import { X2X3Sender } from '../../src/wires/x2x3/sender.ts';
import type { MediationStats } from '../../src/mediation/mdf.ts';
import type { MdfChildConfig } from './mdf-child.ts';

export const HOST = '127.0.0.1';
export const IDS = { admf: 'admf', mdf: 'mdf', poi: 'opa-ims', lemf: 'lemf-ag' };
/**
 * A directory for one test file (its name starts with `prefix`) holding the ADMF's, MDF's and POI's
 * certificates: made before the file's tests, removed after them. Read its fields inside tests.
 */
export function mdfTestPki(prefix: string): { readonly root: string; readonly creds: Map<string, Credentials> } {
  const made = { root: '', creds: new Map<string, Credentials>() };
  before(async () => {
    made.root = mkdtempSync(join(tmpdir(), prefix));
    made.creds = await ensureDemoPki(join(made.root, 'pki'), [IDS.admf, IDS.mdf, IDS.poi]);
  });
  after(() => rmSync(made.root, { recursive: true, force: true }));
  return made;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** A loopback port that was free a moment ago (for a LEMF that starts after the MDF). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, HOST, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ChildMdf {
  proc: ChildProcess;
  ready: { x1: number; x2x3: number; recovered: { destinations: number; tasks: number; expired: number; pendingRecords: number; orphanedOutboxes: string[] } };
  alarms: { code: string; detail: string }[];
  /** The MDF's stats and the child's resident set size (octets). */
  stats(): Promise<MediationStats & { rss: number }>;
  /** Octets still held after a full garbage collection (heap used + external), and the RSS. */
  heap(): Promise<{ live: number; rss: number }>;
  kill(): Promise<void>;
}

type Waiter = { resolve: (v: never) => void; reject: (e: Error) => void };

/** Starts mdf-child.ts; resolves when it serves, rejects with its { error } line if it refuses to start. */
export async function startChildMdf(dir: string, cfg: MdfChildConfig): Promise<ChildMdf> {
  const cfgFile = join(dir, `mdf-child-${randomUUID()}.json`);
  writeFileSync(cfgFile, JSON.stringify(cfg));
  const proc = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'mdf-child.ts'), cfgFile], { stdio: ['pipe', 'pipe', 'inherit'] });
  const alarms: ChildMdf['alarms'] = [];
  // One queue of answers per command: the child answers each command's requests in order.
  const waiters = { stats: [] as Waiter[], heap: [] as Waiter[] };
  const gone = (e: Error) => {
    for (const w of [...waiters.stats.splice(0), ...waiters.heap.splice(0)]) w.reject(e);
  };
  // A stats request racing the child's death: EPIPE on its stdin, answered by a rejection, not a crash of the test.
  proc.stdin.on('error', gone);
  const exited = new Promise<void>((r) =>
    proc.once('exit', (code, signal) => {
      gone(new Error(`the MDF child exited (${signal ?? code})`));
      r();
    }),
  );
  const ready = await new Promise<ChildMdf['ready']>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the MDF child did not start within 60 s')), 60_000);
    proc.once('exit', (code) => reject(new Error(`the MDF child exited with ${code}`)));
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const m = JSON.parse(line) as { ready?: ChildMdf['ready']; alarm?: ChildMdf['alarms'][number]; stats?: never; heap?: never; error?: { code: string; message: string } };
      if (m.ready) {
        clearTimeout(timer);
        resolve(m.ready);
      }
      if (m.error) {
        clearTimeout(timer);
        reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
      }
      if (m.alarm) alarms.push(m.alarm);
      if (m.stats) waiters.stats.shift()?.resolve(m.stats);
      if (m.heap) waiters.heap.shift()?.resolve(m.heap);
    });
  });
  const ask = <T>(command: keyof typeof waiters): Promise<T> =>
    new Promise((resolve, reject) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return reject(new Error('the MDF child has exited'));
      waiters[command].push({ resolve, reject });
      proc.stdin.write(`${command}\n`);
    });
  return {
    proc,
    ready,
    alarms,
    stats: () => ask('stats'),
    heap: () => ask('heap'),
    kill: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

export interface ProvisionedTask {
  xid: string;
  liid: string;
  hi2: string;
  hi3: string;
}

/** CreateDestination HI2 + HI3 and ActivateTask (HI2andHI3) over X1, as the ADMF sends them; `pois`: the task's taskedElements. */
export async function provisionTask(admf: Credentials, mdfX1: Endpoint, lemf: { hi2: Endpoint; hi3: Endpoint }, window: { start: Date; end: Date }, liid = 'LIID-RESTART-1', pois: readonly string[] = [IDS.poi]): Promise<ProvisionedTask> {
  const dest: AgencyDestinationEntry = { id: 'agency-lemf', agencyId: 'agency', hi2: lemf.hi2, hi3: lemf.hi3 };
  const task: ProvisionTask = {
    xid: randomUUID(),
    liid,
    warrantId: `W-${randomUUID()}`,
    warrantHash: 'b'.repeat(64),
    operatorId: 'opa',
    target: { kind: 'e164Number', value: '447700900123' },
    deliveryType: 'X2andX3',
    // callPdus sends SIP MESSAGE (sms) and IPv4 packets (data): the MDF refuses services outside the warrant.
    services: ['voice', 'sms', 'data'],
    start: window.start.toISOString(),
    end: window.end.toISOString(),
    destinationId: dest.id,
  };
  const x1 = x1Client(admf, mdfX1);
  try {
    for (const [did, type, ep] of [[hi2Did(dest), 'X2Only', dest.hi2], [hi3Did(dest), 'X3Only', dest.hi3]] as const) {
      const known = await x1.request({ messageType: 'ListAllDetailsRequest' });
      if (!known.listOfDIDs.includes(did)) await x1.request(createDestination(destination(did, `${dest.id} ${type}`, type, ep)));
    }
    await x1.request(activate(mdfTask(task, dest, pois)));
  } finally {
    x1.close();
  }
  return { xid: task.xid, liid, hi2: hi2Did(dest), hi3: hi3Did(dest) };
}

export const x1Client = (admf: Credentials, mdfX1: Endpoint): X1Client => new X1Client({ creds: admf, endpoint: mdfX1, admfIdentifier: IDS.admf, neIdentifier: IDS.mdf });

const nowTs = () => {
  const ms = Date.now();
  return { seconds: Math.floor(ms / 1000), nanoseconds: (ms % 1000) * 1_000_000 };
};

/** X2 SIP (→ HI2 iPMMIRI) and X3 RTP (→ HI3 iPCC) of one call: CIN 7. */
export function callPdus(xid: string, n: number, first: number): X2X3Pdu[] {
  const out: X2X3Pdu[] = [];
  for (let i = first; i < first + n; i++) {
    const sip = `MESSAGE sip:bob@example.com SIP/2.0\r\nCSeq: ${i} MESSAGE\r\nContent-Length: 0\r\n\r\n`;
    const common = { version: X2X3_VERSION, xid, correlationId: 7n, payloadDirection: PayloadDirection.FromTarget, attributes: [{ kind: 'timestamp' as const, value: nowTs() }, { kind: 'matchedTargetIdentifier' as const, value: '<e164Number>447700900123</e164Number>' }] };
    out.push({ ...common, pduType: PduType.X2, payloadFormat: PayloadFormat.SipMessage, payload: new TextEncoder().encode(sip) });
    out.push({ ...common, pduType: PduType.X3, payloadFormat: PayloadFormat.Ipv4Packet, payload: ipv4UdpPacket(rtpPacket(i)) });
  }
  return out;
}

/** A POI connects over mutual TLS, sends the PDUs and disconnects once `arrived` holds (e.g. the MDF counted them). */
export async function sendFromPoi(poi: Credentials, mdfX2X3: Endpoint, pdus: X2X3Pdu[], arrived: () => Promise<boolean>): Promise<void> {
  const s = new X2X3Sender({ endpoint: mdfX2X3, connector: tlsConnector(poi) });
  s.start();
  try {
    await waitFor('the POI to connect to the MDF', () => s.connected);
    for (const p of pdus) s.send(p);
    await waitFor('the MDF to receive the PDUs', arrived);
  } finally {
    await s.stop();
  }
}

/** A TS 33.128 sMSMessage xIRI (X2 payload format 2): converted to threeGPP33128DefinedIRI, which the ASN.1 validator checks (SIP/IPMM it cannot). */
const SMS_XIRI = encodeXIRIPayload(sampleXIRIPayloads.find((p) => p.event.kind === 'sMSMessage')!);

/**
 * A POI sending as fast as it can (bounded by its own queue): for each task, X2 xIRI (SMS) and X3
 * IPv4 packets (→ HI3 iPCC), numbered per XID and PDU type (TS 103 221-2 §5.3.9), stamped now.
 * Its X2X3Sender reconnects by itself when the MDF goes away; what it wrote just before is lost.
 */
export class FloodPoi {
  readonly sender: X2X3Sender;
  /** PDUs handed to the sender (its `stats.refused` were refused by its full queue). */
  generated = 0;
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly seq = new Map<string, number>();

  constructor(
    poi: Credentials,
    mdfX2X3: Endpoint,
    /** The XIDs to send for, read each round (a deactivated task's XID stays: the POI is the last to know). */
    private readonly xids: () => readonly string[],
    private readonly o: { perRound?: number; maxQueued?: number; /** Between rounds (default: none, as fast as it can). */ pauseMs?: number } = {},
  ) {
    this.sender = new X2X3Sender({ endpoint: mdfX2X3, connector: tlsConnector(poi), keepaliveIntervalMs: 1000, keepaliveTimeoutMs: 60_000 });
  }

  start(): void {
    this.sender.start();
    this.running = true;
    this.loop = this.run();
  }

  private next(key: string): number {
    const n = this.seq.get(key) ?? 0;
    this.seq.set(key, (n + 1) >>> 0);
    return n;
  }

  private async run(): Promise<void> {
    const perRound = this.o.perRound ?? 64;
    while (this.running) {
      if (this.sender.stats.queued > (this.o.maxQueued ?? 4000)) {
        await sleep(2);
        continue;
      }
      for (const xid of this.xids()) {
        for (let i = 0; i < perRound; i++) {
          const c = { version: X2X3_VERSION, xid, correlationId: 7n, payloadDirection: PayloadDirection.FromTarget };
          const attrs = (type: string) => [{ kind: 'sequenceNumber' as const, value: this.next(`${xid}/${type}`) }, { kind: 'timestamp' as const, value: nowTs() }, { kind: 'matchedTargetIdentifier' as const, value: '<e164Number>447700900123</e164Number>' }];
          this.sender.send({ ...c, pduType: PduType.X2, payloadFormat: PayloadFormat.Ts33128DefinedPayload, attributes: attrs('X2'), payload: SMS_XIRI });
          this.sender.send({ ...c, pduType: PduType.X3, payloadFormat: PayloadFormat.Ipv4Packet, attributes: attrs('X3'), payload: ipv4UdpPacket(rtpPacket(this.generated)) });
          this.generated += 2;
        }
      }
      await (this.o.pauseMs ? sleep(this.o.pauseMs) : new Promise((r) => setImmediate(r)));
    }
  }

  /** Stops generating; what is queued goes out (up to `drainMs`), then the connection closes. */
  async stop(drainMs = 10_000): Promise<void> {
    this.running = false;
    await this.loop;
    await this.sender.drain(drainMs);
    await this.sender.stop();
  }
}

/**
 * One peer of the mediation-relay bench in its own OS process (the deployment runs POIs, the MDF and
 * the LEMFs as separate processes; so does this bench, for the MDF and for its baseline alike).
 *
 *   node --import tsx bench/relay/peer.ts <role> <config.json>
 *
 * Roles: `poi` (X2X3Sender to the MDF) and `client` (raw TLS to the relay) send prepared frames;
 * `lemf` (an HI2/HI3 receiver that appends what it receives to a file and fsyncs it before each
 * pDUAcknowledgement, TS 102 232-1 §6.3.6) and `sink` (raw TLS, counts octets) count what arrives.
 * stdin commands, one per line: `prepare <n> <firstSeq>`, `go` (senders); `expect <count>` (receivers:
 * answers `{"reached":…}` once that many PDUs — or, for the sink, octets — arrived); `cpu` (any role:
 * `{"cpu":…}`, this process's user + system CPU time so far, µs). stdout: JSON lines.
 */
import { closeSync, fsync, openSync, readFileSync, writevSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Duplex } from 'node:stream';
import { ensureDemoPki } from '../../src/platform/pki.ts';
import { startHi2Hi3Receiver } from '../../src/wires/hi2hi3/receiver.ts';
import { tlsConnector, tlsListener, type Endpoint } from '../../src/wires/transport.ts';
import { X2X3Sender } from '../../src/wires/x2x3/sender.ts';
import { frames, type FrameKind } from './frames.ts';

export interface PeerConfig {
  pkiDir: string;
  id: string;
  /** Senders: where to connect. */
  endpoint?: Endpoint;
  /** Receivers: a directory for the LEMF's file. */
  dir?: string;
  kind?: FrameKind;
  xids?: string[];
  /** POI: PDUs queued in the sender at most (a POI sends as traffic happens). */
  window?: number;
}

const [role, cfgFile] = process.argv.slice(2) as [string, string];
const cfg = JSON.parse(readFileSync(cfgFile, 'utf8')) as PeerConfig;
const out = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
const creds = (await ensureDemoPki(cfg.pkiDir, [cfg.id])).get(cfg.id)!;
let count = 0;
let expecting: number | undefined;
const arrived = (n: number) => {
  count += n;
  if (expecting !== undefined && count >= expecting) {
    expecting = undefined;
    out({ reached: count });
  }
};
let prepared: Uint8Array[] = [];
let go: (() => Promise<void>) | undefined;

if (role === 'lemf') {
  const fd = openSync(join(cfg.dir!, `${cfg.id}.ber`), 'a', 0o600);
  // What was received and not yet written, as runs of octets: the PDUs the framer hands out from one
  // chunk are adjacent views of it (src/standards/ber/framer.ts), so a run grows in place and goes
  // to the file as one iovec of writev, without copying the PDUs into one buffer first.
  let runs: Uint8Array[] = [];
  let held = 0;
  let runBuf: ArrayBufferLike | undefined;
  let runStart = 0;
  let runEnd = 0;
  const closeRun = () => {
    if (runBuf) runs.push(new Uint8Array(runBuf, runStart, runEnd - runStart));
    runBuf = undefined;
  };
  const writeOut = () => {
    closeRun();
    for (let i = 0; i < runs.length; ) {
      let written = writevSync(fd, i === 0 ? runs : runs.slice(i));
      while (i < runs.length && written >= runs[i]!.length) written -= runs[i++]!.length;
      if (written > 0) runs[i] = runs[i]!.subarray(written); // a short write: go on from there
    }
    runs = [];
    held = 0;
  };
  const keep = (bytes: Uint8Array) => {
    held += bytes.length;
    if (bytes.buffer === runBuf && bytes.byteOffset === runEnd) runEnd += bytes.length;
    else {
      closeRun();
      runBuf = bytes.buffer;
      runStart = bytes.byteOffset;
      runEnd = runStart + bytes.length;
      if (runs.length >= 512) writeOut();
    }
    if (held >= 1 << 20) writeOut();
  };
  const rx = await startHi2Hi3Receiver({
    bind: { host: '127.0.0.1', port: 0 },
    listener: tlsListener(creds),
    acknowledge: true,
    makeDurable: () => {
      writeOut();
      return new Promise<void>((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
    },
    onPdu: ({ bytes, pdu }) => {
      keep(bytes);
      // Integrity checks (Annex J) ride along; only data PDUs are counted.
      if (pdu.payload.kind === 'cCPayloadSequence' || pdu.payload.kind === 'iRIPayloadSequence') arrived(1);
    },
  });
  process.on('exit', () => closeSync(fd));
  out({ ready: rx.endpoint });
} else if (role === 'sink') {
  const rx = await tlsListener(creds)({ host: '127.0.0.1', port: 0 }, ({ stream }) => {
    stream.on('data', (c: Buffer) => arrived(c.length));
    stream.on('error', () => undefined);
  });
  out({ ready: rx.endpoint });
} else if (role === 'poi') {
  const poi = new X2X3Sender({ endpoint: cfg.endpoint!, connector: tlsConnector(creds) });
  poi.start();
  while (!poi.connected) await new Promise((r) => setTimeout(r, 5));
  go = async () => {
    // At most `window` PDUs wait in the sender; when it is full, sleep until a write made room
    // (no polling: the CPU is the MDF's and the LEMF's while the POI waits).
    const window = cfg.window ?? 1024;
    for (let i = 0; i < prepared.length; ) {
      while (i < prepared.length && poi.stats.queued < window) if (!poi.sendEncoded(prepared[i++]!)) throw new Error('X2X3Sender refused a PDU (queue full)');
      if (i < prepared.length) await poi.whenQueuedBelow(window);
    }
  };
  out({ ready: true });
} else if (role === 'client') {
  const client: Duplex = await tlsConnector(creds)(cfg.endpoint!);
  client.on('error', () => undefined);
  go = async () => {
    for (const p of prepared) if (!client.write(p)) await new Promise((r) => client.once('drain', r));
  };
  out({ ready: true });
} else throw new Error(`unknown role ${role}`);

const lines = createInterface({ input: process.stdin });
lines.on('line', (l) => {
  const [cmd, a, b] = l.split(' ');
  if (cmd === 'prepare') {
    prepared = frames(cfg.kind ?? 'x3-rtp', cfg.xids ?? [], Number(a), Number(b));
    out({ prepared: prepared.length, octets: prepared.reduce((n, p) => n + p.length, 0) });
  } else if (cmd === 'go') void go?.().then(() => out({ sent: prepared.length }));
  else if (cmd === 'cpu') {
    const u = process.cpuUsage();
    out({ cpu: u.user + u.system });
  } else if (cmd === 'expect') {
    expecting = Number(a);
    if (count >= expecting) arrived(0);
  }
});
// The bench that started this process is gone: do not outlive it.
lines.on('close', () => process.exit(0));

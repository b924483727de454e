/**
 * The log's side of C2SP tlog-witness (c2sp.org/tlog-witness §add-checkpoint): one HTTPS client per
 * witness, mutual TLS, keep-alive (the spec asks clients to use it), and the witness's certificate
 * identity checked at the handshake. A reply is classified; anything that is not a reply (refused
 * connection, TLS failure, timeout, 5xx) rejects with AUDIT_WITNESS_UNREACHABLE.
 */
import https from 'node:https';
import tls, { type PeerCertificate } from 'node:tls';
import { mtlsClientOptions, type Credentials } from '../../platform/pki.ts';
import type { Endpoint } from '../../wires/transport.ts';
import { AuditError } from '../errors.ts';
import { formatAddCheckpointBody, parseTlogSize } from './protocol.ts';

/** Where the log reaches one witness of its policy. */
export interface WitnessEndpoint {
  /** The witness's name in the policy (in a deployment: its id). */
  name: string;
  /** Its certificate identity (UID/CN): any other server is refused at the handshake. */
  identity: string;
  endpoint: Endpoint;
}

export type AddCheckpointReply =
  /** 200: the witness's signature lines (to be verified by the caller: a client MUST ignore unknown keys). */
  | { kind: 'cosigned'; lines: string[] }
  /** 409 naming the witness's latest cosigned size. */
  | { kind: 'conflict'; size: number }
  /** Any other 4xx: the witness does not accept this checkpoint. */
  | { kind: 'refused'; status: number; message: string };

const PATH = '/add-checkpoint';
const MAX_REPLY_BYTES = 64 * 1024;

export class WitnessClient {
  private readonly agent: https.Agent;

  constructor(
    creds: Credentials,
    readonly witness: WitnessEndpoint,
  ) {
    this.agent = new https.Agent({
      ...mtlsClientOptions(creds),
      keepAlive: true,
      maxSockets: 2,
      maxCachedSessions: 0,
      checkServerIdentity: (host: string, cert: PeerCertificate) => {
        const hostError = tls.checkServerIdentity(host, cert);
        if (hostError) return hostError;
        const subject = cert.subject as Record<string, string | string[] | undefined> | undefined;
        const pick = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
        const found = pick(subject?.UID) ?? pick(subject?.CN);
        return found === witness.identity ? undefined : new Error(`witness identity is "${found ?? ''}", expected "${witness.identity}"`);
      },
    });
  }

  async addCheckpoint(oldSize: number, proof: readonly Uint8Array[], note: string, timeoutMs: number): Promise<AddCheckpointReply> {
    const { status, body } = await this.post(formatAddCheckpointBody(oldSize, proof, note), timeoutMs);
    if (status === 200) {
      const lines = body.split('\n').slice(0, -1).map((line) => `${line}\n`);
      return { kind: 'cosigned', lines: body.endsWith('\n') ? lines : [] };
    }
    if (status === 409) {
      const size = parseTlogSize(body);
      if (size !== undefined) return { kind: 'conflict', size };
    }
    if (status >= 500) throw this.unreachable(`answered HTTP ${status}: ${body.slice(0, 200).trim()}`);
    return { kind: 'refused', status, message: body.slice(0, 200).trim() };
  }

  close(): void {
    this.agent.destroy();
  }

  private unreachable(why: string, cause?: unknown): AuditError {
    const { host, port } = this.witness.endpoint;
    return new AuditError('AUDIT_WITNESS_UNREACHABLE', `witness ${this.witness.name} at ${host}:${port} ${why}`, { cause, details: { witness: this.witness.name } });
  }

  private post(body: string, timeoutMs: number): Promise<{ status: number; body: string }> {
    const { host, port } = this.witness.endpoint;
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (outcome: { status: number; body: string } | Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (outcome instanceof Error) reject(outcome instanceof AuditError ? outcome : this.unreachable(`unreachable: ${outcome.message}`, outcome));
        else resolve(outcome);
      };
      const req = https.request(
        { host, port, path: PATH, method: 'POST', agent: this.agent, headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_REPLY_BYTES) {
              finish(this.unreachable('answered more than 64 KiB'));
              req.destroy();
            } else chunks.push(c);
          });
          res.on('end', () => finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', finish);
          res.on('close', () => finish(new Error('connection closed before the answer was complete')));
        },
      );
      const timer = setTimeout(() => {
        finish(new Error(`no answer within ${timeoutMs} ms`));
        req.destroy();
      }, timeoutMs);
      req.on('error', finish);
      req.end(body);
    });
  }
}

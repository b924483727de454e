/**
 * Shared by the audit service tests: a temp directory with a demo PKI and a checkpoint key, raw
 * mutual-TLS HTTPS requests (to send what RemoteAuditLog never would), and events.
 */
import https from 'node:https';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoPki, mtlsClientOptions, type Credentials } from '../../src/platform/pki.ts';
import { createNoteSigner, type AuditEvent, type NoteSigner } from '../../src/audit/index.ts';
import type { Endpoint } from '../../src/wires/transport.ts';

export const ORIGIN = 'audit.warranted.test/log';

export interface AuditTestBed {
  dir: string;
  creds: Map<string, Credentials>;
  privateKey: KeyObject;
  signer: NoteSigner;
  cleanup(): void;
}

export async function auditTestBed(ids: string[]): Promise<AuditTestBed> {
  const dir = mkdtempSync(join(tmpdir(), 'audit-service-'));
  const creds = await ensureDemoPki(join(dir, 'pki'), ids);
  const { privateKey } = generateKeyPairSync('ed25519');
  return { dir, creds, privateKey, signer: createNoteSigner(ORIGIN, privateKey), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function event(actor: string, n: number, details: Record<string, unknown> = {}): AuditEvent {
  return { type: 'test.append', at: new Date(Date.UTC(2026, 10, 25, 8, 0, 0, n % 1000)).toISOString(), actor, subject: `s-${n}`, details: { n, ...details } };
}

export interface RawReply {
  status: number;
  body: string;
  /** The JSON error code, when the body is an error document. */
  code: string | undefined;
}

/** One HTTPS request with `creds` (mutual TLS), no keep-alive. */
export function rawRequest(creds: Credentials, endpoint: Endpoint, method: string, path: string, body?: string | Buffer): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        ...mtlsClientOptions(creds),
        host: endpoint.host,
        port: endpoint.port,
        method,
        path,
        agent: false,
        headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let code: string | undefined;
          try {
            code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
          } catch {
            code = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: text, code });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('raw request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

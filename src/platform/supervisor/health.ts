/**
 * The admin health probe: every role serves `GET /healthz` on its admin address, plain HTTP on
 * loopback (docs/observability.md "Admin endpoint"). 200 means healthy; anything else, a refused
 * connection or no answer within the timeout means not. The answer's JSON carries the role's `pid`:
 * when we know which process should be answering, an answer from another one (something else holds
 * the port: our role could not bind it) is not health.
 */
import { request } from 'node:http';
import type { Address } from '../config/types.ts';

const MAX_BODY = 64 * 1024;

function answeringPid(body: string): number | undefined {
  try {
    const pid = (JSON.parse(body) as { pid?: unknown }).pid;
    return typeof pid === 'number' ? pid : undefined;
  } catch {
    return undefined; // not JSON: nothing to compare
  }
}

export function checkHealth(admin: Address, timeoutMs: number, expectPid?: number): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (ok: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve(ok);
    };
    const req = request({ host: admin.host, port: admin.port, path: '/healthz', method: 'GET', agent: false }, (res) => {
      if (res.statusCode !== 200) return finish(false);
      if (expectPid === undefined) return finish(true);
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (body.length > MAX_BODY) finish(false);
      });
      res.on('end', () => {
        const pid = answeringPid(body);
        finish(pid === undefined || pid === expectPid);
      });
      res.on('error', () => finish(false));
    });
    const timer = setTimeout(() => finish(false), timeoutMs);
    req.on('error', () => finish(false));
    req.end();
  });
}

/**
 * The admin health probe: every role serves `GET /healthz` on its admin address (docs/deployment.md),
 * plain HTTP on a loopback or management address. 200 means healthy; anything else, a refused
 * connection or no answer within the timeout means not.
 */
import { request } from 'node:http';
import type { Address } from '../config/types.ts';

export function checkHealth(admin: Address, timeoutMs: number): Promise<boolean> {
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
      res.resume();
      finish(res.statusCode === 200);
    });
    const timer = setTimeout(() => finish(false), timeoutMs);
    req.on('error', () => finish(false));
    req.end();
  });
}

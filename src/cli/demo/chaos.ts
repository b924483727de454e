/**
 * `demo --chaos`: while the warrants are active, kill -9 the MDF, the control role, the audit role
 * and one LEMF, once each, and let the supervisor restart them. Per kill: time until the role is
 * healthy again (new pid) and until the first record reached the agencies again.
 */
import type { RoleName } from '../../platform/config/types.ts';
import type { DeploymentDriver } from './deployment-driver.ts';

export interface ChaosKill {
  role: RoleName;
  id: string;
  killedAt: number;
  /** Healthy again (a new process), ms after the kill; undefined if it did not come back in time. */
  healthyAfterMs?: number;
  /** First record delivered to the LEMFs after it was healthy again, ms after the kill. */
  deliveringAfterMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function killAndRecover(driver: DeploymentDriver, role: RoleName, id: string, delivered: () => Promise<number>, timeoutMs = 90_000): Promise<ChaosKill> {
  const before = await driver.role(role, id);
  if (before.pid === null) throw new Error(`${role} ${id} is not running: nothing to kill`);
  process.kill(before.pid, 'SIGKILL');
  const k: ChaosKill = { role, id, killedAt: Date.now() };
  const deadline = k.killedAt + timeoutMs;
  while (Date.now() < deadline) {
    const now = await driver.role(role, id);
    if (now.pid !== null && now.pid !== before.pid && now.healthy) {
      k.healthyAfterMs = Date.now() - k.killedAt;
      break;
    }
    await sleep(100);
  }
  if (k.healthyAfterMs === undefined) return k;
  const base = await delivered();
  while (Date.now() < deadline) {
    if ((await delivered()) > base) {
      k.deliveringAfterMs = Date.now() - k.killedAt;
      break;
    }
    await sleep(100);
  }
  return k;
}

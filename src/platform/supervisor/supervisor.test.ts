/**
 * The supervisor with real OS processes: `up` starts fake roles (fixtures/fake-role.mjs, HTTP
 * /healthz on 127.0.0.1) through a detached supervisor process, which restarts a killed role, backs
 * off from one that keeps crashing, and stops everything on `down`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { down, formatStatusTable, status, up, type UpResult } from './control.ts';
import { SupervisorError } from './errors.ts';
import { isAlive, readState, supervisorPaths } from './files.ts';
import { acquireLock } from './lock.ts';
import type { SupervisedRole } from './supervisor.ts';
import { fakeRoleSpec, freePort, root, supervisorArgv, supervisorEvents, tempDataDir, testTiming, waitFor } from './fixtures/harness.ts';

describe('warranted up: three roles', () => {
  const { dataDir, cleanup } = tempDataDir();
  let roles: SupervisedRole[];
  let argv: string[];
  let started: UpResult;
  before(async () => {
    roles = [await fakeRoleSpec('audit', 'audit-1'), await fakeRoleSpec('mdf', 'mdf-1'), await fakeRoleSpec('control', 'admf-1')];
    argv = supervisorArgv({ dataDir, roles, ...testTiming });
  });
  after(cleanup);

  it('starts every role in order, each healthy, and status shows them', async () => {
    started = await up({ dataDir, roles, supervisorArgv: argv, timeoutMs: 90_000, cwd: root });
    assert.equal(started.ok, true, JSON.stringify(started.failing));
    assert.ok(isAlive(started.supervisorPid));
    const report = await status({ dataDir });
    assert.equal(report.supervisor?.running, true);
    assert.equal(report.supervisor?.pid, started.supervisorPid);
    assert.deepEqual(
      report.rows.map((r) => ({ role: r.role, id: r.id, admin: r.admin, healthy: r.healthy, restarts: r.restarts })),
      roles.map((r) => ({ role: r.role, id: r.id, admin: `127.0.0.1:${r.admin.port}`, healthy: true, restarts: 0 })),
    );
    for (const row of report.rows) assert.ok(row.pid !== null && isAlive(row.pid), `${row.id} not alive`);
    // each role was started only once the one before it answered /healthz
    const order = supervisorEvents(dataDir).filter((e) => e.msg === 'role started' || e.msg === 'role healthy').map((e) => `${String(e.msg)} ${String(e.roleId)}`);
    assert.deepEqual(order, roles.flatMap((r) => [`role started ${r.id}`, `role healthy ${r.id}`]));
    const table = formatStatusTable(report.rows);
    assert.match(table, /^ROLE\s+ID\s+PID\s+HEALTHY\s+RESTARTS\s+ADMIN\n/);
    assert.match(table, new RegExp(`control\\s+admf-1\\s+${report.rows[2]!.pid}\\s+yes\\s+0\\s+127\\.0\\.0\\.1:${roles[2]!.admin.port}`));
  });

  it('writes each role to its own 0600 log', () => {
    for (const r of readState(dataDir)!.roles) {
      assert.equal(statSync(r.log).mode & 0o777, 0o600, r.log);
      const text = readFileSync(r.log, 'utf8');
      assert.match(text, new RegExp(`fake-role ${r.id} pid ${r.pid} listening`));
      // each start is marked by a line in the roles' own JSON log format
      assert.deepEqual(JSON.parse(text.split('\n')[0]!), { ...(JSON.parse(text.split('\n')[0]!) as object), role: 'supervisor', msg: 'starting role', roleName: r.role, roleId: r.id, restarts: 0 });
    }
  });

  it('refuses a second supervisor on the same data dir, naming the running pid', async () => {
    const refused = (e: unknown): boolean => e instanceof SupervisorError && e.code === 'SUPERVISOR_ALREADY_RUNNING' && e.message.includes(`pid ${started.supervisorPid}`) && e.details?.pid === started.supervisorPid;
    await assert.rejects(up({ dataDir, roles, supervisorArgv: argv, timeoutMs: 10_000, cwd: root }), refused);
    // and the supervisor side itself refuses too (two `up`s racing past the first check)
    await assert.rejects(acquireLock(dataDir), refused);
    assert.equal(readFileSync(supervisorPaths(dataDir).lock, 'utf8'), `${started.supervisorPid}\n`);
  });

  it('passes SIGHUP on to every role (reload) and keeps them running', async () => {
    const pids = (await status({ dataDir })).rows.map((r) => r.pid);
    process.kill(started.supervisorPid, 'SIGHUP');
    for (const r of readState(dataDir)!.roles) await waitFor(`${r.id} reloading`, () => readFileSync(r.log, 'utf8').includes(`fake-role ${r.id} reloading`));
    const report = await status({ dataDir });
    assert.equal(report.supervisor?.running, true);
    assert.deepEqual(report.rows.map((r) => r.pid), pids);
  });

  it('restarts a role killed with SIGKILL', async () => {
    const before = (await status({ dataDir })).rows[1]!;
    process.kill(before.pid!, 'SIGKILL');
    const after = await waitFor('mdf-1 restarted and healthy', async () => {
      const row = (await status({ dataDir })).rows[1]!;
      return row.pid !== null && row.pid !== before.pid && row.healthy && row; // status re-checks /healthz live
    });
    assert.equal(after.restarts, 1);
    assert.equal(isAlive(before.pid!), false);
    assert.deepEqual(
      readState(dataDir)!.roles.map((r) => [r.id, r.lastExit?.signal ?? null]),
      [['audit-1', null], ['mdf-1', 'SIGKILL'], ['admf-1', null]],
    );
  });

  it('down stops every role in reverse order, then the supervisor exits 0', async () => {
    const pids = (await status({ dataDir })).rows.map((r) => r.pid!);
    const result = await down({ dataDir, timeoutMs: 60_000 });
    assert.deepEqual(result, { supervisorPid: started.supervisorPid, forced: false, orphans: [] });
    assert.equal(isAlive(started.supervisorPid), false);
    for (const pid of pids) assert.equal(isAlive(pid), false, `role pid ${pid} still alive`);
    const state = readState(dataDir)!;
    assert.equal(state.supervisor.status, 'stopped');
    assert.deepEqual(state.roles.map((r) => [r.pid, r.lastExit?.code]), [[null, 0], [null, 0], [null, 0]]); // each exited on its SIGTERM
    assert.equal(existsSync(supervisorPaths(dataDir).lock), false);
    const events = supervisorEvents(dataDir);
    assert.deepEqual(events.filter((e) => e.msg === 'role stopped').map((e) => e.roleId), ['admf-1', 'mdf-1', 'audit-1']);
    assert.deepEqual(events.at(-1), { ...events.at(-1), role: 'supervisor', msg: 'stopped', code: 0 });
    const report = await status({ dataDir });
    assert.equal(report.supervisor?.running, false);
    assert.deepEqual(report.rows.map((r) => r.pid), [null, null, null]);
  });
});

describe('warranted up: a role that always crashes, a role that is never healthy', () => {
  const { dataDir, cleanup } = tempDataDir();
  after(cleanup);

  it('up reports both with their log tails; the crasher is restarted with growing delays; the supervisor stays up', async () => {
    const roles = [
      await fakeRoleSpec('audit', 'audit-1'),
      await fakeRoleSpec('lemf', 'lemf-1', ['--unhealthy']),
      await fakeRoleSpec('mdf', 'mdf-1', ['--unhealthy', '--crash-after', '150']),
    ];
    const argv = supervisorArgv({ dataDir, roles, ...testTiming, startTimeoutMs: 1500 });
    const result = await up({ dataDir, roles, supervisorArgv: argv, timeoutMs: 8000, cwd: root });
    assert.equal(result.ok, false);
    assert.deepEqual(result.failing.map((f) => f.id), ['lemf-1', 'mdf-1']);
    assert.match(result.failing[0]!.logTail, /fake-role lemf-1 pid \d+ listening/);
    assert.match(result.failing[1]!.logTail, /fake-role mdf-1 crashing after 150 ms/);
    assert.equal(result.failing[1]!.lastExit?.code, 3);

    const crasher = await waitFor('four restarts of mdf-1', async () => {
      const row = (await status({ dataDir })).rows[2]!;
      return row.restarts >= 4 && row;
    });
    const report = await status({ dataDir });
    assert.equal(report.supervisor?.running, true);
    assert.ok(isAlive(result.supervisorPid));
    assert.equal(crasher.healthy, false);
    assert.deepEqual(report.rows.map((r) => [r.id, r.healthy]), [['audit-1', true], ['lemf-1', false], ['mdf-1', false]]);
    // unhealthy but running is reported, not restarted
    assert.equal(report.rows[1]!.restarts, 0);
    assert.ok(report.rows[1]!.pid !== null && isAlive(report.rows[1]!.pid));
    // exponential backoff from 100 ms, doubling, capped at 800 ms (the delays the supervisor chose)
    const delays = supervisorEvents(dataDir).filter((e) => e.msg === 'role exited' && e.roleId === 'mdf-1').map((e) => e.restartInMs);
    assert.ok(delays.length >= 4);
    assert.deepEqual(delays, delays.map((_, i) => Math.min(800, 100 * 2 ** i)));

    const stopped = await down({ dataDir, timeoutMs: 60_000 });
    assert.equal(stopped.supervisorPid, result.supervisorPid);
    assert.equal(isAlive(result.supervisorPid), false);
    for (const row of report.rows) assert.ok(row.pid === null || !isAlive(row.pid));
  });
});

describe('warranted up: a role whose admin port another process holds', () => {
  const { dataDir, cleanup } = tempDataDir();
  const squatter = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', pid: process.pid }));
  });
  after(async () => {
    await cleanup();
    await new Promise((ok) => squatter.close(ok));
  });

  it("is not taken for healthy on the other process's answer", async () => {
    const port = await freePort();
    await new Promise<void>((ok) => squatter.listen(port, '127.0.0.1', ok));
    const roles = [await fakeRoleSpec('audit', 'audit-1', [], false, port)];
    const result = await up({ dataDir, roles, supervisorArgv: supervisorArgv({ dataDir, roles, ...testTiming, startTimeoutMs: 1500 }), timeoutMs: 6000, cwd: root });
    assert.equal(result.ok, false);
    assert.deepEqual(result.failing.map((f) => [f.id, f.healthy]), [['audit-1', false]]);
    assert.match(result.failing[0]!.logTail, /EADDRINUSE/);
    assert.ok(result.failing[0]!.restarts >= 1);
    // the squatter answers 200 on the role's admin address, but not with the role's pid
    assert.equal((await status({ dataDir })).rows[0]!.healthy, false);
    await down({ dataDir, timeoutMs: 30_000 });
  });
});

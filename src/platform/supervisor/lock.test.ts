/**
 * One supervisor per data dir, and what is left when the supervisor dies: a stale lock is taken
 * over; a supervisor killed with SIGKILL leaves roles that `down` still stops from the state file,
 * and a role that watches WARRANTED_SUPERVISOR_PID (role-watch.ts) stops by itself.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { down, status, up } from './control.ts';
import { ensureDirs, isAlive, readState, supervisorPaths } from './files.ts';
import { acquireLock } from './lock.ts';
import { watchSupervisor } from './role-watch.ts';
import { fakeRoleSpec, root, supervisorArgv, supervisorEvents, tempDataDir, testTiming, waitFor } from './fixtures/harness.ts';

/** The pid of a process that has exited and been reaped. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  assert.ok(r.pid > 0 && !isAlive(r.pid));
  return r.pid;
}

describe('supervisor lock', () => {
  const { dataDir, cleanup } = tempDataDir();
  after(cleanup);

  it('is created with the pid inside, refused while held, released only by its holder', async () => {
    const lock = await acquireLock(dataDir);
    assert.equal(lock.tookOver, undefined);
    assert.equal(readFileSync(supervisorPaths(dataDir).lock, 'utf8'), `${process.pid}\n`);
    await assert.rejects(acquireLock(dataDir, 1), { code: 'SUPERVISOR_ALREADY_RUNNING', details: { pid: process.pid } });
    lock.release();
    assert.equal(existsSync(supervisorPaths(dataDir).lock), false);
  });

  it('takes over a lock whose pid is dead, or that holds no pid', async () => {
    const { lock: path } = ensureDirs(dataDir);
    const dead = deadPid();
    writeFileSync(path, `${dead}\n`);
    const first = await acquireLock(dataDir);
    assert.deepEqual(first.tookOver, { pid: dead });
    assert.equal(readFileSync(path, 'utf8'), `${process.pid}\n`);
    first.release();
    writeFileSync(path, 'garbage');
    const second = await acquireLock(dataDir);
    assert.deepEqual(second.tookOver, { pid: null });
    second.release();
  });

  it('watchSupervisor does nothing for a process no supervisor started', () => {
    let called = false;
    const stop = watchSupervisor(() => (called = true), { env: {} });
    stop();
    assert.equal(called, false);
  });
});

describe('warranted up over a stale lock', () => {
  const { dataDir, cleanup } = tempDataDir();
  after(cleanup);

  it('takes the lock over from a dead supervisor and says so in its log', async () => {
    const dead = deadPid();
    writeFileSync(ensureDirs(dataDir).lock, `${dead}\n`);
    const roles = [await fakeRoleSpec('audit', 'audit-1')];
    const result = await up({ dataDir, roles, supervisorArgv: supervisorArgv({ dataDir, roles, ...testTiming }), timeoutMs: 60_000, cwd: root });
    assert.equal(result.ok, true);
    assert.equal(readFileSync(supervisorPaths(dataDir).lock, 'utf8'), `${result.supervisorPid}\n`);
    assert.ok(supervisorEvents(dataDir).some((e) => e.msg === 'stale lock taken over' && e.deadPid === dead));
    const stopped = await down({ dataDir, timeoutMs: 60_000 });
    assert.equal(stopped.supervisorPid, result.supervisorPid);
    assert.equal(isAlive(result.rows[0]!.pid!), false);
  });
});

describe('supervisor killed with SIGKILL', () => {
  const { dataDir, cleanup } = tempDataDir();
  after(cleanup);

  it('a watching role stops by itself; down stops the rest from the state file and clears the lock', async () => {
    const roles = [await fakeRoleSpec('audit', 'audit-1'), await fakeRoleSpec('mdf', 'mdf-1', ['--watch-supervisor'], true)];
    const result = await up({ dataDir, roles, supervisorArgv: supervisorArgv({ dataDir, roles, ...testTiming }), timeoutMs: 90_000, cwd: root });
    assert.equal(result.ok, true, JSON.stringify(result.failing));
    const [audit, mdf] = result.rows.map((r) => r.pid!) as [number, number];
    process.kill(result.supervisorPid, 'SIGKILL');
    await waitFor('the supervisor gone', () => !isAlive(result.supervisorPid));
    // role-watch.ts: the role saw its parent change and shut down
    await waitFor('mdf-1 (watching) gone', () => !isAlive(mdf));
    assert.match(readFileSync(readState(dataDir)!.roles[1]!.log, 'utf8'), /fake-role mdf-1 stopping: supervisor gone/);

    const report = await status({ dataDir });
    assert.equal(report.supervisor?.running, false);
    assert.deepEqual(report.rows.map((r) => [r.id, r.pid, r.healthy]), [['audit-1', audit, true], ['mdf-1', null, false]]);
    const stopped = await down({ dataDir, timeoutMs: 30_000 });
    assert.deepEqual(stopped, { supervisorPid: null, forced: false, orphans: [{ role: 'audit', id: 'audit-1', pid: audit }] });
    assert.equal(isAlive(audit), false);
    assert.equal(existsSync(supervisorPaths(dataDir).lock), false);
    const state = readState(dataDir)!;
    assert.equal(state.supervisor.status, 'stopped');
    assert.deepEqual(state.roles.map((r) => r.pid), [null, null]);
  });

  it('a new up after a killed supervisor first stops the roles it left (they hold the ports)', async () => {
    const roles = [await fakeRoleSpec('audit', 'audit-1')];
    const argv = supervisorArgv({ dataDir, roles, ...testTiming });
    const first = await up({ dataDir, roles, supervisorArgv: argv, timeoutMs: 90_000, cwd: root });
    assert.equal(first.ok, true, JSON.stringify(first.failing));
    const orphan = first.rows[0]!.pid!;
    process.kill(first.supervisorPid, 'SIGKILL');
    await waitFor('the supervisor gone', () => !isAlive(first.supervisorPid));
    assert.ok(isAlive(orphan));
    const second = await up({ dataDir, roles, supervisorArgv: argv, timeoutMs: 90_000, cwd: root });
    assert.equal(second.ok, true, JSON.stringify(second.failing));
    assert.equal(isAlive(orphan), false);
    assert.notEqual(second.rows[0]!.pid, orphan);
    assert.equal(second.rows[0]!.restarts, 0); // its new role bound the port at the first try
    const events = supervisorEvents(dataDir);
    assert.ok(events.some((e) => e.msg === 'stale lock taken over' && e.deadPid === first.supervisorPid));
    assert.ok(events.some((e) => e.msg === 'orphan stopped' && e.pid === orphan && e.roleId === 'audit-1'));
    assert.deepEqual(await down({ dataDir, timeoutMs: 30_000 }), { supervisorPid: second.supervisorPid, forced: false, orphans: [] });
  });
});

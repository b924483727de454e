/**
 * The Supervisor class in this process (the other tests run it as `warranted supervise` would):
 * a command that cannot even be started is retried like a crash, and stop() during start() stops
 * what was started and starts nothing more.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { silentLogger } from '../log.ts';
import { isAlive, readState } from './files.ts';
import { Supervisor } from './supervisor.ts';
import { fakeRoleSpec, freePort, tempDataDir, waitFor } from './fixtures/harness.ts';

describe('Supervisor', () => {
  const { dataDir, cleanup } = tempDataDir();
  after(cleanup);

  it('retries a command that cannot be started, with backoff, and never throws', async () => {
    const admin = { host: '127.0.0.1', port: await freePort() };
    const supervisor = new Supervisor({ dataDir, roles: [{ role: 'audit', id: 'audit-1', admin, argv: ['/nonexistent/warranted'] }], backoff: { initialMs: 50, maxMs: 200 }, healthPollMs: 100, startTimeoutMs: 300, logger: silentLogger() });
    await supervisor.start();
    const state = await waitFor('three restarts', () => {
      const s = supervisor.snapshot();
      return s.roles[0]!.restarts >= 3 && s;
    });
    assert.equal(state.roles[0]!.healthy, false);
    assert.deepEqual(state.roles[0]!.lastExit && { code: state.roles[0]!.lastExit.code, signal: state.roles[0]!.lastExit.signal }, { code: null, signal: null });
    await supervisor.stop();
    assert.equal(readState(dataDir)!.supervisor.status, 'stopped');
  });

  it('stop() during start() stops the roles already started and starts no more', async () => {
    const roles = [await fakeRoleSpec('audit', 'audit-1'), await fakeRoleSpec('lemf', 'lemf-1', ['--unhealthy']), await fakeRoleSpec('mdf', 'mdf-1')];
    const supervisor = new Supervisor({ dataDir, roles, healthPollMs: 100, startTimeoutMs: 120_000, logger: silentLogger() });
    const starting = supervisor.start();
    // lemf-1 never gets healthy: start() is waiting on it
    const waiting = await waitFor('lemf-1 running', () => {
      const s = supervisor.snapshot();
      return s.roles[1]!.pid !== null && readFileSync(s.roles[1]!.log, 'utf8').includes('listening') && s;
    });
    await supervisor.stop();
    await starting;
    const after = readState(dataDir)!;
    assert.equal(after.supervisor.status, 'stopped');
    assert.deepEqual(after.roles.map((r) => [r.id, r.pid, r.restarts]), [['audit-1', null, 0], ['lemf-1', null, 0], ['mdf-1', null, 0]]);
    assert.equal(after.roles[2]!.startedAt, null); // never started
    for (const r of waiting.roles.slice(0, 2)) assert.equal(isAlive(r.pid!), false);
  });

  it('starts the roles of a wave together, and the next wave only once they are healthy', async () => {
    const roles = [
      { ...(await fakeRoleSpec('audit', 'audit-1')), wave: 0 },
      { ...(await fakeRoleSpec('lemf', 'lemf-1', ['--unhealthy'])), wave: 1 },
      { ...(await fakeRoleSpec('mdf', 'mdf-1')), wave: 1 },
      { ...(await fakeRoleSpec('control', 'admf-1')), wave: 2 },
    ];
    const supervisor = new Supervisor({ dataDir, roles, healthPollMs: 100, startTimeoutMs: 120_000, logger: silentLogger() });
    const starting = supervisor.start();
    // mdf-1 comes up beside lemf-1, which never gets healthy; so control (wave 2) waits
    const s = await waitFor('wave 1 running, mdf-1 healthy', () => {
      const snap = supervisor.snapshot();
      return snap.roles[1]!.pid !== null && snap.roles[2]!.healthy && snap;
    });
    assert.equal(s.roles[0]!.healthy, true);
    assert.equal(s.roles[1]!.healthy, false);
    assert.equal(s.roles[3]!.startedAt, null);
    await supervisor.stop();
    await starting;
    assert.equal(readState(dataDir)!.roles[3]!.startedAt, null);
  });
});

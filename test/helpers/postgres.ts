/**
 * A throw-away PostgreSQL 15 cluster for tests: initdb + pg_ctl from /usr/lib/postgresql/15/bin
 * (override with WARRANTED_PG_BIN) in a temp dir, listening on 127.0.0.1 on a free port, its unix
 * socket inside the temp dir, stopped and deleted by `stop()`. PostgreSQL refuses to run as root,
 * so under root it runs as the `postgres` OS user (runuser) with the temp dir chowned to it.
 * Where the binaries are absent, `postgresSkipReason` says so: use `{ skip: postgresSkipReason }`.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const postgresBinDir = process.env.WARRANTED_PG_BIN ?? '/usr/lib/postgresql/15/bin';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function postgresUser(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

function computeSkipReason(): string | undefined {
  for (const bin of ['initdb', 'pg_ctl']) {
    if (!existsSync(join(postgresBinDir, bin))) return `PostgreSQL binaries not found (${join(postgresBinDir, bin)} missing): PostgreSQL tests skipped`;
  }
  if (isRoot && !postgresUser()) return 'running as root and there is no `postgres` OS user to run PostgreSQL as: PostgreSQL tests skipped';
  if (isRoot && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser') && !existsSync('/usr/bin/runuser')) {
    return 'running as root without runuser: PostgreSQL tests skipped';
  }
  return undefined;
}

/** undefined when a test cluster can be started; otherwise the reason to report with `skip`. */
export const postgresSkipReason: string | undefined = computeSkipReason();

export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust auth, loopback only). */
  connectionString: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function asPostgres(bin: string, args: string[]): Promise<void> {
  const exe = join(postgresBinDir, bin);
  if (isRoot) await run('runuser', ['-u', 'postgres', '--', exe, ...args], { env: { ...process.env, LC_ALL: 'C' } });
  else await run(exe, args, { env: { ...process.env, LC_ALL: 'C' } });
}

/** Starts a fresh cluster (a few seconds). Always call `stop()` (e.g. in `after`). */
export async function startPostgres(): Promise<PostgresCluster> {
  if (postgresSkipReason) throw new Error(postgresSkipReason);
  const dir = mkdtempSync(join(tmpdir(), 'warranted-pg-'));
  const data = join(dir, 'data');
  const sockets = dir;
  if (isRoot) {
    const u = postgresUser()!;
    chownSync(dir, u.uid, u.gid);
    chmodSync(dir, 0o700);
  }
  let started = false;
  try {
    await asPostgres('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
    const port = await freePort();
    const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${sockets} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    await asPostgres('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', 'start']);
    started = true;
    return {
      connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      dir,
      async stop() {
        await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    if (started) await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

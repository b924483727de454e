/** Runs the one store conformance suite against the embedded store (PGlite) and real PostgreSQL 15. */
import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedWarrantStore, openPostgresWarrantStore } from '../../src/warrants/index.ts';
import { postgresSkipReason, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { runStoreConformance } from './store-conformance.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'warranted-pglite-'));
let cluster: PostgresCluster | undefined;

before(async () => {
  if (!postgresSkipReason) cluster = await startPostgres();
});
after(async () => {
  await cluster?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

runStoreConformance('embedded (PGlite, data directory)', () => openEmbeddedWarrantStore({ dataDir }));
runStoreConformance('PostgreSQL 15', () => openPostgresWarrantStore({ connectionString: cluster!.connectionString }), postgresSkipReason ? { skip: postgresSkipReason } : {});

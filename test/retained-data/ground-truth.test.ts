/**
 * The ground-truth suite (store-suite.ts) against both store implementations: embedded PGlite
 * (in memory) and a real PostgreSQL 15 (one database per operator), same statements.
 */
import pg from 'pg';
import { test } from 'node:test';
import { RetainedDataStore } from '../../src/retained-data/store.ts';
import { postgresSkipReason, startPostgres, type PostgresCluster } from '../helpers/postgres.ts';
import { groundTruthSuite } from './store-suite.ts';

groundTruthSuite('embedded PGlite', (id) => RetainedDataStore.open(id, { kind: 'embedded' }));

if (postgresSkipReason) {
  test('retained-data store on PostgreSQL', { skip: postgresSkipReason }, () => undefined);
} else {
  let cluster: PostgresCluster | undefined;
  groundTruthSuite(
    'PostgreSQL 15',
    async (id) => {
      cluster ??= await startPostgres();
      const admin = new pg.Client({ connectionString: cluster.connectionString });
      await admin.connect();
      await admin.query(`CREATE DATABASE rd_${id.toLowerCase()}`);
      await admin.end();
      return RetainedDataStore.open(id, { kind: 'postgres', url: cluster.connectionString.replace(/\/postgres$/, `/rd_${id.toLowerCase()}`) });
    },
    async () => {
      await cluster?.stop();
    },
  );
}

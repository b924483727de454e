/** The console's query store: embedded (PGlite, default) or PostgreSQL (by configuration). */
export type * from './types.ts';
export { openEmbeddedConsoleStore, type EmbeddedConsoleStoreOptions } from './pglite.ts';
export { openPostgresConsoleStore, type PostgresConsoleStoreOptions } from './postgres.ts';
export { SqlConsoleStore } from './store-sql.ts';

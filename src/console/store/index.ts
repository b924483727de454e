/** The console's query store (types.ts); openers are added in pglite.ts / postgres.ts. */
export type * from './types.ts';

/**
 * The console's retained-data API shapes as the UI reads them: the server's own definitions
 * (src/console/rd/view.ts), imported as types only — that file holds no Node code, so the UI's
 * tsconfig (no Node types) checks them and the bundle gets nothing from it. docs/console.md
 * "Retained data".
 */
export type * from '../../../rd/view.ts';

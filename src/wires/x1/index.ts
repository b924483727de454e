/** Both ends of X1 (TS 103 221-1) over HTTPS with mutual TLS, and the responder's task table. */
export { X1Client } from './client.ts';
export type { X1ClientExchange, X1ClientOptions, X1OkResponse, X1Outcome, X1RequestBody, X1ResponseFor } from './client.ts';
export { startX1Server } from './server.ts';
export type { X1Path, X1Server, X1ServerExchange, X1ServerOptions } from './server.ts';
export { dispatchX1Request } from './handler.ts';
export type { X1HandlerContext, X1RequestHandler } from './handler.ts';
export { X1TaskTable, EXACT_TARGET_KINDS, deliveryProblem } from './task-table.ts';
export type { X1TaskTableChange, X1TaskTableOptions } from './task-table.ts';
export { ERROR_CODES, X1ErrorResponseError, X1RequestRefusedError, X1TopLevelError, X1WireError, refusals } from './errors.ts';
export { X1FailSafe, DEFAULT_TIME_P2_MS } from './fail-safe.ts';
export type { X1FailSafeOptions } from './fail-safe.ts';

/** Both ends of the retained-data handover (TS 102 657 §7.3 over mutual TLS). See docs/rd.md. */
export { RdClient, isFinalAnswer, type RdAnswer, type RdClientOptions } from './client.ts';
export { startRdServer, type RdHandler, type RdProblem, type RdRequestContext, type RdServer, type RdServerOptions } from './server.ts';
export { rdDigestVerifies, signRdMessage } from './signing.ts';
export { ERROR_CODES, RdWireError } from './errors.ts';

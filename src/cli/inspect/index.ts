/** `warranted inspect`: decode and (optionally) validate LI wire data from files. */
export { runInspect, inspectFiles, registerInspectCommand, EXIT_OK, EXIT_DECODE_FAILED, EXIT_USAGE } from './command.ts';
export type { InspectOutput, InspectOptions } from './command.ts';
export { detectFormat, INSPECT_FORMATS, type InspectFormat } from './detect.ts';
export { reassembleTcpFlows, type TcpFlow } from './tcp-flows.ts';
export { ERROR_CODES, InspectError, type InspectErrorCode } from './errors.ts';

/**
 * The Authorised Organisation's end of HI-A/HI-B (TS 102 657 §7.3 direct TCP, BER; mutual TLS per
 * §8.2). `exchange` sends one RetainedDataMessage on its own connection and collects the answers that
 * belong to it (same RequestID, §6.1.2) until the final one: a ResponseMessage whose status is not
 * responseIncomplete (§5.3.3: "ResInc" is followed by more), or an ErrorMessage. A
 * RequestAcknowledgement (§5.3.2) is collected and waited past. Everything is returned with its raw
 * bytes, which the agency keeps as evidence.
 */
import { BerStreamFramer } from '../../standards/ber/index.ts';
import { decodeRdMessage, encodeRdMessage, type RequestID, type RetainedDataMessage, type RetainedDataMessageInput } from '../../standards/rd/index.ts';
import type { KeyObject } from 'node:crypto';
import type { Connector, Endpoint } from '../transport.ts';
import { rdDigestVerifies } from './signing.ts';
import { RdWireError } from './errors.ts';

export interface RdAnswer {
  message: RetainedDataMessage;
  raw: Uint8Array;
}

export interface RdClientOptions {
  connector: Connector;
  endpoint: Endpoint;
  /** Time allowed for the final answer (default 30 s). */
  timeoutMs?: number;
  /** Largest answer accepted (default 64 MiB). */
  maxMessageBytes?: number;
  /** The CSP's public key: when set, every answer must carry a retainedDataDigest that verifies under it (§8.3). */
  cspPublicKey?: KeyObject;
}

const sameRequest = (a: RequestID, b: RequestID): boolean =>
  a.countryCode === b.countryCode && a.authorisedOrganisationID === b.authorisedOrganisationID && a.requestNumber === b.requestNumber;

/** True for the last answer of an exchange. */
export function isFinalAnswer(m: RetainedDataMessage): boolean {
  const p = m.retainedDataPayload;
  if ('errorMessage' in p) return true;
  if ('responseMessage' in p) return !('responseIncomplete' in p.responseMessage.responseStatus);
  return false;
}

export class RdClient {
  constructor(private readonly o: RdClientOptions) {}

  async exchange(request: RetainedDataMessageInput): Promise<RdAnswer[]> {
    const bytes = encodeRdMessage(request);
    let stream;
    try {
      stream = await this.o.connector(this.o.endpoint);
    } catch (cause) {
      throw new RdWireError('RD_WIRE_UNAVAILABLE', `RDHI at ${this.o.endpoint.host}:${this.o.endpoint.port} unreachable`, { cause });
    }
    const s = stream;
    const framer = new BerStreamFramer(this.o.maxMessageBytes ?? 64 * 1024 * 1024);
    const answers: RdAnswer[] = [];
    return new Promise<RdAnswer[]>((resolve, reject) => {
      let done = false;
      const finish = (outcome: RdAnswer[] | Error) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        s.destroy();
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const timer = setTimeout(() => finish(new RdWireError('RD_WIRE_TIMEOUT', `no final answer within ${this.o.timeoutMs ?? 30_000} ms`)), this.o.timeoutMs ?? 30_000);
      s.on('error', (cause: Error) => finish(new RdWireError('RD_WIRE_UNAVAILABLE', `connection failed: ${cause.message}`, { cause })));
      s.on('close', () => finish(new RdWireError('RD_WIRE_UNAVAILABLE', 'the RDHI closed the connection before its final answer')));
      s.on('data', (chunk: Buffer) => {
        try {
          for (const raw of framer.push(chunk)) {
            const message = decodeRdMessage(raw, { maxSize: this.o.maxMessageBytes ?? 64 * 1024 * 1024 });
            if ('requestMessage' in message.retainedDataPayload) throw new RdWireError('RD_WIRE_PROTOCOL', 'the RDHI sent a request, not an answer');
            if (!sameRequest(message.retainedDataHeader.requestID, request.retainedDataHeader.requestID)) {
              // An ErrorMessage about an unreadable request carries no RequestID of ours (server.ts): still final, still returned.
              if (!('errorMessage' in message.retainedDataPayload)) throw new RdWireError('RD_WIRE_PROTOCOL', 'an answer for another RequestID');
            }
            if (this.o.cspPublicKey && !rdDigestVerifies(message, this.o.cspPublicKey)) throw new RdWireError('RD_WIRE_BAD_DIGEST', 'an answer whose retainedDataDigest does not verify under the CSP key');
            answers.push({ message, raw });
            if (isFinalAnswer(message)) return finish(answers);
          }
        } catch (e) {
          finish(e instanceof RdWireError ? e : new RdWireError('RD_WIRE_PROTOCOL', `an answer that does not decode: ${e instanceof Error ? e.message : String(e)}`, { cause: e }));
        }
      });
      s.write(bytes);
    });
  }
}

/**
 * The CSP end of HI-A/HI-B (TS 102 657 §7.3 "direct TCP", BER encoded, §7.3.1), over mutual TLS
 * (§8.2: mutual authentication, confidentiality, integrity). One connection carries
 * RetainedDataMessages back to back; each is answered, in order, with what the handler returns.
 *
 * Bad input never reaches the handler: a message that does not decode is answered with an
 * ErrorMessage (§6.4, categorised "malformedRequest") and the connection stays in step (the BER
 * framing is intact); an element larger than the limit cannot be skipped safely, so it is answered
 * with "tooLarge" and the connection is closed. A failing handler is answered "internal" without
 * details. Each of these is reported through `onProblem` (the RDHI audits and alarms).
 */
import { BerDecodeError, BerStreamFramer } from '../../standards/ber/index.ts';
import {
  decodeRdMessage,
  encodeRdMessage,
  furtherInformation,
  RdDecodeError,
  type RdCategorisedError,
  type RetainedDataHeader,
  type RetainedDataMessage,
  type RetainedDataMessageInput,
} from '../../standards/rd/index.ts';
import type { AcceptedStream, Endpoint, ListenerFactory, StreamListener } from '../transport.ts';

export interface RdRequestContext {
  /** The peer's identity from its client certificate. */
  peer: string;
  /** The bytes as received (kept as evidence; signatures are verified over what was decoded from them). */
  raw: Uint8Array;
}

/** Answers one decoded message; the answers are written in order. Throwing answers "internal". */
export type RdHandler = (msg: RetainedDataMessage, ctx: RdRequestContext) => Promise<RetainedDataMessageInput[]>;

export interface RdProblem {
  peer: string;
  code: string;
  message: string;
}

export interface RdServerOptions {
  listener: ListenerFactory;
  bind: Endpoint;
  handler: RdHandler;
  /** This CSP's CSPID and country, for the header of an answer to a message whose own header is unreadable. */
  cspId: string;
  countryCode: string;
  /** Largest request accepted (default 64 KiB: an exact request is a few hundred bytes). */
  maxMessageBytes?: number;
  /** A connection idle this long is closed (default 60 s). */
  idleTimeoutMs?: number;
  onProblem?: (p: RdProblem) => void;
}

export interface RdServer {
  readonly endpoint: Endpoint;
  close(): Promise<void>;
}

export async function startRdServer(o: RdServerOptions): Promise<RdServer> {
  const maxBytes = o.maxMessageBytes ?? 64 * 1024;
  const listener: StreamListener = await o.listener(o.bind, (s) => serveStream(s, o, maxBytes));
  return { endpoint: listener.endpoint, close: () => listener.close() };
}

function serveStream({ stream, peer }: AcceptedStream, o: RdServerOptions, maxBytes: number): void {
  const framer = new BerStreamFramer(maxBytes);
  let chain = Promise.resolve();
  const problem = (code: string, message: string) => o.onProblem?.({ peer, code, message });
  const fallbackHeader = (): RetainedDataHeader => ({
    // §A.3.2: the header is mandatory; with the request's own unreadable, the answer names the peer.
    requestID: { countryCode: o.countryCode, authorisedOrganisationID: peer },
    cSPID: o.cspId,
    timeStamp: new Date(),
  });
  const errorAnswer = (header: RetainedDataHeader, kind: RdCategorisedError, text: string): RetainedDataMessageInput => ({
    retainedDataHeader: { ...header, cSPID: o.cspId, timeStamp: new Date() },
    retainedDataPayload: { errorMessage: furtherInformation(kind, text) },
  });
  const write = (m: RetainedDataMessageInput) => {
    if (!stream.destroyed) stream.write(encodeRdMessage(m));
  };
  const idle = setTimeout(() => stream.destroy(), o.idleTimeoutMs ?? 60_000);
  const touch = () => idle.refresh();
  stream.on('close', () => clearTimeout(idle));
  stream.on('error', () => stream.destroy());
  stream.on('data', (chunk: Buffer) => {
    touch();
    let elements: Uint8Array[];
    try {
      elements = framer.push(chunk);
    } catch (e) {
      const code = e instanceof BerDecodeError && e.code === 'BER_TOO_LARGE' ? 'RD_TOO_LARGE' : 'RD_BAD_BER';
      problem(code, e instanceof Error ? e.message : String(e));
      chain = chain.then(() => {
        write(errorAnswer(fallbackHeader(), code === 'RD_TOO_LARGE' ? 'tooLarge' : 'malformedRequest', `${code}: the stream cannot be read further`));
        stream.end();
      });
      stream.pause();
      return;
    }
    for (const raw of elements) chain = chain.then(() => answer(raw));
  });

  async function answer(raw: Uint8Array): Promise<void> {
    let msg: RetainedDataMessage;
    try {
      msg = decodeRdMessage(raw, { maxSize: maxBytes });
    } catch (e) {
      const code = e instanceof RdDecodeError ? e.code : 'RD_BAD_BER';
      problem(code, e instanceof Error ? e.message : String(e));
      write(errorAnswer(fallbackHeader(), 'malformedRequest', `${code}: ${e instanceof Error ? e.message : ''}`.slice(0, 300)));
      return;
    }
    try {
      for (const m of await o.handler(msg, { peer, raw })) write(m);
    } catch (e) {
      problem('RD_HANDLER_FAILED', e instanceof Error ? e.message : String(e));
      write(errorAnswer(msg.retainedDataHeader, 'internal', 'the request could not be answered'));
    }
  }
}

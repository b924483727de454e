/**
 * Every HI-1 document our code emits — a request Hi1Client encoded and sent, a response the desk
 * server answered — is published on the `node:diagnostics_channel` channel HI1_EMITTED_CHANNEL.
 * Nothing is published (nor costs anything) while nobody subscribes; tests subscribe to check each
 * document against the official TS 103 120 XSDs and our extension schema (docs/hi1.md).
 * A channel rather than an option: the documents are observed, never changed, wherever the client
 * and the server are built (the demo, the system harness, the CLI).
 */
import { channel } from 'node:diagnostics_channel';

export const HI1_EMITTED_CHANNEL = 'warranted:hi1:emitted';

export interface Hi1EmittedDocument {
  /** Who produced the document: the client (a request) or the desk (its answer). */
  emitter: 'client' | 'desk';
  xml: string;
}

const emitted = channel(HI1_EMITTED_CHANNEL);

export function publishHi1Document(emitter: Hi1EmittedDocument['emitter'], xml: string): void {
  if (emitted.hasSubscribers && xml !== '') emitted.publish({ emitter, xml } satisfies Hi1EmittedDocument);
}

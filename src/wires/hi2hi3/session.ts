/**
 * The session layer of one HI2/HI3 connection, TS 102 232-1 §6.3: option negotiation (§6.3.5,
 * Annex I) and PDU acknowledgement (§6.3.6) as seen from each end. These classes decide what to send
 * and what a received TRI message means; the sender and the receivers own the sockets.
 */
import { encodePsPdu, type PsPdu, type TRIPayload } from '../../standards/hi2hi3/index.ts';

/** How a DF (the MDF) uses PDU acknowledgement on its connections. */
export type AcknowledgementMode =
  /** Ask for the pDUAcknowledgement option (§6.3.5); a LGW that declines or ignores it gets "written" delivery. */
  | 'negotiate'
  /** §6.3.6 2): both ends are configured for it; requests are sent without negotiation. */
  | 'required'
  /** No acknowledgement: a PDU counts as delivered once written to the socket (§6.4.3 option 3). */
  | 'off';

export function triOf(pdu: PsPdu): TRIPayload | undefined {
  return pdu.payload.kind === 'tRIPayload' ? pdu.payload.value : undefined;
}

const requestsAck = (t: TRIPayload & { kind: 'optionRequest' }) => t.value.requestedOptions.some((o) => o.kind === 'pDUAcknowledgement');

/** What the DF's negotiation concluded on this connection. */
export type NegotiationOutcome = 'acknowledged' | 'declined' | 'unsupported' | 'not-negotiated';

/**
 * DF side of option negotiation (§6.3.5.2): after connecting, the DF sends optionRequest then a
 * keep-alive. A keep-aliveResponse first means the LGW does not negotiate; otherwise optionResponse
 * says whether the option was accepted, then the LGW sends optionComplete (or an optionRequest of its
 * own, which is answered, declining what it asks), and the DF completes with optionComplete.
 */
export class DfNegotiation {
  private seq = 0;
  private response: boolean | undefined;
  outcome: NegotiationOutcome | undefined;

  constructor(private readonly send: (payload: TRIPayload, sequenceNumber: number) => void) {}

  /** The opening messages; `keepalive` sends the keep-alive that follows (§6.3.5.2). */
  start(keepalive: () => void): void {
    this.send({ kind: 'optionRequest', value: { requestedOptions: [{ kind: 'pDUAcknowledgement' }] } }, this.seq++);
    keepalive();
  }

  /**
   * Feeds one received TRI message while negotiating. Returns 'done' when negotiation is complete
   * (outcome set), 'continue' while it goes on, 'violation' when the LGW broke the exchange (§6.3.5.2:
   * the connection shall then be terminated).
   */
  receive(t: TRIPayload | undefined, pdu: PsPdu): 'done' | 'continue' | 'violation' {
    if (!t) return 'violation';
    switch (t.kind) {
      case 'keepAliveResponse':
        if (this.response !== undefined) return 'continue';
        this.outcome = 'unsupported';
        return 'done';
      case 'optionResponse':
        if (pdu.pSHeader.sequenceNumber !== 0 || this.response !== undefined) return 'violation';
        this.response = t.value.acceptedOptions.some((o) => o.kind === 'pDUAcknowledgement');
        return 'continue';
      case 'optionRequest':
        if (this.response === undefined) return 'violation';
        // The LGW asks nothing the DF offers: decline what is known, leave the rest unlisted.
        this.send({ kind: 'optionResponse', value: { acceptedOptions: [], declinedOptions: requestsAck(t) ? [{ kind: 'pDUAcknowledgement' }] : [] } }, pdu.pSHeader.sequenceNumber);
        return 'continue';
      case 'optionComplete':
        if (this.response === undefined) return 'violation';
        this.send({ kind: 'optionComplete' }, this.seq++);
        this.outcome = this.response ? 'acknowledged' : 'declined';
        return 'done';
      default:
        return 'violation';
    }
  }
}

/** One pDUAcknowledgementRequest in flight: confirming it confirms every PDU before `position`. */
interface Outstanding {
  seq: number;
  position: number;
  at: number;
}

/**
 * DF side of §6.3.6: numbers requests (incrementing "within the same instance of the DF", so across
 * connections), remembers which queue position each covers, and tells which position a response
 * confirms. TIME5 is checked by the caller with `oldestAt`.
 */
export class AckTracker {
  private nextSeq = 0;
  private outstanding: Outstanding[] = [];

  request(position: number, now: number): number {
    const seq = this.nextSeq++ >>> 0;
    this.outstanding.push({ seq, position, at: now });
    return seq;
  }

  /** The position confirmed by a response with this sequence number, or undefined for an unknown one. */
  response(seq: number): number | undefined {
    const i = this.outstanding.findIndex((o) => o.seq === seq);
    if (i < 0) return undefined;
    const { position } = this.outstanding[i]!;
    this.outstanding.splice(0, i + 1);
    return position;
  }

  get oldestAt(): number | undefined {
    return this.outstanding[0]?.at;
  }

  get pending(): number {
    return this.outstanding.length;
  }

  /** The connection is gone: nothing outstanding can be answered any more. */
  clear(): void {
    this.outstanding = [];
  }
}

export interface LgwSessionOptions {
  /** Accept the pDUAcknowledgement option and answer requests (only after `makeDurable`). */
  acknowledge: boolean;
  write: (bytes: Uint8Array) => void;
  /** Makes everything received so far durable (the LEMF's evidence fsync'd); rejects when it cannot. */
  makeDurable: () => Promise<void>;
  /** An acknowledgement could not be given (durability failed): the connection is closed. */
  onDurabilityFailed: (error: Error) => void;
}

/**
 * LGW side (the LEMF): answers keep-alives, option negotiation and acknowledgement requests, in the
 * order received (§6.3.5.2 "process and respond to TRI messages in the order received"): every
 * answer goes through one chain, so a keep-aliveResponse never overtakes an acknowledgement still
 * waiting for its fsync.
 */
export class LgwSession {
  private chain: Promise<void> = Promise.resolve();
  private owesComplete = false;
  private negotiated = false;
  private failed = false;
  acknowledged = 0;
  keepalives = 0;

  constructor(private readonly o: LgwSessionOptions) {}

  private answer(pdu: PsPdu, payload: TRIPayload, durable = false): void {
    const bytes = () => encodePsPdu({ pSHeader: { ...pdu.pSHeader, timeStamp: new Date() }, payload: { kind: 'tRIPayload', value: payload } });
    this.chain = this.chain.then(async () => {
      if (this.failed) return;
      if (durable) await this.o.makeDurable();
      this.o.write(bytes());
    });
    this.chain = this.chain.catch((e: unknown) => {
      if (this.failed) return;
      this.failed = true;
      this.o.onDurabilityFailed(e instanceof Error ? e : new Error(String(e)));
    });
  }

  /** Handles a session-layer TRI message; false for anything else (data, integrity checks, cINReset …). */
  handle(pdu: PsPdu): boolean {
    const t = triOf(pdu);
    if (!t) return false;
    switch (t.kind) {
      case 'keepAlive':
        this.keepalives++;
        this.answer(pdu, { kind: 'keepAliveResponse' });
        this.completeIfOwed(pdu);
        return true;
      case 'optionRequest':
        if (this.negotiated) return true; // §6.3.5.2: no negotiation after completion; ignored
        this.answer(pdu, { kind: 'optionResponse', value: this.o.acknowledge && requestsAck(t) ? { acceptedOptions: [{ kind: 'pDUAcknowledgement' }], declinedOptions: [] } : { acceptedOptions: [], declinedOptions: requestsAck(t) ? [{ kind: 'pDUAcknowledgement' }] : [] } });
        this.owesComplete = true;
        return true;
      case 'optionComplete':
        this.negotiated = true;
        return true;
      case 'pDUAcknowledgementRequest':
        // Options not negotiated "may be ignored" (§6.3.5.2); a LEMF configured to acknowledge answers
        // either way (§6.3.6 2), required implementation).
        if (this.o.acknowledge) {
          this.acknowledged++;
          this.answer(pdu, { kind: 'pDUAcknowledgementResponse' }, true);
        }
        return true;
      case 'optionResponse':
      case 'keepAliveResponse':
      case 'pDUAcknowledgementResponse':
        return true;
      default:
        return false;
    }
  }

  /** After the keep-alive that follows the DF's optionRequest, the LGW has nothing to ask: optionComplete. */
  private completeIfOwed(pdu: PsPdu): void {
    if (!this.owesComplete) return;
    this.owesComplete = false;
    this.answer({ ...pdu, pSHeader: { ...pdu.pSHeader, sequenceNumber: 0 } }, { kind: 'optionComplete' });
  }

  /** End of a received chunk: a DF that sent no keep-alive after its optionRequest still gets optionComplete. */
  endOfChunk(pdu: PsPdu | undefined): void {
    if (this.owesComplete && pdu) this.completeIfOwed(pdu);
  }
}

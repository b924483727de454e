/**
 * The synthetic network's traffic generator: `new NetworkSimulation({ operators, seed, rates })`,
 * then `tick(nowMs)` returns every event up to `nowMs` in time order. Pure and deterministic: the
 * same options and the same sequence of tick times give identical events (no sockets, no real
 * clock, no Math.random). New flows (calls, SMS, data sessions, mobility) start at jittered
 * intervals with mean 60 000 / rate ms and never closer than half of that, so flow starts per
 * minute stay within [0.5×, 2×] of each rate whatever the seed.
 */
import type { Cell } from './cells.ts';
import { callFlow } from './calls.ts';
import { dataSessionFlow, WEB_HOSTS } from './data.ts';
import { NetworkConfigError } from './errors.ts';
import type { EventDraft, NetworkEvent, ServedSubscriber } from './events.ts';
import type { Flow, FlowContext, SubscriberHandle } from './flow-context.ts';
import { GroundTruth } from './ground-truth.ts';
import type { EventCounts } from './ground-truth.ts';
import { EXTERNAL_SENDERS, SMS_TEXTS, smsFlow } from './messaging.ts';
import type { SmsEndpoint } from './messaging.ts';
import { locationUpdateFlow, reRegistrationFlow } from './mobility.ts';
import { Random } from './random.ts';
import { FlowHeap } from './scheduler.ts';
import { assertDisjointOperators } from './subscribers.ts';
import type { Operator, Subscriber } from './subscribers.ts';
import { DEFAULT_RATES, type Clock, type IdentityText, type MsRange, type SimulationOptions, type TrafficRates } from './simulation-options.ts';

export { DEFAULT_RATES, type Clock, type IdentityText, type MsRange, type SimulationOptions, type TrafficRates } from './simulation-options.ts';

export class NetworkSimulation {
  readonly operators: readonly Operator[];
  readonly startTimeMs: number;
  readonly rates: Readonly<TrafficRates>;
  private readonly options: Required<Omit<SimulationOptions, 'operators' | 'seed' | 'rates' | 'startTimeMs'>>;
  private readonly random: Random;
  private readonly heap = new FlowHeap();
  private readonly truth = new GroundTruth();
  private readonly busy = new Set<string>();
  private readonly totalSubscribers: number;
  private ordinal = 0;
  private seq = 0;
  private currentMs: number;
  private lastTickMs: number;
  private out: NetworkEvent[] = [];
  private activeCalls = 0;
  private readonly counters = { call: 0, sms: 0, data: 0, loc: 0, reg: 0 };
  private readonly ctx: FlowContext;

  constructor(options: SimulationOptions) {
    if (options.operators.length === 0) throw new NetworkConfigError('NETWORK_BAD_CONFIG', 'at least one operator is needed');
    assertDisjointOperators(options.operators);
    this.operators = options.operators;
    this.random = new Random(`${String(options.seed)}/simulation`);
    this.startTimeMs = options.startTimeMs ?? Date.UTC(2026, 0, 15, 9, 0, 0);
    this.currentMs = this.startTimeMs;
    this.lastTickMs = this.startTimeMs;
    this.rates = { ...DEFAULT_RATES, ...options.rates };
    for (const [name, rate] of Object.entries(this.rates)) {
      if (!Number.isFinite(rate) || rate < 0 || rate > 600_000) throw new NetworkConfigError('NETWORK_BAD_CONFIG', `rate ${name} must be 0..600000 per minute`);
    }
    this.options = {
      callDurationMs: options.callDurationMs ?? { min: 3000, max: 15000 },
      ringMs: options.ringMs ?? { min: 1000, max: 6000 },
      answerProbability: options.answerProbability ?? 0.85,
      interOperatorShare: options.interOperatorShare ?? 0.4,
      externalSmsShare: options.externalSmsShare ?? 0.15,
      rtp: options.rtp ?? true,
      maxConcurrentCalls: options.maxConcurrentCalls ?? 20,
      detachedMs: options.detachedMs ?? { min: 10_000, max: 90_000 },
    };
    this.totalSubscribers = this.operators.reduce((n, op) => n + op.size, 0);
    this.ctx = {
      now: () => this.currentMs,
      emit: (draft) => {
        this.emit(draft);
      },
      served: (h) => servedOf(h),
      party: (h) => {
        const ids = h.operator.identities(h.index);
        return { msisdn: ids.msisdn, operatorId: ids.operatorId, imsi: ids.imsi, imei: ids.imei, sipUri: ids.sipUri };
      },
      setBusy: (h, busy) => {
        const key = `${h.operator.id}:${h.index}`;
        if (busy) this.busy.add(key);
        else this.busy.delete(key);
      },
      rtp: this.options.rtp,
    };
    this.startArrivals();
  }

  /** Simulated time of the last tick. */
  get nowMs(): number {
    return this.lastTickMs;
  }

  /** Flows (calls, sessions, …) under way, arrival processes included. */
  get activeFlows(): number {
    return this.heap.size;
  }

  /** Runs the network up to `nowMs` (inclusive) and returns the events, in time order. */
  tick(nowMs: number): NetworkEvent[] {
    if (nowMs < this.lastTickMs) throw new NetworkConfigError('NETWORK_BAD_CONFIG', 'tick time went backwards');
    this.out = [];
    for (let top = this.heap.peek(); top && top.timeMs <= nowMs; top = this.heap.peek()) {
      this.heap.pop();
      this.currentMs = top.timeMs;
      const step = top.flow.next();
      if (!step.done) this.heap.push({ timeMs: top.timeMs + Math.max(0, step.value), ordinal: top.ordinal, flow: top.flow });
    }
    this.currentMs = nowMs;
    this.lastTickMs = nowMs;
    const events = this.out;
    this.out = [];
    return events;
  }

  /** tick(nowMs + ms). */
  advance(ms: number): NetworkEvent[] {
    return this.tick(this.lastTickMs + ms);
  }

  /** Ticks every `stepMs` of the injected clock and yields each batch until `signal` aborts. */
  async *run(options: { clock: Clock; stepMs?: number; signal?: AbortSignal }): AsyncGenerator<NetworkEvent[], void, void> {
    const step = options.stepMs ?? 20;
    while (!options.signal?.aborted) {
      const now = Math.max(options.clock.now(), this.lastTickMs);
      yield this.tick(now);
      await options.clock.sleep(step, options.signal);
    }
  }

  /** Ground-truth counts for the subscriber holding `identity` (zeros if none has it). */
  countsFor(identity: IdentityText): EventCounts {
    const h = this.resolve(identity);
    return h ? this.truth.forSubscriber(h.operator.id, h.index) : this.truth.forSubscriber('', -1);
  }

  /** Counts of all events emitted, or of one operator's. */
  totals(operatorId?: string): EventCounts {
    return this.truth.totals(operatorId);
  }

  findSubscriber(identity: IdentityText): Subscriber | undefined {
    const h = this.resolve(identity);
    return h ? h.operator.subscriber(h.index) : undefined;
  }

  /** Scripted call starting at the current time (demo: "the target calls someone"). Returns its correlation id. */
  placeCall(from: IdentityText, to: IdentityText, options: { video?: boolean; durationMs?: number; answered?: boolean; ringMs?: number } = {}): string {
    const caller = this.mustResolve(from);
    const callee = this.mustResolve(to);
    const id = this.nextId('call');
    this.activeCalls++;
    this.spawn(this.trackCall((ctx, r) =>
      callFlow(ctx, r, id, { caller, callee, media: options.video ? 'video' : 'voice', answered: options.answered ?? true, durationMs: options.durationMs ?? 8000, ringMs: options.ringMs ?? 2000 }),
    ), id);
    return id;
  }

  /** Scripted SMS; `from`/`to` may be an identity of a simulated subscriber or an outside number/sender. */
  sendSms(from: IdentityText, to: IdentityText, text: string): string {
    const endpoint = (identity: string): SmsEndpoint => {
      const h = this.resolve(identity);
      return h ? { subscriber: h } : { external: identity.replace(/^\+/, '') };
    };
    const id = this.nextId('sms');
    const plan = { from: endpoint(from), to: endpoint(to), text };
    this.spawn((ctx, r) => smsFlow(ctx, r, id, plan), id);
    return id;
  }

  /** Scripted data session visiting `hosts` (TLS unless `tls: false`). */
  startDataSession(identity: IdentityText, hosts: readonly string[] = ['www.example.com'], options: { tls?: boolean; thinkMs?: number } = {}): string {
    const subscriber = this.mustResolve(identity);
    const id = this.nextId('data');
    const plan = { subscriber, visits: hosts.map((host) => ({ host, tls: options.tls ?? true })), thinkMs: options.thinkMs ?? 1000 };
    this.spawn((ctx, r) => dataSessionFlow(ctx, r, id, plan), id);
    return id;
  }

  /** Scripted location update to `cellId` (or a random neighbour). */
  moveSubscriber(identity: IdentityText, cellId?: string): string {
    const h = this.mustResolve(identity);
    let cell: Cell | undefined;
    if (cellId !== undefined) {
      cell = h.operator.cells.find((c) => c.id === cellId);
      if (!cell) throw new NetworkConfigError('NETWORK_BAD_CONFIG', `operator ${h.operator.id} has no cell ${cellId}`);
    }
    const id = this.nextId('loc');
    this.spawn((ctx, r) => locationUpdateFlow(ctx, r, id, h, cell), id);
    return id;
  }

  // ── internals ──────────────────────────────────────────────────────────────

  private emit(draft: EventDraft): void {
    const event: NetworkEvent = { ...draft, seq: this.seq++, timeMs: this.currentMs };
    this.truth.record(event);
    this.out.push(event);
  }

  private nextId(kind: keyof NetworkSimulation['counters']): string {
    this.counters[kind]++;
    return `${kind}-${String(this.counters[kind]).padStart(6, '0')}`;
  }

  private spawn(factory: (ctx: FlowContext, random: Random) => Flow, label: string): void {
    const ordinal = this.ordinal++;
    this.heap.push({ timeMs: this.currentMs, ordinal, flow: factory(this.ctx, this.random.fork(`flow/${label}`)) });
  }

  private trackCall(factory: (ctx: FlowContext, random: Random) => Flow): (ctx: FlowContext, random: Random) => Flow {
    return (ctx, random) => this.countedCall(factory(ctx, random));
  }

  private *countedCall(flow: Flow): Flow {
    try {
      yield* flow;
    } finally {
      this.activeCalls--;
    }
  }

  private resolve(identity: IdentityText): SubscriberHandle | undefined {
    for (const operator of this.operators) {
      const index = operator.findIndex(identity);
      if (index !== undefined) return { operator, index };
    }
    return undefined;
  }

  private mustResolve(identity: IdentityText): SubscriberHandle {
    const h = this.resolve(identity);
    if (!h) throw new NetworkConfigError('NETWORK_UNKNOWN_SUBSCRIBER', 'no simulated operator has that identity');
    return h;
  }

  /** A random registered, idle subscriber (optionally of `operator`, optionally not `except`). */
  private pickAvailable(random: Random, operator?: Operator, except?: SubscriberHandle): SubscriberHandle | undefined {
    for (let attempt = 0; attempt < 16; attempt++) {
      let op = operator;
      let index: number;
      if (op) index = random.int(0, op.size - 1);
      else {
        let n = random.int(0, this.totalSubscribers - 1);
        op = this.operators.find((o) => (n < o.size ? true : ((n -= o.size), false)))!;
        index = n;
      }
      if (except && except.operator === op && except.index === index) continue;
      if (!op.isRegistered(index) || this.busy.has(`${op.id}:${index}`)) continue;
      return { operator: op, index };
    }
    return undefined;
  }

  private pickPeer(random: Random, of: SubscriberHandle): SubscriberHandle | undefined {
    const others = this.operators.filter((o) => o !== of.operator);
    const op = others.length > 0 && random.chance(this.options.interOperatorShare) ? random.pick(others) : of.operator;
    return this.pickAvailable(random, op, of);
  }

  private range(random: Random, r: MsRange): number {
    return random.int(Math.min(r.min, r.max), Math.max(r.min, r.max));
  }

  private startArrivals(): void {
    const o = this.options;
    const arrivals: [keyof TrafficRates, (random: Random) => void][] = [
      ['voiceCallsPerMinute', (r) => this.randomCall(r, 'voice')],
      ['videoCallsPerMinute', (r) => this.randomCall(r, 'video')],
      ['smsPerMinute', (r) => this.randomSms(r)],
      ['dataSessionsPerMinute', (r) => {
        const h = this.pickAvailable(r);
        if (!h) return;
        const id = this.nextId('data');
        const visits = Array.from({ length: r.int(1, 3) }, () => ({ host: r.pick(WEB_HOSTS), tls: r.chance(0.7) }));
        const plan = { subscriber: h, visits, thinkMs: r.int(500, 4000) };
        this.spawn((ctx, fr) => dataSessionFlow(ctx, fr, id, plan), id);
      }],
      ['locationUpdatesPerMinute', (r) => {
        const h = this.pickAvailable(r);
        if (!h) return;
        const id = this.nextId('loc');
        this.spawn((ctx, fr) => locationUpdateFlow(ctx, fr, id, h), id);
      }],
      ['reRegistrationsPerMinute', (r) => {
        const h = this.pickAvailable(r);
        if (!h) return;
        const id = this.nextId('reg');
        const off = this.range(r, o.detachedMs);
        this.spawn((ctx, fr) => reRegistrationFlow(ctx, fr, id, h, off), id);
      }],
    ];
    for (const [name, start] of arrivals) {
      const rate = this.rates[name];
      if (rate <= 0) continue;
      this.heap.push({ timeMs: this.currentMs, ordinal: this.ordinal++, flow: this.arrivals(name, 60_000 / rate, start) });
    }
  }

  /** Flow starts at intervals uniform in [0.5, 1.5] × mean: bounded and mean-preserving. */
  private *arrivals(name: string, meanMs: number, start: (random: Random) => void): Flow {
    const random = this.random.fork(`arrivals/${name}`);
    for (;;) {
      yield meanMs * (0.5 + random.float());
      start(random);
    }
  }

  private randomCall(random: Random, media: 'voice' | 'video'): void {
    if (this.activeCalls >= this.options.maxConcurrentCalls) return;
    const caller = this.pickAvailable(random);
    const callee = caller && this.pickPeer(random, caller);
    if (!caller || !callee) return;
    const o = this.options;
    const plan = { caller, callee, media, answered: random.chance(o.answerProbability), durationMs: this.range(random, o.callDurationMs), ringMs: this.range(random, o.ringMs) };
    const id = this.nextId('call');
    this.activeCalls++;
    this.spawn(this.trackCall((ctx, r) => callFlow(ctx, r, id, plan)), id);
  }

  private randomSms(random: Random): void {
    const text = random.pick(SMS_TEXTS);
    let from: SmsEndpoint;
    let to: SmsEndpoint;
    if (random.chance(this.options.externalSmsShare)) {
      const h = this.pickAvailable(random);
      if (!h) return;
      const outside = random.pick(EXTERNAL_SENDERS);
      const inbound = random.chance(0.7) || !/^\d+$/.test(outside);
      from = inbound ? { external: outside } : { subscriber: h };
      to = inbound ? { subscriber: h } : { external: outside };
    } else {
      const a = this.pickAvailable(random);
      const b = a && this.pickPeer(random, a);
      if (!a || !b) return;
      from = { subscriber: a };
      to = { subscriber: b };
    }
    const id = this.nextId('sms');
    const plan = { from, to, text };
    this.spawn((ctx, r) => smsFlow(ctx, r, id, plan), id);
  }
}

function servedOf(h: SubscriberHandle): ServedSubscriber {
  return { ...h.operator.identities(h.index), cell: h.operator.cellOfSubscriber(h.index) };
}


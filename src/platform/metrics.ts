/**
 * A small metrics registry rendered in the Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/): counters, gauges (set, or a
 * callback evaluated at scrape) and histograms with fixed cumulative buckets, `_sum` and `_count`.
 * No dependency: every role serves this on its admin address (`GET /metrics`, src/platform/admin.ts).
 *
 * Label values must come from small bounded sets (element ids, outcomes, error codes) and never
 * carry a target identity or intercepted content: /metrics is not redacted the way logs are.
 */
import { WarrantedError } from './errors.ts';

export class MetricsError extends WarrantedError {}

export const ERROR_CODES: readonly { code: string; standardCode?: number | string; meaning: string }[] = [
  { code: 'METRICS_BAD_NAME', meaning: 'A metric or label name is not valid in the Prometheus text format, or breaks a naming rule (counters end in _total).' },
  { code: 'METRICS_DUPLICATE', meaning: 'A metric with this name is already registered in the registry.' },
  { code: 'METRICS_BAD_LABELS', meaning: 'A sample was given label names other than those the metric was declared with.' },
  { code: 'METRICS_BAD_VALUE', meaning: 'A counter was decreased, a value is not a number, or histogram buckets are not finite and strictly increasing.' },
];

export type Labels = Readonly<Record<string, string>>;
type Sample = { labels: Labels; value: number };
/** What a gauge callback returns: one value (unlabelled gauge) or one value per label set. */
export type GaugeReading = number | Iterable<Sample>;

/** Latency buckets in seconds (1 ms … 10 s) for request/exchange durations. */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Label values: backslash, double quote and line feed are escaped (format 0.0.4). */
export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
/** HELP text: only backslash and line feed are escaped (format 0.0.4). */
function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
/** Go's ParseFloat spellings for the special values; integers without exponent where exact. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function badName(what: string, name: string): never {
  throw new MetricsError('METRICS_BAD_NAME', `invalid ${what} name ${JSON.stringify(name)}`, { details: { name } });
}

abstract class Metric {
  abstract readonly type: 'counter' | 'gauge' | 'histogram';
  protected readonly series = new Map<string, { labels: Labels; data: unknown }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {
    if (!METRIC_NAME.test(name)) badName('metric', name);
    for (const l of labelNames) if (!LABEL_NAME.test(l) || l.startsWith('__')) badName('label', l);
    if (new Set(labelNames).size !== labelNames.length) badName('label', labelNames.join(','));
  }

  /** Checks the label set against the declaration; the key orders values as declared. */
  protected key(labels: Labels | undefined): { key: string; labels: Labels } {
    const given = labels ?? {};
    const names = Object.keys(given);
    if (names.length !== this.labelNames.length || !this.labelNames.every((n) => typeof given[n] === 'string')) {
      throw new MetricsError('METRICS_BAD_LABELS', `${this.name} takes labels [${this.labelNames.join(', ')}], got [${names.join(', ')}]`, {
        details: { metric: this.name, expected: [...this.labelNames], got: names },
      });
    }
    const ordered: Record<string, string> = {};
    for (const n of this.labelNames) ordered[n] = given[n]!;
    return { key: JSON.stringify(this.labelNames.map((n) => given[n])), labels: ordered };
  }

  protected entry<T>(labels: Labels | undefined, init: () => T): T {
    const { key, labels: ordered } = this.key(labels);
    let e = this.series.get(key);
    if (!e) {
      e = { labels: ordered, data: init() };
      this.series.set(key, e);
    }
    return e.data as T;
  }

  /** Samples as `[suffix, labels, value]`, in the order they are printed. */
  abstract samples(): Iterable<[string, Labels, number]>;

  render(): string {
    let out = `# HELP ${this.name} ${escapeHelp(this.help)}\n# TYPE ${this.name} ${this.type}\n`;
    for (const [suffix, labels, value] of this.samples()) out += `${this.name}${suffix}${renderLabels(labels)} ${formatValue(value)}\n`;
    return out;
  }
}

function renderLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function checkNumber(metric: string, v: number): void {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new MetricsError('METRICS_BAD_VALUE', `${metric}: value is not a number`, { details: { metric } });
}

/** Counters and gauges: one value per label set, held or read from a callback at scrape. */
abstract class Scalar extends Metric {
  private callback: (() => GaugeReading) | undefined;

  /**
   * Evaluate `fn` at every scrape instead of holding values (queue depths, memory, totals kept
   * elsewhere). Returns the metric so that `registry.gauge(...).collect(fn)` reads well.
   */
  collect(fn: () => GaugeReading): this {
    this.callback = fn;
    return this;
  }

  protected cell(labels: Labels | undefined): { v: number } {
    return this.entry(labels, () => ({ v: 0 }));
  }
  protected peek(labels: Labels | undefined): number | undefined {
    return (this.series.get(this.key(labels).key)?.data as { v: number } | undefined)?.v;
  }

  *samples(): Iterable<[string, Labels, number]> {
    if (this.callback) {
      const reading = this.callback();
      if (typeof reading === 'number') yield ['', this.key(undefined).labels, reading];
      else for (const s of reading) yield ['', this.key(s.labels).labels, s.value];
      return;
    }
    for (const e of this.series.values()) yield ['', e.labels, (e.data as { v: number }).v];
  }
}

export class Counter extends Scalar {
  readonly type = 'counter';
  /** `inc()`, `inc(5)`, `inc({ outcome: 'ok' })` or `inc({ outcome: 'ok' }, 5)`. */
  inc(labelsOrValue?: Labels | number, value = 1): void {
    const [labels, v] = typeof labelsOrValue === 'number' ? [undefined, labelsOrValue] : [labelsOrValue, value];
    checkNumber(this.name, v);
    // A counter only goes up (format 0.0.4 "counter"); a reset is a process restart.
    if (v < 0) throw new MetricsError('METRICS_BAD_VALUE', `${this.name}: a counter cannot decrease`, { details: { metric: this.name } });
    this.cell(labels).v += v;
  }
  /** The current value for one label set (0 when never incremented). */
  get(labels?: Labels): number {
    return this.peek(labels) ?? 0;
  }
}

export class Gauge extends Scalar {
  readonly type = 'gauge';

  /** `set(3)` for an unlabelled gauge, `set({ state: 'active' }, 3)` for a labelled one. */
  set(labelsOrValue: Labels | number, value?: number): void {
    const [labels, v] = typeof labelsOrValue === 'number' ? [undefined, labelsOrValue] : [labelsOrValue, value ?? NaN];
    checkNumber(this.name, v);
    this.cell(labels).v = v;
  }
  inc(labelsOrValue?: Labels | number, value = 1): void {
    const [labels, v] = typeof labelsOrValue === 'number' ? [undefined, labelsOrValue] : [labelsOrValue, value];
    checkNumber(this.name, v);
    this.cell(labels).v += v;
  }
  dec(labelsOrValue?: Labels | number, value = 1): void {
    if (typeof labelsOrValue === 'number') this.inc(-labelsOrValue);
    else this.inc(labelsOrValue, -value);
  }
  get(labels?: Labels): number | undefined {
    return this.peek(labels);
  }
}

interface HistogramCell {
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram extends Metric {
  readonly type = 'histogram';
  readonly buckets: readonly number[];

  constructor(name: string, help: string, buckets: readonly number[], labelNames: readonly string[]) {
    super(name, help, labelNames);
    if (labelNames.includes('le')) badName('label', 'le');
    const ok = buckets.length > 0 && buckets.every((b, i) => Number.isFinite(b) && (i === 0 || b > buckets[i - 1]!));
    if (!ok) throw new MetricsError('METRICS_BAD_VALUE', `${name}: buckets must be finite and strictly increasing`, { details: { metric: name } });
    this.buckets = [...buckets];
  }

  observe(labelsOrValue: Labels | number, value?: number): void {
    const [labels, v] = typeof labelsOrValue === 'number' ? [undefined, labelsOrValue] : [labelsOrValue, value ?? NaN];
    checkNumber(this.name, v);
    const cell = this.entry<HistogramCell>(labels, () => ({ counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    // Store per-bucket counts; render() makes them cumulative (each `le` counts every value ≤ le).
    const i = this.buckets.findIndex((b) => v <= b);
    if (i >= 0) cell.counts[i]!++;
    cell.sum += v;
    cell.count++;
  }

  /** Starts a timer; calling the result observes the elapsed seconds and returns them. */
  startTimer(labels?: Labels): () => number {
    const t0 = process.hrtime.bigint();
    return () => {
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      if (labels) this.observe(labels, s);
      else this.observe(s);
      return s;
    };
  }

  *samples(): Iterable<[string, Labels, number]> {
    for (const e of this.series.values()) {
      const cell = e.data as HistogramCell;
      let cumulative = 0;
      for (let i = 0; i < this.buckets.length; i++) {
        cumulative += cell.counts[i]!;
        yield ['_bucket', { ...e.labels, le: formatValue(this.buckets[i]!) }, cumulative];
      }
      yield ['_bucket', { ...e.labels, le: '+Inf' }, cell.count];
      yield ['_sum', e.labels, cell.sum];
      yield ['_count', e.labels, cell.count];
    }
  }
}

export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    // Prometheus naming convention (and OpenMetrics rule): counters end in `_total`.
    if (!name.endsWith('_total')) badName('counter (must end in _total)', name);
    return this.add(new Counter(name, help, labelNames));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(name, help, labelNames));
  }

  histogram(name: string, help: string, buckets: readonly number[] = LATENCY_BUCKETS_SECONDS, labelNames: readonly string[] = []): Histogram {
    return this.add(new Histogram(name, help, buckets, labelNames));
  }

  has(name: string): boolean {
    return this.metrics.has(name);
  }

  private add<M extends Metric>(m: M): M {
    // Names must not collide, including with a histogram's _bucket/_sum/_count series.
    const taken = (n: string) => this.metrics.has(n) || [...this.metrics.values()].some((o) => o.type === 'histogram' && [`${o.name}_bucket`, `${o.name}_sum`, `${o.name}_count`].includes(n));
    const own = m.type === 'histogram' ? [m.name, `${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`] : [m.name];
    if (own.some(taken)) throw new MetricsError('METRICS_DUPLICATE', `metric ${m.name} is already registered`, { details: { name: m.name } });
    this.metrics.set(m.name, m);
    return m;
  }

  /**
   * The whole registry in text format 0.0.4, in registration order. A gauge callback that throws
   * is rendered with its HELP/TYPE lines and no samples, so one broken probe does not hide the rest;
   * `onCollectError` hears about it.
   */
  render(onCollectError?: (metric: string, error: unknown) => void): string {
    let out = '';
    for (const m of this.metrics.values()) {
      try {
        out += m.render();
      } catch (e) {
        onCollectError?.(m.name, e);
        out += `# HELP ${m.name} ${escapeHelp(m.help)}\n# TYPE ${m.name} ${m.type}\n`;
      }
    }
    return out;
  }
}

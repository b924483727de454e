import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsError, MetricsRegistry } from './metrics.ts';

interface Family {
  help?: string;
  type?: string;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

/** A strict reader of text format 0.0.4, written from the format description (not from metrics.ts). */
function parseExposition(text: string): Map<string, Family> {
  assert.ok(text.endsWith('\n'), 'the exposition ends with a line feed');
  const families = new Map<string, Family>();
  const family = (n: string) => families.get(n) ?? families.set(n, { samples: [] }).get(n)!;
  let current: string | undefined;
  for (const line of text.slice(0, -1).split('\n')) {
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      const f = family(meta[2]!);
      if (meta[1] === 'HELP') {
        assert.equal(f.help, undefined, `one HELP for ${meta[2]}`);
        f.help = meta[3]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      } else {
        assert.equal(f.type, undefined, `one TYPE for ${meta[2]}`);
        assert.equal(f.samples.length, 0, 'TYPE comes before the samples');
        assert.match(meta[3]!, /^(counter|gauge|histogram|summary|untyped)$/);
        f.type = meta[3]!;
      }
      current = meta[2];
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
    assert.ok(m, `sample line: ${line}`);
    const name = m[1]!;
    let i = name.length;
    const labels: Record<string, string> = {};
    if (line[i] === '{') {
      i++;
      while (line[i] !== '}') {
        const ln = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(line.slice(i));
        assert.ok(ln, `label at ${i} in ${line}`);
        i += ln[0].length;
        let v = '';
        while (line[i] !== '"') {
          assert.ok(i < line.length, 'label value is closed');
          if (line[i] === '\\') {
            const c = line[i + 1];
            assert.ok(c === '\\' || c === '"' || c === 'n', `escape \\${c}`);
            v += c === 'n' ? '\n' : c;
            i += 2;
          } else v += line[i++]!;
        }
        labels[ln[1]!] = v;
        i++;
        if (line[i] === ',') i++;
      }
      i++;
    }
    assert.equal(line[i], ' ');
    const raw = line.slice(i + 1);
    assert.match(raw, /^([-+]?[0-9.e+-]+|NaN|[+-]Inf)$/, `value ${raw}`);
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw);
    assert.ok(current !== undefined && (name === current || name.startsWith(`${current}_`)), `${name} follows its own TYPE line`);
    family(current).samples.push({ name, labels, value });
  }
  return families;
}

test('counters and gauges: HELP/TYPE lines, label escaping, callback gauges read at scrape', () => {
  const r = new MetricsRegistry();
  const c = r.counter('warranted_x1_exchanges_total', 'X1 exchanges\nby "element" \\ outcome', ['element', 'outcome']);
  c.inc({ element: 'ne-1', outcome: 'ok' });
  c.inc({ outcome: 'ok', element: 'ne-1' }, 2);
  const odd = 'a\\b"c\nd';
  c.inc({ element: odd, outcome: 'error' });
  c.inc({ element: 'ne-2', outcome: 'ok' }, 0);
  const g = r.gauge('warranted_warrants', 'Warrants by state', ['state']);
  g.set({ state: 'active' }, 3);
  g.dec({ state: 'active' });
  let depth = 7;
  r.gauge('warranted_queue_depth', 'Queue depth').collect(() => depth);
  r.counter('warranted_seen_total', 'Kept elsewhere', ['kind']).collect(() => [{ labels: { kind: 'x2' }, value: 11 }]);

  const f = parseExposition(r.render());
  const x1 = f.get('warranted_x1_exchanges_total')!;
  assert.equal(x1.type, 'counter');
  assert.equal(x1.help, 'X1 exchanges\nby "element" \\ outcome');
  assert.deepEqual(x1.samples.map((s) => [s.labels.element, s.labels.outcome, s.value]), [['ne-1', 'ok', 3], [odd, 'error', 1], ['ne-2', 'ok', 0]]);
  assert.equal(c.get({ element: 'ne-1', outcome: 'ok' }), 3);
  assert.deepEqual(f.get('warranted_warrants')!.samples, [{ name: 'warranted_warrants', labels: { state: 'active' }, value: 2 }]);
  assert.equal(f.get('warranted_warrants')!.type, 'gauge');
  assert.equal(f.get('warranted_queue_depth')!.samples[0]!.value, 7);
  depth = 9;
  assert.equal(parseExposition(r.render()).get('warranted_queue_depth')!.samples[0]!.value, 9, 'evaluated at each scrape');
  assert.deepEqual(f.get('warranted_seen_total')!.samples[0]!.labels, { kind: 'x2' });
});

test('histogram: cumulative buckets, +Inf equals _count, _sum, per label set', () => {
  const r = new MetricsRegistry();
  const h = r.histogram('warranted_x1_seconds', 'X1 round trip', [0.01, 0.1, 1], ['element']);
  for (const v of [0.005, 0.01, 0.05, 0.5, 3]) h.observe({ element: 'ne-1' }, v);
  h.observe({ element: 'ne-2' }, 0.2);
  const stop = h.startTimer({ element: 'ne-2' });
  assert.ok(stop() >= 0);
  const f = parseExposition(r.render()).get('warranted_x1_seconds')!;
  assert.equal(f.type, 'histogram');
  const of = (el: string, name: string) => f.samples.filter((s) => s.labels.element === el && s.name === name);
  const b1 = of('ne-1', 'warranted_x1_seconds_bucket');
  assert.deepEqual(b1.map((s) => [s.labels.le, s.value]), [['0.01', 2], ['0.1', 3], ['1', 4], ['+Inf', 5]]);
  assert.equal(of('ne-1', 'warranted_x1_seconds_count')[0]!.value, 5);
  assert.ok(Math.abs(of('ne-1', 'warranted_x1_seconds_sum')[0]!.value - 3.565) < 1e-9);
  const b2 = of('ne-2', 'warranted_x1_seconds_bucket');
  for (let i = 1; i < b2.length; i++) assert.ok(b2[i]!.value >= b2[i - 1]!.value, 'cumulative');
  assert.equal(b2.at(-1)!.value, 2);
  assert.equal(of('ne-2', 'warranted_x1_seconds_count')[0]!.value, 2);
});

test('names, labels and values are validated with typed errors', () => {
  const r = new MetricsRegistry();
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      assert.ok(e instanceof MetricsError);
      return e.code;
    }
    return 'no error';
  };
  assert.equal(code(() => r.gauge('1bad', 'x')), 'METRICS_BAD_NAME');
  assert.equal(code(() => r.gauge('bad-name', 'x')), 'METRICS_BAD_NAME');
  assert.equal(code(() => r.gauge('ok_name', 'x', ['__reserved'])), 'METRICS_BAD_NAME');
  assert.equal(code(() => r.gauge('ok_name2', 'x', ['a-b'])), 'METRICS_BAD_NAME');
  assert.equal(code(() => r.gauge('ok_name3', 'x', ['a', 'a'])), 'METRICS_BAD_NAME');
  assert.equal(code(() => r.counter('warranted_requests', 'x')), 'METRICS_BAD_NAME', 'counters end in _total');
  assert.equal(code(() => r.histogram('h_seconds', 'x', [1], ['le'])), 'METRICS_BAD_NAME');
  assert.equal(code(() => r.histogram('h2_seconds', 'x', [1, 1])), 'METRICS_BAD_VALUE');
  assert.equal(code(() => r.histogram('h3_seconds', 'x', [1, Infinity])), 'METRICS_BAD_VALUE');
  const c = r.counter('c_total', 'x', ['kind']);
  assert.equal(code(() => r.counter('c_total', 'again')), 'METRICS_DUPLICATE');
  r.histogram('lat_seconds', 'x', [1]);
  assert.equal(code(() => r.gauge('lat_seconds_count', 'x')), 'METRICS_DUPLICATE', 'a histogram owns its _count series');
  assert.equal(code(() => c.inc()), 'METRICS_BAD_LABELS');
  assert.equal(code(() => c.inc({ kind: 'a', extra: 'b' })), 'METRICS_BAD_LABELS');
  assert.equal(code(() => c.inc({ other: 'a' })), 'METRICS_BAD_LABELS');
  assert.equal(code(() => c.inc({ kind: 'a' }, -1)), 'METRICS_BAD_VALUE');
  assert.equal(code(() => c.inc({ kind: 'a' }, NaN)), 'METRICS_BAD_VALUE');
  assert.equal(c.get({ kind: 'a' }), 0, 'refused updates change nothing');
});

test('a gauge callback that throws leaves the other metrics and is reported', () => {
  const r = new MetricsRegistry();
  r.gauge('broken', 'x').collect(() => {
    throw new Error('probe failed');
  });
  r.gauge('fine', 'y').set(1);
  const failed: string[] = [];
  const f = parseExposition(r.render((m) => failed.push(m)));
  assert.deepEqual(failed, ['broken']);
  assert.equal(f.get('broken')!.samples.length, 0);
  assert.equal(f.get('broken')!.type, 'gauge');
  assert.equal(f.get('fine')!.samples[0]!.value, 1);
});

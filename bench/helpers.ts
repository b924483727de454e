/**
 * Shared by the bench scenarios (DESIGN.md: each prints the machine and a ratio against a baseline
 * measured in the same run): the machine line, a throughput loop and the rate/ratio formatting.
 */
import { cpus } from 'node:os';

/** "<cpu model>, <n> cores, node <version>": what every scenario prints after "machine: ". */
export function machine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model ?? 'unknown cpu'}, ${cpu.length} cores, node ${process.version}`;
}

export interface Rate {
  opsPerSec: number;
  bytesPerSec: number;
}

// Every result goes in here, so that the JIT cannot drop an operation whose result is unused.
let sink = 0;

/** The sum of every octet count `measure` has seen: print it (or test it) so no work is dead code. */
export function measuredChecksum(): number {
  return sink;
}

/** Runs `op` in batches until `seconds` have passed (after a short warm-up); op returns octets handled. */
export function measure(op: () => number, seconds: number): Rate {
  const deadline = (s: number): bigint => process.hrtime.bigint() + BigInt(Math.round(s * 1e9));
  for (const end = deadline(0.2); process.hrtime.bigint() < end; ) for (let i = 0; i < 1000; i++) sink += op();
  let ops = 0;
  let bytes = 0;
  const start = process.hrtime.bigint();
  const end = deadline(seconds);
  let now = start;
  while (now < end) {
    for (let i = 0; i < 1000; i++) bytes += op();
    ops += 1000;
    now = process.hrtime.bigint();
  }
  const elapsed = Number(now - start) / 1e9;
  sink += bytes;
  return { opsPerSec: ops / elapsed, bytesPerSec: bytes / elapsed };
}

/** "   1.234 M PDU/s     123.4 MB/s". */
export function formatRate(r: Rate): string {
  return `${(r.opsPerSec / 1e6).toFixed(3).padStart(8)} M PDU/s ${(r.bytesPerSec / 1e6).toFixed(1).padStart(9)} MB/s`;
}

/** One result row: the label padded to `width`, the rate, and its ratio to the baseline's rate. */
export function rateRow(label: string, width: number, r: Rate, baseline: Rate, digits: number): string {
  return `  ${label.padEnd(width)} ${formatRate(r)}   ratio vs copy ${(r.opsPerSec / baseline.opsPerSec).toFixed(digits)}`;
}

// Timing helpers for the benchmark: latency samples, percentiles, time-boxed loops, the result table.
import { performance } from 'node:perf_hooks';

export const now = () => performance.now();

/** Percentile (nearest-rank) of samples in ms. */
export function pct(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}

export interface Latency {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** operations per second over the whole loop (sequential: 1 / mean latency) */
  perSec: number;
}

export function summarize(samples: number[], elapsedMs: number, ops = samples.length): Latency {
  return { n: ops, p50: pct(samples, 50), p95: pct(samples, 95), p99: pct(samples, 99), max: Math.max(...samples), perSec: (ops / elapsedMs) * 1000 };
}

/**
 * Runs `op` sequentially until `count` operations or `budgetMs` elapsed, whichever comes first.
 * Returns per-operation latencies.
 */
export async function sequential(op: (i: number) => Promise<unknown> | unknown, count: number, budgetMs: number): Promise<Latency> {
  const samples: number[] = [];
  const t0 = now();
  const deadline = t0 + budgetMs;
  for (let i = 0; i < count && now() < deadline; i++) {
    const t = now();
    await op(i);
    samples.push(now() - t);
  }
  return summarize(samples, now() - t0);
}

/** Runs `op` from `workers` concurrent loops until `count` operations started or `budgetMs` elapsed. */
export async function concurrent(op: (i: number) => Promise<unknown>, workers: number, count: number, budgetMs: number): Promise<Latency> {
  const samples: number[] = [];
  const t0 = now();
  const deadline = t0 + budgetMs;
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < count && now() < deadline) {
        const i = next++;
        const t = now();
        await op(i);
        samples.push(now() - t);
      }
    }),
  );
  return summarize(samples, now() - t0);
}

export interface Row {
  section: string;
  metric: string;
  measured: string;
  target?: string;
  /** true = PASS, false = MISS, undefined = a figure without a target */
  pass?: boolean;
  note?: string;
}

export const ms = (v: number) => (Number.isFinite(v) ? (v < 1 ? `${v.toFixed(3)} ms` : v < 100 ? `${v.toFixed(2)} ms` : `${v.toFixed(0)} ms`) : 'n/a');
export const rate = (v: number, unit = '/s') => (Number.isFinite(v) ? `${Math.round(v).toLocaleString('en-US')}${unit}` : 'n/a');
export const ratio = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 2 : 1)}×` : 'n/a');

export function printTable(rows: Row[], out: (s: string) => void = console.log) {
  const cols = [
    { h: 'section', get: (r: Row) => r.section },
    { h: 'metric', get: (r: Row) => r.metric },
    { h: 'measured', get: (r: Row) => r.measured },
    { h: 'target', get: (r: Row) => r.target ?? '' },
    { h: 'result', get: (r: Row) => (r.pass === undefined ? '' : r.pass ? 'PASS' : 'MISS') },
  ];
  const w = cols.map((c) => Math.max(c.h.length, ...rows.map((r) => c.get(r).length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(w[i])).join(' | ') + ' |';
  out(line(cols.map((c) => c.h)));
  out('|' + w.map((n) => '-'.repeat(n + 2)).join('|') + '|');
  for (const r of rows) out(line(cols.map((c) => c.get(r))));
  const notes = rows.filter((r) => r.note);
  if (notes.length) {
    out('');
    for (const r of notes) out(`  * ${r.section} / ${r.metric}: ${r.note}`);
  }
}

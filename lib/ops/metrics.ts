// Prometheus metrics (prom-client), served by the lean server at GET /api/metrics (lib/ops/routes.ts).
// One registry per process, on globalThis: the lean server's bundle and Next's route bundles (webhook worker,
// console-side usage import) all count into the same metrics.
//
//   keycap_dataplane_request_duration_seconds{route,method,status}  histogram (its _count: requests)
//   keycap_refusals_total{code,status}                             402/429 refusals by error code
//   keycap_spend_usd_total{workspace}                               spend recorded (USD; replays not counted)
//   keycap_usage_batch_size                                         events per usage transaction (group commit)
//   keycap_webhook_deliveries_pending                               outbox backlog, read from the database on scrape
//   keycap_webhook_delivery_attempts_total{result}                 delivered / failed attempts
//   process_* and nodejs_*                                          prom-client's default metrics
//
// Per request: a Map lookup and an array increment (FastHistogram), well under a microsecond.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { read } from '../store/tx';
import { one } from '../store/sql';
import { log } from './log';

type Inc = { inc(v?: number): void };

/**
 * A labelled histogram for the per-request path: prom-client re-hashes a child's labels on every observe
 * (about 4 µs here); this keeps plain arrays per label set (tens of ns) and renders them in prom-client's
 * format when the registry is scraped.
 */
class FastHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private series = new Map<string, { labels: Record<string, string>; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: number[],
  ) {}
  observe(key: string, labels: () => Record<string, string>, v: number) {
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { labels: labels(), counts: new Array(this.bounds.length).fill(0), sum: 0, count: 0 }));
    const b = this.bounds;
    for (let i = 0; i < b.length; i++) if (v <= b[i]) {
      s.counts[i]++;
      break;
    }
    s.sum += v;
    s.count++;
  }
  get() {
    const values: { metricName: string; labels: Record<string, string | number>; value: number }[] = [];
    for (const s of this.series.values()) {
      let acc = 0;
      this.bounds.forEach((le, i) => {
        acc += s.counts[i];
        values.push({ metricName: `${this.name}_bucket`, labels: { ...s.labels, le }, value: acc });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { ...s.labels, le: '+Inf' }, value: s.count });
      values.push({ metricName: `${this.name}_sum`, labels: s.labels, value: s.sum });
      values.push({ metricName: `${this.name}_count`, labels: s.labels, value: s.count });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
  reset() {
    this.series.clear();
  }
}

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new FastHistogram(
    'keycap_dataplane_request_duration_seconds',
    'Data-plane requests answered by the lean server, by route, method and status: time to the last byte.',
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  );
  registry.registerMetric(requests as unknown as Parameters<Registry['registerMetric']>[0]);
  const refusals = new Counter({
    name: 'keycap_refusals_total',
    help: 'Requests refused with 402 (spend limit, budget, balance) or 429, by error code.',
    labelNames: ['code', 'status'] as const,
    registers: [registry],
  });
  const spend = new Counter({
    name: 'keycap_spend_usd_total',
    help: 'Spend recorded in the usage ledger by this process, in USD, by workspace id.',
    labelNames: ['workspace'] as const,
    registers: [registry],
  });
  const batch = new Histogram({
    name: 'keycap_usage_batch_size',
    help: 'Usage events written per transaction (1: the single path; more: group commit).',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [registry],
  });
  const webhookAttempts = new Counter({
    name: 'keycap_webhook_delivery_attempts_total',
    help: 'Webhook delivery attempts made by this process, by result (delivered, failed).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'keycap_webhook_deliveries_pending',
    help: 'Webhook deliveries waiting to be sent or retried (the outbox backlog, all workspaces).',
    registers: [registry],
    async collect() {
      try {
        this.set(await pendingDeliveries());
      } catch (e) {
        log.warn({ err: e }, 'metrics: could not count pending webhook deliveries');
      }
    },
  });
  return { registry, requests, refusals, spend, batch, webhookAttempts, children: new Map<string, Inc>() };
}

type Metrics = ReturnType<typeof create>;
const g = globalThis as typeof globalThis & { __keycapMetrics?: Metrics };
const m: Metrics = (g.__keycapMetrics ??= create());

export const metricsRegistry = m.registry;

/** The child of a labelled counter, cached. */
function child<T extends Inc>(key: string, make: () => T): T {
  let c = m.children.get(key) as T | undefined;
  if (!c) m.children.set(key, (c = make()));
  return c;
}

/** One data-plane request, `seconds` to its last byte. `route` is one of the lean server's fixed paths. */
export function observeRequest(route: string, method: string, status: number, seconds: number) {
  m.requests.observe(`${route} ${method} ${status}`, () => ({ route, method, status: String(status) }), seconds);
}

/** A refusal (402/429) with its envelope code. */
export function countRefusal(code: string, status: number) {
  child(`x\0${code}\0${status}`, () => m.refusals.labels(code, String(status))).inc();
}

/** A usage transaction committed: its size, and the spend of the events it recorded (replays excluded). */
export function usageCommitted(workspaceId: string, charged: readonly { replay: boolean; event: { amountNano: bigint } }[]) {
  try {
    m.batch.observe(charged.length);
    let nano = 0n;
    for (const c of charged) if (!c.replay) nano += c.event.amountNano;
    if (nano > 0n) child(`s\0${workspaceId}`, () => m.spend.labels(workspaceId)).inc(Number(nano) / 1e9);
  } catch {
    // Called after COMMIT on the money path: a metrics problem must never look like a failed settle.
  }
}

/** One webhook delivery attempt. */
export function webhookAttempt(ok: boolean) {
  m.webhookAttempts.labels(ok ? 'delivered' : 'failed').inc();
}

const SCRAPE_DB_TIMEOUT_MS = 2000;
async function pendingDeliveries(): Promise<number> {
  const q = read(one<{ n: unknown }>(`SELECT COUNT(*) AS "n" FROM "WebhookDelivery" WHERE "status" = 'PENDING'`));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${SCRAPE_DB_TIMEOUT_MS} ms`)), SCRAPE_DB_TIMEOUT_MS);
  });
  try {
    const row = await Promise.race([q, timeout]);
    return Number(row?.n ?? 0);
  } finally {
    clearTimeout(timer);
  }
}

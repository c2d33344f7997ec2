// Operations endpoints, answered by the lean server (lib/dataplane/server.ts) before Next:
//   GET /api/health   the process is up: 200 {"status":"ok"}
//   GET /api/ready    the database answers and every shipped migration is applied: 200, else 503
//                     {"status":"unavailable","reason":"…"} (load balancers: route traffic on this one)
//   GET /api/metrics  Prometheus text; with METRICS_TOKEN set, `Authorization: Bearer <token>` is required
import { createHash, timingSafeEqual } from 'node:crypto';
import { metricsToken } from '../config';
import { json, type DpResponse } from '../dataplane/http';
import { log } from './log';
import { metricsRegistry } from './metrics';
import { readiness } from './ready';

type OpsHandler = (header: (name: string) => string | undefined) => Promise<DpResponse>;

const NO_STORE = { 'cache-control': 'no-store' };

const health: OpsHandler = async () => json({ status: 'ok' }, 200, NO_STORE);

let wasReady: boolean | null = null;
const ready: OpsHandler = async () => {
  const r = await readiness();
  // Probes come every few seconds: log the changes, not every answer.
  if (r.ok !== wasReady) {
    if (r.ok) log.info({ migrations: r.migrations }, 'ready');
    else log.warn({ reason: r.reason }, 'not ready');
    wasReady = r.ok;
  }
  return r.ok ? json({ status: 'ok', migrations: r.migrations }, 200, NO_STORE) : json({ status: 'unavailable', reason: r.reason }, 503, NO_STORE);
};

const digest = (s: string) => createHash('sha256').update(s).digest();
const metrics: OpsHandler = async (header) => {
  const token = metricsToken();
  if (token) {
    const given = header('authorization') ?? '';
    if (!timingSafeEqual(digest(given), digest(`Bearer ${token}`)))
      return json({ error: { type: 'authentication_error', code: 'invalid_metrics_token', message: 'GET /api/metrics needs Authorization: Bearer <METRICS_TOKEN>.', param: null } }, 401, {
        'www-authenticate': 'Bearer realm="metrics"',
        ...NO_STORE,
      });
  }
  return { status: 200, headers: { 'content-type': metricsRegistry.contentType, ...NO_STORE }, body: await metricsRegistry.metrics() };
};

/** path -> handler (GET and HEAD only). */
export const opsRoutes: Record<string, OpsHandler> = {
  '/api/health': health,
  '/api/ready': ready,
  '/api/metrics': metrics,
};

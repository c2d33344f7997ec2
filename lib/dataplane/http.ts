// The data plane's request/response shapes: small, transport-neutral. The lean node:http server
// (server.ts) and the Next route shims (web.ts) adapt them; handlers never see either framework.
import { AppError, isAppError } from '../errors';
import { parseJsonText } from './body';
import { retryHeaders } from '../metering/limits';
import { publicOrigin } from '../origin';
import { countRefusal } from '../ops/metrics';
import { log, type ReqCtx } from '../ops/log';

export interface DpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  header(name: string): string | undefined;
  /** The raw body, already read within the size limit. */
  body: Buffer;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  params: Record<string, string>;
  /** The request id and, once the key is known, its workspace and id: for log lines (set by the lean server). */
  ctx?: ReqCtx;
}

export interface DpResponse {
  status: number;
  headers: Record<string, string>;
  /** A complete body, or a stream of chunks (SSE). */
  body: string | AsyncIterable<string>;
}

const bigintSafe = (_k: string, v: unknown) => (typeof v === 'bigint' ? Number(v) : v);

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): DpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body, bigintSafe) };
}

export const jsonBody = (req: DpRequest): unknown => parseJsonText(req.body.toString('utf8'));

/** Where the console is, for the links in refusals: APP_URL, else the origin this request came to. */
export const consoleOrigin = (req: DpRequest): string | undefined => publicOrigin({ get: (n) => req.header(n) ?? null }) ?? undefined;

export function errorResponse(e: unknown, ctx?: ReqCtx): DpResponse {
  if (isAppError(e)) {
    if (e.status === 402 || e.status === 429) countRefusal(e.code, e.status);
    return json(e.toBody(), e.status, e.status === 429 ? retryHeaders(e.details) : {});
  }
  log.error({ err: e, ...ctx }, 'unexpected error');
  return json({ error: { type: 'api_error', code: 'internal_error', message: 'Internal error. Please retry; if it persists, contact the workspace owner.', param: null } }, 500);
}

export { AppError };

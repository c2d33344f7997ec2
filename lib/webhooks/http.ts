// One HTTP attempt: POST with a 5 s overall timeout, redirects never followed (a 3xx is a failure),
// connections only to public addresses (checked at connect time by the guarded lookup), and at most
// 1 KB of the response body kept for the delivery log.
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { allowPrivateWebhookUrls } from '../config';
import { addressProblem, guardedLookup, parseWebhookUrl, systemResolver, type Resolver } from './ssrf';

export const EXCERPT_BYTES = 1024;
export const DEFAULT_TIMEOUT_MS = 5000;

export interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseExcerpt: string | null;
}

export interface PostOptions {
  timeoutMs?: number;
  resolve?: Resolver;
}

export async function postWebhook(rawUrl: string, headers: Record<string, string>, body: string, opts: PostOptions = {}): Promise<AttemptResult> {
  const started = performance.now();
  const done = (r: Omit<AttemptResult, 'durationMs'>): AttemptResult => ({ ...r, durationMs: Math.round(performance.now() - started) });
  let url: URL;
  try {
    url = parseWebhookUrl(rawUrl);
  } catch (e) {
    return done({ ok: false, statusCode: null, error: (e as Error).message, responseExcerpt: null });
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // An IP literal never goes through `lookup`, so it is checked here.
  const problem = isIP(host) && !allowPrivateWebhookUrls() ? addressProblem(host) : null;
  if (problem) return done({ ok: false, statusCode: null, error: `Refused: ${problem}.`, responseExcerpt: null });

  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise<AttemptResult>((resolve) => {
    let settled = false;
    const finish = (r: Omit<AttemptResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(r));
    };
    const req = mod.request(
      url,
      {
        method: 'POST',
        agent: false,
        lookup: guardedLookup(opts.resolve ?? systemResolver) as unknown as typeof import('node:dns').lookup,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Keycap-Webhooks/1.0',
          ...headers,
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        const complete = () => {
          const excerpt = size ? Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8') : null;
          const ok = status >= 200 && status < 300;
          let error: string | null = null;
          if (status >= 300 && status < 400)
            error = `Redirect (${status}${res.headers.location ? ` to ${String(res.headers.location).slice(0, 200)}` : ''}) not followed: webhooks must answer 2xx at the configured URL.`;
          else if (!ok) error = `HTTP ${status}`;
          finish({ ok, statusCode: status, error, responseExcerpt: excerpt });
        };
        res.on('data', (c: Buffer) => {
          if (size < EXCERPT_BYTES) chunks.push(c);
          size += c.length;
          if (size >= EXCERPT_BYTES) {
            complete();
            res.destroy();
          }
        });
        res.on('end', complete);
        res.on('error', complete);
        res.on('close', complete);
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, statusCode: null, error: `Timed out after ${timeoutMs} ms`, responseExcerpt: null });
      req.destroy();
    }, timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => finish({ ok: false, statusCode: null, error: e.code === 'EPRIVATEADDRESS' ? `Refused: ${e.message}` : `${e.code ?? 'Error'}: ${e.message}`, responseExcerpt: null }));
    req.end(body);
  });
}

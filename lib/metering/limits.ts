// Limits beyond dollars, checked at admission: a model allowlist per key (glob patterns) and rate limits
// per key — requests and tokens per UTC minute, the key's own or the workspace default. Refusals name
// the limit, its value and the fix; successful responses carry OpenAI's x-ratelimit-* headers so the
// `openai` SDK's retry logic works.
import { AppError } from '../errors';
import { appUrl } from '../config';
import type { KeyRow, WorkspaceRow } from '../store/rows';

export interface Rates {
  rpm: number | null;
  tpm: number | null;
}
export const ratesOf = (key: Pick<KeyRow, 'rateLimitRpm' | 'rateLimitTpm'>, ws: Pick<WorkspaceRow, 'defaultRateLimitRpm' | 'defaultRateLimitTpm'>): Rates => ({
  rpm: key.rateLimitRpm ?? ws.defaultRateLimitRpm ?? null,
  tpm: key.rateLimitTpm ?? ws.defaultRateLimitTpm ?? null,
});
export const hasLimits = (key: Pick<KeyRow, 'rateLimitRpm' | 'rateLimitTpm' | 'allowedModels'>, ws: Pick<WorkspaceRow, 'defaultRateLimitRpm' | 'defaultRateLimitTpm'>) => {
  const r = ratesOf(key, ws);
  return r.rpm !== null || r.tpm !== null || !!key.allowedModels;
};

export const minuteStart = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000);

/** What a successful response says about the rate limits (null limits: nothing). */
export interface RateInfo {
  rpm: number | null;
  requestsUsed: number;
  tpm: number | null;
  tokensUsed: number;
  resetsAt: Date;
}

export function rateHeaders(r: RateInfo | undefined, now = Date.now()): Record<string, string> {
  if (!r) return {};
  const reset = `${Math.max(0, Math.ceil((r.resetsAt.getTime() - now) / 1000))}s`;
  const h: Record<string, string> = {};
  if (r.rpm !== null) {
    h['x-ratelimit-limit-requests'] = String(r.rpm);
    h['x-ratelimit-remaining-requests'] = String(Math.max(0, r.rpm - r.requestsUsed));
    h['x-ratelimit-reset-requests'] = reset;
  }
  if (r.tpm !== null) {
    h['x-ratelimit-limit-tokens'] = String(r.tpm);
    h['x-ratelimit-remaining-tokens'] = String(Math.max(0, r.tpm - r.tokensUsed));
    h['x-ratelimit-reset-tokens'] = reset;
  }
  return h;
}

/** The headers of a 429 (any AppError with retryAfterSeconds): retry-after, and OpenAI's x-ratelimit-* for the limit that refused. */
export function retryHeaders(details: Record<string, unknown>): Record<string, string> {
  const secs = Number(details.retryAfterSeconds ?? 1);
  const h: Record<string, string> = { 'retry-after': String(secs) };
  const kind = details.limit === 'requests_per_minute' ? 'requests' : details.limit === 'tokens_per_minute' ? 'tokens' : null;
  if (kind && typeof details.limitValue === 'number') {
    h[`x-ratelimit-limit-${kind}`] = String(details.limitValue);
    h[`x-ratelimit-remaining-${kind}`] = '0';
    h[`x-ratelimit-reset-${kind}`] = `${secs}s`;
  }
  return h;
}

export function rateLimited(key: Pick<KeyRow, 'id' | 'name'>, slug: string, which: 'requests' | 'tokens', limit: number, resetsAt: Date, now = Date.now(), origin: string = appUrl()): AppError {
  const secs = Math.max(1, Math.ceil((resetsAt.getTime() - now) / 1000));
  const what = which === 'requests' ? `${limit.toLocaleString('en-US')} requests per minute` : `${limit.toLocaleString('en-US')} tokens per minute`;
  const e = new AppError(
    429,
    'rate_limit_error',
    'key_rate_limit_exceeded',
    `API key "${key.name}" reached its rate limit of ${what}. Retry after ${secs} s (the window resets at ${resetsAt.toISOString()}), or raise the limit under Keys → ${key.name}.`,
    null,
    { scope: 'api_key', apiKeyId: key.id, limit: which === 'requests' ? 'requests_per_minute' : 'tokens_per_minute', limitValue: limit, resetsAt: resetsAt.toISOString(), retryAfterSeconds: secs, fixUrl: `${origin}/w/${slug}/keys/${key.id}` },
  );
  return e;
}

/** The allowlist patterns of a key (null: every priced model). */
export function allowedModels(key: Pick<KeyRow, 'allowedModels'>): string[] | null {
  if (!key.allowedModels) return null;
  try {
    const v = JSON.parse(key.allowedModels) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null;
  } catch {
    return null;
  }
}

const globRe = (p: string) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
export const modelMatches = (patterns: string[], model: string) => patterns.some((p) => globRe(p).test(model));

/** 403 model_not_allowed (or 400 when the model is unknown to the request), naming the key and the allowed models. */
export function checkModel(key: Pick<KeyRow, 'id' | 'name' | 'allowedModels'>, slug: string, model: string | null, origin: string = appUrl()) {
  const patterns = allowedModels(key);
  if (!patterns) return;
  const list = patterns.length ? patterns.map((p) => `"${p}"`).join(', ') : 'none';
  if (model === null)
    throw new AppError(400, 'invalid_request_error', 'model_required', `API key "${key.name}" may only call some models (${list}): name the model of the request.`, 'model', { allowedModels: patterns });
  if (!modelMatches(patterns, model))
    throw new AppError(
      403,
      'permission_error',
      'model_not_allowed',
      `API key "${key.name}" may not call model "${model}"; it is allowed ${list}. Use one of those, or change the key's allowed models under Keys → ${key.name}.`,
      'model',
      { apiKeyId: key.id, allowedModels: patterns, fixUrl: `${origin}/w/${slug}/keys/${key.id}` },
    );
}

// Runtime configuration: every environment variable Keycap reads, parsed by ONE zod schema (below), with
// defaults that need no setup. A bad value is an error naming the variable and the reason
// (`KEY_CACHE_TTL_MS must be a number ≥ 0 (got "abc")`), never a silent NaN.
//
//   - validateConfig() parses the whole environment at once; the lean server (lib/dataplane/main.ts),
//     instrumentation.ts and the CLI call it at start and exit with that one line.
//   - The accessors (maxBodyBytes(), upstreamBaseUrl()…) read their variable when called, parsed once per
//     distinct value (memoized on the raw text), so tests may change the environment at run time and a hot
//     path call costs a Map lookup.
//   - Nothing here throws at import: `provider` falls back to sqlite for an invalid DB_PROVIDER, and
//     databaseUrl() (which every database connection calls first) refuses it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

/** A configuration problem; `variable` names the (first) environment variable at fault. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

// ---- field types --------------------------------------------------------------------------------------
const blank = (raw: string | undefined): raw is undefined => raw === undefined || raw.trim() === '';
const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function num(def: number, o: { min?: number; max?: number; int?: boolean } = {}) {
  const min = o.min ?? 0;
  const what = `${o.int ? 'an integer' : 'a number'} ≥ ${min}${o.max !== undefined ? ` and ≤ ${o.max}` : ''}`;
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (blank(raw)) return def;
      const n = Number(raw.trim());
      if (!Number.isFinite(n) || (o.int && !Number.isInteger(n)) || n < min || (o.max !== undefined && n > o.max)) {
        ctx.addIssue({ code: 'custom', message: `must be ${what}` });
        return z.NEVER;
      }
      return n;
    });
}

function bool(def: boolean) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (blank(raw)) return def;
      const v = raw.trim().toLowerCase();
      if (TRUE.has(v)) return true;
      if (FALSE.has(v)) return false;
      ctx.addIssue({ code: 'custom', message: 'must be true or false' });
      return z.NEVER;
    });
}

/** Optional text (blank = unset). */
const text = () =>
  z
    .string()
    .optional()
    .transform((raw) => (blank(raw) ? undefined : raw.trim()));
const textOr = (def: string) =>
  z
    .string()
    .optional()
    .transform((raw) => (blank(raw) ? def : raw.trim()));

function oneOf<T extends string>(values: readonly T[], def: T) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (blank(raw)) return def;
      const v = raw.trim() as T;
      if (values.includes(v)) return v;
      ctx.addIssue({ code: 'custom', message: `must be one of ${values.join(', ')}` });
      return z.NEVER;
    });
}

/** An absolute http(s) URL, without its trailing slash. */
function httpUrl() {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (blank(raw)) return undefined;
      const v = raw.trim();
      let u: URL | null = null;
      try {
        u = new URL(v);
      } catch {
        /* reported below */
      }
      if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) {
        ctx.addIssue({ code: 'custom', message: 'must be an http:// or https:// URL' });
        return z.NEVER;
      }
      return v.replace(/\/$/, '');
    });
}

/** TRUST_PROXY: how many proxies in front of Keycap append to X-Forwarded-For (0-20; true = 1, false = 0). */
const proxies = () =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (blank(raw)) return 0;
      const v = raw.trim().toLowerCase();
      if (FALSE.has(v)) return 0;
      if (TRUE.has(v)) return 1;
      const n = Number(v);
      if (Number.isInteger(n) && n >= 0 && n <= 20) return n;
      ctx.addIssue({ code: 'custom', message: 'must be a number of proxies (0-20), true or false' });
      return z.NEVER;
    });

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// ---- the schema: every variable, its type and default -------------------------------------------------
const schema = {
  NODE_ENV: text(),
  // server
  PORT: num(3000, { int: true, min: 1, max: 65535 }),
  HOST: textOr('0.0.0.0'),
  KEYCAP_ROOT: text(),
  APP_URL: httpUrl(),
  AUTH_URL: httpUrl(),
  TRUST_PROXY: proxies(),
  // database
  DB_PROVIDER: oneOf(['sqlite', 'postgresql'] as const, 'sqlite'),
  DATABASE_URL: text(),
  DB_POOL_SIZE: num(10, { int: true, min: 1, max: 1000 }),
  KEYCAP_DATA_DIR: textOr('data'),
  // auth
  AUTH_SECRET: text(),
  AUTH_TRUST_HOST: bool(false),
  KEYCAP_DEMO: bool(true),
  AUTH_GITHUB_ID: text(),
  AUTH_GITHUB_SECRET: text(),
  AUTH_GOOGLE_ID: text(),
  AUTH_GOOGLE_SECRET: text(),
  LOGIN_MAX_FAILURES: num(5, { int: true, min: 1 }),
  LOGIN_SLOW_MS: num(2000, { int: true, min: 0 }),
  KEYCAP_SCRYPT_N: num(131072, { int: true, min: 16384 }).refine((n) => (n & (n - 1)) === 0, { message: 'must be a power of 2 (e.g. 16384 or 131072)' }),
  // gateway and gate
  UPSTREAM_BASE_URL: httpUrl(),
  UPSTREAM_API_KEY: text(),
  UPSTREAM_TIMEOUT_MS: num(120_000, { min: 1 }),
  ECHO_STREAM_DELAY_MS: num(0, { min: 0 }),
  RESERVATION_TTL_SECONDS: num(600, { min: 1 }),
  RESERVATION_RETENTION_DAYS: num(30, { min: 0 }),
  KEYCAP_PG_ONE_STATEMENT_ADMIT: bool(true),
  KEYCAP_SQLITE_CHECKPOINTER: bool(true),
  KEYCAP_DEFAULT_KEY_LIMIT_USD: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (blank(raw)) return undefined;
      const v = raw.trim();
      if (v === 'none' || (/^\d+(\.\d+)?$/.test(v) && Number(v) > 0)) return v;
      ctx.addIssue({ code: 'custom', message: 'must be an amount above 0 (e.g. 25) or "none"' });
      return z.NEVER;
    }),
  KEYCAP_DEFAULT_KEY_LIMIT_PERIOD: oneOf(['daily', 'weekly', 'monthly', 'total'] as const, 'monthly'),
  KEY_CACHE_TTL_MS: num(2000, { min: 0 }),
  KEYCAP_GROUP_COMMIT: bool(true),
  KEYCAP_SETTLE_MAX_MULTIPLE: num(2, { min: 1 }),
  KEYCAP_SETTLE_MIN_SLACK_USD: num(0.01, { min: 0 }),
  KEYCAP_MAX_BODY_BYTES: num(1_048_576, { int: true, min: 1 }),
  KEYCAP_MAX_JSON_DEPTH: num(64, { int: true, min: 1 }),
  ANALYTICS_CACHE_TTL_MS: num(30_000, { min: 0 }),
  // webhooks
  WEBHOOK_ALLOW_PRIVATE_URLS: bool(false),
  WEBHOOK_WORKER_INTERVAL_MS: num(1000, { int: true, min: 10 }),
  WEBHOOK_RETENTION_DAYS: num(90, { min: 0 }),
  ALERT_SWEEP_INTERVAL_MS: num(30_000, { int: true, min: 1000 }),
  KEYCAP_DISABLE_INPROCESS_WORKER: bool(false),
  // operations
  LOG_LEVEL: oneOf(LOG_LEVELS, 'info'),
  LOG_PRETTY: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (blank(raw)) return undefined; // auto: pretty when not production and stdout is a terminal
      const v = raw.trim().toLowerCase();
      if (TRUE.has(v)) return true;
      if (FALSE.has(v)) return false;
      ctx.addIssue({ code: 'custom', message: 'must be true or false' });
      return z.NEVER;
    }),
  LOG_ACCESS: bool(false),
  METRICS_TOKEN: text(),
};

type Schema = typeof schema;
export type ConfigName = keyof Schema;
export type Config = { [K in ConfigName]: z.output<Schema[K]> };

/** Values never echoed in an error message. */
const SECRET = new Set<string>(['AUTH_SECRET', 'AUTH_GITHUB_SECRET', 'AUTH_GOOGLE_SECRET', 'UPSTREAM_API_KEY', 'METRICS_TOKEN', 'DATABASE_URL']);

function parseOne<K extends ConfigName>(name: K, raw: string | undefined): Config[K] {
  const r = schema[name].safeParse(raw);
  if (r.success) return r.data as Config[K];
  const reason = r.error.issues[0]?.message ?? 'is invalid';
  throw new ConfigError(name, `${name} ${reason}${SECRET.has(name) ? '' : ` (got "${raw}")`}`);
}

const memo = new Map<string, { raw: string | undefined; value: unknown }>();

/** One variable, parsed (memoized on its raw text, so changing process.env at run time is seen). */
export function env<K extends ConfigName>(name: K): Config[K] {
  const raw = process.env[name];
  const m = memo.get(name);
  if (m !== undefined && m.raw === raw) return m.value as Config[K];
  const value = parseOne(name, raw);
  memo.set(name, { raw, value });
  return value;
}

/**
 * Parses the whole environment; throws one ConfigError listing every problem in one line
 * (`invalid configuration: DB_POOL_SIZE must be an integer ≥ 1 (got "0"); …`).
 */
export function validateConfig(source: Record<string, string | undefined> = process.env): Config {
  const out = {} as Record<string, unknown>;
  const problems: string[] = [];
  let first: string | undefined;
  const fail = (name: string, msg: string) => {
    problems.push(msg);
    first ??= name;
  };
  for (const name of Object.keys(schema) as ConfigName[]) {
    try {
      out[name] = parseOne(name, source[name]);
    } catch (e) {
      fail(name, (e as Error).message);
    }
  }
  const c = out as Config;
  if (c.DB_PROVIDER === 'postgresql') {
    if (!c.DATABASE_URL) fail('DATABASE_URL', 'DATABASE_URL is required when DB_PROVIDER=postgresql (e.g. postgresql://user:pass@host:5432/keycap)');
    else if (!/^postgres(ql)?:\/\//.test(c.DATABASE_URL)) fail('DATABASE_URL', 'DATABASE_URL must be a postgresql:// URL when DB_PROVIDER=postgresql');
  } else if (c.DB_PROVIDER === 'sqlite' && c.DATABASE_URL && /^postgres(ql)?:\/\//.test(c.DATABASE_URL)) {
    fail('DB_PROVIDER', 'DATABASE_URL is a PostgreSQL URL but DB_PROVIDER is sqlite: set DB_PROVIDER=postgresql');
  }
  if (c.AUTH_SECRET !== undefined && c.AUTH_SECRET.length < 16) fail('AUTH_SECRET', 'AUTH_SECRET must be at least 16 characters (e.g. `openssl rand -base64 32`)');
  for (const p of ['GITHUB', 'GOOGLE'] as const) {
    const id = c[`AUTH_${p}_ID`];
    const secret = c[`AUTH_${p}_SECRET`];
    if (id && !secret) fail(`AUTH_${p}_SECRET`, `AUTH_${p}_SECRET is required when AUTH_${p}_ID is set`);
    if (secret && !id) fail(`AUTH_${p}_ID`, `AUTH_${p}_ID is required when AUTH_${p}_SECRET is set`);
  }
  if (first !== undefined) throw new ConfigError(first, `invalid configuration: ${problems.join('; ')}`);
  return c;
}

// ---- database -----------------------------------------------------------------------------------------
const providerAtLoad = schema.DB_PROVIDER.safeParse(process.env.DB_PROVIDER);
/** The database kind, fixed at load (an invalid DB_PROVIDER is refused by databaseUrl() and validateConfig()). */
export const provider: 'sqlite' | 'postgresql' = providerAtLoad.success ? providerAtLoad.data : 'sqlite';
export const dataDir = path.resolve(/*turbopackIgnore: true*/ env('KEYCAP_DATA_DIR'));

export function databaseUrl(): string {
  env('DB_PROVIDER'); // throws, naming it, when invalid: never open a database we were not asked for
  const url = env('DATABASE_URL');
  if (url) return url;
  if (provider === 'postgresql') throw new ConfigError('DATABASE_URL', 'DB_PROVIDER=postgresql needs DATABASE_URL');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 }); // holds the database, AUTH_SECRET and demo credentials: owner only
  return `file:${path.join(dataDir, 'keycap.db')}`;
}
/** PostgreSQL connections per instance (each of the two pools: Prisma's and the data plane's). */
export const dbPoolSize = () => env('DB_POOL_SIZE');

// ---- auth ---------------------------------------------------------------------------------------------
/** AUTH_SECRET from the environment, or generated once and kept in the data directory. */
export function authSecret(): string {
  const set = env('AUTH_SECRET');
  if (set) return set;
  const file = path.join(dataDir, 'auth-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  const secret = readFileSync(file, 'utf8').trim();
  process.env.AUTH_SECRET = secret;
  return secret;
}
export const githubOAuthEnabled = () => !!env('AUTH_GITHUB_ID');
export const googleOAuthEnabled = () => !!env('AUTH_GOOGLE_ID');
/** Sign-in throttling (lib/auth/throttle.ts). */
export const loginMaxFailures = () => env('LOGIN_MAX_FAILURES');
export const loginSlowMs = () => env('LOGIN_SLOW_MS');
/** scrypt cost for new password hashes (tests lower it; never below 2^14). */
export const scryptN = () => env('KEYCAP_SCRYPT_N');
/** Proxies trusted to append to X-Forwarded-For / set X-Forwarded-Proto (0: none). */
export const trustProxy = () => env('TRUST_PROXY');

// ---- URLs and the upstream ----------------------------------------------------------------------------
export const appUrl = () => env('APP_URL') ?? env('AUTH_URL') ?? 'http://localhost:3000';
export const upstreamBaseUrl = () => env('UPSTREAM_BASE_URL') ?? null;
export const upstreamApiKey = () => env('UPSTREAM_API_KEY') ?? '';
/** How long the gateway waits for the upstream (headers, and between stream chunks) before a 504. */
export const upstreamTimeoutMs = () => env('UPSTREAM_TIMEOUT_MS');
/** keycap-echo: pause between streamed words (demos, tests of disconnects). */
export const echoStreamDelayMs = () => env('ECHO_STREAM_DELAY_MS');

// ---- the gate -----------------------------------------------------------------------------------------
/** How long an unsettled reservation holds its estimate before it expires. */
export const reservationTtlMs = () => env('RESERVATION_TTL_SECONDS') * 1000;
/** Closed reservations older than this many days are deleted (0 keeps them). */
export const reservationRetentionDays = () => env('RESERVATION_RETENTION_DAYS');
/** KEY_CACHE_TTL_MS (default 2000): how long the hot path trusts a key, price or workspace row. */
export const hotCacheTtlMs = () => env('KEY_CACHE_TTL_MS');
/** Group commit of concurrent live usage per workspace (lib/metering/record.ts). */
export const groupCommitEnabled = () => env('KEYCAP_GROUP_COMMIT');
/** A settle against a reservation may cost at most max(estimate × this, estimate + KEYCAP_SETTLE_MIN_SLACK_USD). */
export const settleMaxMultiple = () => env('KEYCAP_SETTLE_MAX_MULTIPLE');
export const settleMinSlackNano = () => BigInt(Math.round(env('KEYCAP_SETTLE_MIN_SLACK_USD') * 1e6)) * 1000n;
/** Largest /api/v1 request body in bytes (413 beyond it), and the deepest JSON nesting accepted (400 beyond). */
export const maxBodyBytes = () => env('KEYCAP_MAX_BODY_BYTES');
export const maxJsonDepth = () => env('KEYCAP_MAX_JSON_DEPTH');
/** In-process cache of usage analytics (lib/billing/cache.ts); 0 disables it. */
export const analyticsCacheTtlMs = () => env('ANALYTICS_CACHE_TTL_MS');

// ---- webhooks -----------------------------------------------------------------------------------------
export const allowPrivateWebhookUrls = () => env('WEBHOOK_ALLOW_PRIVATE_URLS');
export const webhookWorkerIntervalMs = () => env('WEBHOOK_WORKER_INTERVAL_MS');
/** Days of webhook log to keep (default 90); 0 keeps everything. */
export const webhookRetentionDays = () => env('WEBHOOK_RETENTION_DAYS');
export const inprocessWorkerDisabled = () => env('KEYCAP_DISABLE_INPROCESS_WORKER');
/** How often the worker resolves alerts a window reset made moot and sends due forecasts (default 30 s). */
export const alertSweepIntervalMs = () => env('ALERT_SWEEP_INTERVAL_MS');

// ---- operations ---------------------------------------------------------------------------------------
export const logLevel = () => env('LOG_LEVEL');
/** Pretty (human) logs: LOG_PRETTY, else when not in production and stdout is a terminal (`npm run dev`). */
export const logPretty = () => env('LOG_PRETTY') ?? (env('NODE_ENV') !== 'production' && !!process.stdout?.isTTY);
/** One `info` line per data-plane request (off by default: the hot path logs only warnings and errors). */
export const logAccess = () => env('LOG_ACCESS');
/** When set, GET /api/metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
export const metricsToken = () => env('METRICS_TOKEN');
export const serverPort = () => env('PORT');
export const serverHost = () => env('HOST');

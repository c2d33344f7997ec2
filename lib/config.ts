// Runtime configuration from the environment, with defaults that need no setup.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export const provider: 'sqlite' | 'postgresql' = process.env.DB_PROVIDER === 'postgresql' ? 'postgresql' : 'sqlite';
export const dataDir = path.resolve(/*turbopackIgnore: true*/ process.env.KEYCAP_DATA_DIR ?? 'data');

export function databaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  if (provider === 'postgresql') throw new Error('DB_PROVIDER=postgresql needs DATABASE_URL');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 }); // holds the database, AUTH_SECRET and demo credentials: owner only
  return `file:${path.join(dataDir, 'keycap.db')}`;
}

/** AUTH_SECRET from the environment, or generated once and kept in the data directory. */
export function authSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(dataDir, 'auth-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  const secret = readFileSync(file, 'utf8').trim();
  process.env.AUTH_SECRET = secret;
  return secret;
}

export const appUrl = () => (process.env.APP_URL ?? process.env.AUTH_URL ?? 'http://localhost:3000').replace(/\/$/, '');
export const upstreamBaseUrl = () => process.env.UPSTREAM_BASE_URL?.replace(/\/$/, '') || null;
export const upstreamApiKey = () => process.env.UPSTREAM_API_KEY ?? '';
export const allowPrivateWebhookUrls = () => process.env.WEBHOOK_ALLOW_PRIVATE_URLS === 'true';
/** How long an unsettled reservation holds its estimate before it expires. */
export const reservationTtlMs = () => Number(process.env.RESERVATION_TTL_SECONDS ?? 600) * 1000;

// ---- data plane ---------------------------------------------------------------------------------------
const numEnv = (name: string, def: number, min = 0) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min) throw new Error(`${name} must be a number ≥ ${min} (got "${raw}")`);
  return v;
};
/** A settle against a reservation may cost at most max(estimate × this, estimate + KEYCAP_SETTLE_MIN_SLACK_USD). */
export const settleMaxMultiple = () => numEnv('KEYCAP_SETTLE_MAX_MULTIPLE', 2, 1);
export const settleMinSlackNano = () => BigInt(Math.round(numEnv('KEYCAP_SETTLE_MIN_SLACK_USD', 0.01) * 1e6)) * 1000n;
/** Largest /api/v1 request body in bytes (413 beyond it), and the deepest JSON nesting accepted (400 beyond). */
export const maxBodyBytes = () => numEnv('KEYCAP_MAX_BODY_BYTES', 1_048_576, 1);
export const maxJsonDepth = () => numEnv('KEYCAP_MAX_JSON_DEPTH', 64, 1);
/** How long the gateway waits for the upstream (headers, and between stream chunks) before a 504. */
export const upstreamTimeoutMs = () => numEnv('UPSTREAM_TIMEOUT_MS', 120_000, 1);

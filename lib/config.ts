// Runtime configuration from the environment, with defaults that need no setup.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export const provider: 'sqlite' | 'postgresql' = process.env.DB_PROVIDER === 'postgresql' ? 'postgresql' : 'sqlite';
export const dataDir = path.resolve(/*turbopackIgnore: true*/ process.env.KEYCAP_DATA_DIR ?? 'data');

export function databaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  if (provider === 'postgresql') throw new Error('DB_PROVIDER=postgresql needs DATABASE_URL');
  mkdirSync(dataDir, { recursive: true });
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

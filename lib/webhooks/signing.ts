// Standard Webhooks signing (https://www.standardwebhooks.com): secret `whsec_<base64 key>`,
// headers webhook-id / webhook-timestamp / webhook-signature = "v1,<base64 HMAC-SHA256(id.timestamp.body)>"
// (one such signature per active secret, space-separated, while a rotated secret is in its overlap).
import { createHmac, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';

/** A new endpoint secret: whsec_ + base64 of 24 random bytes (192 bits). */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(24).toString('base64');
}

/** A new message id (the webhook-id header; the same for every retry of the message). */
export function newMessageId(): string {
  return 'msg_' + randomBytes(12).toString('hex');
}

function keyBytes(secret: string): Buffer {
  const b64 = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(b64, 'base64');
}

/** "v1,<base64 signature>" for id.timestamp.body. `timestamp` is in whole seconds since the epoch. */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', keyBytes(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/**
 * The three Standard Webhooks headers. With several secrets (the current one first, then a previous
 * one still in its rotation overlap) `webhook-signature` carries one signature per secret,
 * space-separated ("v1,<sig1> v1,<sig2>"); a receiver accepts the message if any of them verifies.
 */
export function signedHeaders(secrets: string | readonly string[], id: string, body: string, at = new Date()): Record<string, string> {
  const ts = Math.floor(at.getTime() / 1000);
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  if (!list.length) throw new Error('signedHeaders needs at least one secret');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(ts),
    'webhook-signature': list.map((s) => sign(s, id, ts, body)).join(' '),
  };
}

/** The secrets that sign a delivery made at `now`: the current one, plus the previous one until its overlap ends. */
export function signingSecrets(e: { secret: string; previousSecret: string | null; previousSecretExpiresAt: Date | null }, now: Date): string[] {
  return e.previousSecret && e.previousSecretExpiresAt && e.previousSecretExpiresAt.getTime() > now.getTime() ? [e.secret, e.previousSecret] : [e.secret];
}

/** Shown in lists instead of the secret: whsec_…last4. */
export const secretHint = (secret: string) => `${SECRET_PREFIX}…${secret.slice(-4)}`;

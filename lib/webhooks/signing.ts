// Standard Webhooks signing (https://www.standardwebhooks.com): secret `whsec_<base64 key>`,
// headers webhook-id / webhook-timestamp / webhook-signature = "v1,<base64 HMAC-SHA256(id.timestamp.body)>".
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

export function signedHeaders(secret: string, id: string, body: string, at = new Date()): Record<string, string> {
  const ts = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(ts),
    'webhook-signature': sign(secret, id, ts, body),
  };
}

/** Shown in lists instead of the secret: whsec_…last4. */
export const secretHint = (secret: string) => `${SECRET_PREFIX}…${secret.slice(-4)}`;

// API key secrets: typed prefix + 192 random bits (base62) + 6-char checksum, e.g. kc_inf_<32 chars><6 chars>.
// Only the SHA-256 hash and the last 6 characters are stored.
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const KEY_PREFIX = { ADMIN: 'kc_adm_', INFERENCE: 'kc_inf_' } as const;

function base62(bytes: Buffer, length: number): string {
  let n = BigInt('0x' + bytes.toString('hex'));
  let out = '';
  while (out.length < length) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out;
}

function checksum(body: string): string {
  return base62(createHash('sha256').update(body).digest().subarray(0, 8), 6);
}

export function generateSecret(type: 'ADMIN' | 'INFERENCE'): string {
  const body = KEY_PREFIX[type] + base62(randomBytes(24), 32); // 32 base62 chars ≈ 190 bits
  return body + checksum(body);
}

/** True when the string looks like a Keycap key with a valid checksum (recognisable when leaked). */
export function isWellFormed(secret: string): boolean {
  if (!/^kc_(adm|inf)_[0-9A-Za-z]{38}$/.test(secret)) return false;
  return checksum(secret.slice(0, -6)) === secret.slice(-6);
}

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

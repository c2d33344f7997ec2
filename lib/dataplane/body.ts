// Request bodies of /api/v1: a size limit (413 naming it) enforced while reading, and a nesting-depth limit
// (400) checked by a linear scan before JSON.parse does any work — so a 40 MB body is never read whole and a
// 20,000-level nesting never reaches the parser (which would throw RangeError: a 500).
import { AppError, badRequest } from '../errors';
import { maxBodyBytes, maxJsonDepth } from '../config';

export const tooLarge = (limit: number) =>
  new AppError(413, 'invalid_request_error', 'body_too_large', `Request body is larger than ${limit.toLocaleString('en-US')} bytes (KEYCAP_MAX_BODY_BYTES). Send less per request.`, null, { limitBytes: limit });

/** The deepest nesting of objects/arrays in JSON text (strings skipped), stopping once past `max`. */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped char
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** Parses a JSON request body (empty -> {}); 400 for invalid or too-deep JSON. */
export function parseJsonText(text: string): unknown {
  if (!text.trim()) return {};
  const max = maxJsonDepth();
  if (jsonDepthExceeds(text, max)) throw badRequest(null, `Request body nests deeper than ${max} levels (KEYCAP_MAX_JSON_DEPTH).`, 'json_too_deep');
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest(null, 'Request body is not valid JSON.', 'invalid_json');
  }
}

/** Reads a node/web body stream up to the limit (413 as soon as it is passed, without reading the rest). */
export async function readLimited(chunks: AsyncIterable<Uint8Array>, declaredLength?: number | null): Promise<Buffer> {
  const limit = maxBodyBytes();
  if (declaredLength != null && declaredLength > limit) throw tooLarge(limit);
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of chunks) {
    n += c.byteLength;
    if (n > limit) throw tooLarge(limit);
    parts.push(Buffer.from(c.buffer, c.byteOffset, c.byteLength));
  }
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

const EMPTY = Buffer.alloc(0);
/**
 * readLimited for a node:http request, on plain 'data'/'end' events (cheaper than an async iterator on the
 * hot path). A body without bytes resolves at once.
 */
export function readNodeBody(req: import('node:http').IncomingMessage): Promise<Buffer> {
  const limit = maxBodyBytes();
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge(limit));
  if (declared === '0') return Promise.resolve(EMPTY);
  return new Promise((resolve, reject) => {
    let first: Buffer | null = null;
    let parts: Buffer[] | null = null;
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n > limit) {
        req.removeAllListeners('data');
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      if (!first) first = c;
      else (parts ??= [first]).push(c);
    });
    req.on('end', () => resolve(parts ? Buffer.concat(parts) : (first ?? EMPTY)));
    req.on('error', reject);
  });
}

// The one wrapper for /api/v1 route handlers: Bearer key -> workspace context -> handler -> JSON,
// every error mapped to the one envelope { error: { type, code, message, param, ... } }.
import { NextResponse } from 'next/server';
import type { Ctx } from '../context';
import { AppError, isAppError } from '../errors';
import { parseJsonText, readLimited } from '../dataplane/body';
import { retryHeaders } from '../metering/limits';
import { authenticateKey, type AuthedKey } from './auth-key';

export interface ApiCtx extends Ctx {
  key: AuthedKey;
}

type Params = Record<string, string>;
type Handler = (req: Request, ctx: ApiCtx, params: Params) => Promise<Response | unknown>;

const bigintSafe = (_k: string, v: unknown) => (typeof v === 'bigint' ? Number(v) : v);

export function json(body: unknown, init?: ResponseInit) {
  return new NextResponse(JSON.stringify(body, bigintSafe), { ...init, headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) } });
}

export function errorResponse(e: unknown): Response {
  if (isAppError(e)) return json(e.toBody(), { status: e.status, headers: e.status === 429 ? retryHeaders(e.details) : undefined });
  console.error('[api] unexpected error', e);
  return json({ error: { type: 'api_error', code: 'internal_error', message: 'Internal error. Please retry; if it persists, contact the workspace owner.', param: null } }, { status: 500 });
}

/** Reads a JSON body within the size and depth limits (413 / 400), before any parsing work. */
export async function readJson(req: Request): Promise<unknown> {
  const len = req.headers.get('content-length');
  async function* chunks() {
    if (!req.body) return;
    const reader = req.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      yield value;
    }
  }
  const body = await readLimited(chunks(), len ? Number(len) : null);
  return parseJsonText(body.toString('utf8'));
}

export function apiRoute(opts: { admin?: boolean }, handler: Handler) {
  return async (req: Request, routeCtx: { params: Promise<Params> }) => {
    try {
      const key = await authenticateKey(req.headers.get('authorization'));
      if (opts.admin && key.type !== 'ADMIN')
        throw new AppError(401, 'authentication_error', 'admin_key_required', `This endpoint needs an ADMIN key; "${key.name}" is an INFERENCE key.`);
      const ctx: ApiCtx = {
        key,
        workspaceId: key.workspaceId,
        workspaceSlug: key.workspaceSlug,
        actor: { kind: 'key', keyId: key.id, keyType: key.type, label: `key:${key.name}` },
      };
      const out = await handler(req, ctx, (await routeCtx.params) ?? {});
      return out instanceof Response ? out : json(out);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

// The one wrapper for server actions: session -> membership (by workspace slug) -> permission -> zod -> service.
// Server actions are public endpoints, so every check happens here on the server, never only in the UI.
import { z } from 'zod';
import { currentUserId } from './auth';
import { db } from './db';
import type { Ctx } from './context';
import { isAppError, unauthorized } from './errors';
import { can, type Permission, type Role } from './permissions';
import { forbidden } from './errors';
import { membershipBySlug } from './services/workspaces';

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; param: string | null; fields?: Record<string, string> } };

function fail(e: unknown): ActionResult<never> {
  if (isAppError(e)) {
    const fields = (e.details.fields as Record<string, string> | undefined) ?? undefined;
    return { ok: false, error: { code: e.code, message: e.message, param: e.param, fields } };
  }
  // Let Next's redirect()/notFound() control-flow errors through.
  if (e && typeof e === 'object' && 'digest' in e && typeof (e as { digest: unknown }).digest === 'string' && /^NEXT_/.test((e as { digest: string }).digest)) throw e;
  console.error('[action] unexpected error', e);
  return { ok: false, error: { code: 'internal_error', message: 'Something went wrong on our side. Please try again.', param: null } };
}

/** Builds the service context for the signed-in user in the workspace `slug`, checking `permission`. */
export async function userCtx(slug: string, permission: Permission): Promise<Ctx> {
  const userId = await currentUserId();
  if (!userId) throw unauthorized('unauthenticated', 'Please sign in again.');
  const m = await membershipBySlug(userId, slug);
  if (!can(m.role, permission)) throw forbidden(`Your role (${m.role}) cannot do this.`);
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  return { workspaceId: m.workspace.id, workspaceSlug: m.workspace.slug, actor: { kind: 'user', userId, role: m.role as Role, label: user?.email ?? userId } };
}

/**
 * Defines a workspace server action: `(slug, input) => ActionResult`. Errors come back as values
 * (production builds hide thrown messages), with the failing field for forms.
 */
export function workspaceAction<S extends z.ZodType, R>(permission: Permission, schema: S, fn: (ctx: Ctx, input: z.output<S>) => Promise<R>) {
  return async (slug: string, input: z.input<S>): Promise<ActionResult<R>> => {
    try {
      const ctx = await userCtx(String(slug), permission);
      const { parseInput } = await import('./schemas/parse');
      return { ok: true, data: await fn(ctx, parseInput(schema, input)) };
    } catch (e) {
      return fail(e);
    }
  };
}

/** A server action that only needs a signed-in user (no workspace). */
export function userAction<S extends z.ZodType, R>(schema: S, fn: (userId: string, input: z.output<S>) => Promise<R>) {
  return async (input: z.input<S>): Promise<ActionResult<R>> => {
    try {
      const userId = await currentUserId();
      if (!userId) throw unauthorized('unauthenticated', 'Please sign in again.');
      const { parseInput } = await import('./schemas/parse');
      return { ok: true, data: await fn(userId, parseInput(schema, input)) };
    } catch (e) {
      return fail(e);
    }
  };
}

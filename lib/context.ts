// The context every service takes: which workspace, and who is acting.
import type { Role } from './permissions';
import { can, type Permission } from './permissions';
import { forbidden } from './errors';

export type Actor =
  | { kind: 'user'; userId: string; role: Role; label: string }
  | { kind: 'key'; keyId: string; keyType: 'ADMIN' | 'INFERENCE'; label: string }
  | { kind: 'system'; label: string };

export interface Ctx {
  workspaceId: string;
  workspaceSlug: string;
  actor: Actor;
}

/** Throws 403 unless the actor may do `permission`. ADMIN keys act with the ADMIN role; INFERENCE keys are checked by the route wrapper. */
export function requirePermission(ctx: Ctx, permission: Permission) {
  const a = ctx.actor;
  if (a.kind === 'system') return;
  const role: Role = a.kind === 'user' ? a.role : a.keyType === 'ADMIN' ? 'ADMIN' : 'MEMBER';
  if (!can(role, permission)) throw forbidden(`Your role (${role}) cannot do this (needs ${permission}).`);
}

export const actorUserId = (ctx: Ctx) => (ctx.actor.kind === 'user' ? ctx.actor.userId : null);
export const actorKeyId = (ctx: Ctx) => (ctx.actor.kind === 'key' ? ctx.actor.keyId : null);

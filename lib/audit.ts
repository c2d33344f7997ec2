// Audit log: written in the same transaction as the change it records.
import type { Tx } from './db';
import type { Ctx } from './context';
import { actorKeyId, actorUserId } from './context';

const json = (v: unknown) =>
  v === undefined || v === null ? null : JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));

export async function audit(
  tx: Tx,
  ctx: Ctx,
  action: string,
  target: { type: string; id?: string | null },
  before?: unknown,
  after?: unknown,
) {
  await tx.auditLog.create({
    data: {
      workspaceId: ctx.workspaceId,
      actorUserId: actorUserId(ctx),
      actorKeyId: actorKeyId(ctx),
      actorLabel: ctx.actor.label,
      action,
      targetType: target.type,
      targetId: target.id ?? null,
      before: json(before),
      after: json(after),
    },
  });
}

// Credit balances and top-ups (Settings → Credits, CLI `credits add`, GET /billing/balance).
import { db } from '../db';
import type { Ctx } from '../context';
import { requirePermission } from '../context';
import { audit } from '../audit';
import { badRequest } from '../errors';
import { nanoToUsd, usdToNano } from '../money';
import { EPOCH } from '../periods';
import { ensureBuckets, readBuckets } from '../store/buckets';
import { read, tx as storeTx } from '../store/tx';
import type { Bucket } from '../store/rows';

export interface Balances {
  diem: number | null;
  usd: number;
  bundledCredits: number;
  diemEpochAllocation: number | null;
  consumptionCurrency: Bucket | null;
  canConsume: boolean;
}

export async function getBalances(ctx: Ctx, now = new Date()): Promise<Balances> {
  requirePermission(ctx, 'workspace.view');
  const ws = await db.workspace.findUniqueOrThrow({ where: { id: ctx.workspaceId } });
  const rows = await read(readBuckets(ws.id, ws.diemEpochAllocationNano, now));
  const get = (b: Bucket) => rows.find((r) => r.bucket === b);
  const next = rows.find((r) => r.balanceNano - r.reservedNano > 0n)?.bucket ?? null;
  const diem = get('DIEM')?.balanceNano ?? null;
  return {
    diem: nanoToUsd(diem),
    usd: nanoToUsd(get('USD')!.balanceNano) ?? 0,
    bundledCredits: nanoToUsd(get('BUNDLED_CREDITS')!.balanceNano) ?? 0,
    diemEpochAllocation: nanoToUsd(ws.diemEpochAllocationNano),
    consumptionCurrency: next,
    canConsume: next !== null,
  };
}

export async function addCredits(ctx: Ctx, input: { bucket: 'USD' | 'BUNDLED_CREDITS'; usd: number | string; note: string }) {
  requirePermission(ctx, 'credits.manage');
  if (input.bucket !== 'USD' && input.bucket !== 'BUNDLED_CREDITS') throw badRequest('bucket', 'bucket must be USD or BUNDLED_CREDITS.');
  const amount = usdToNano(input.usd);
  if (amount === null || amount === 0n) throw badRequest('usd', 'usd must be an amount above 0 and at most 1e9.');
  const note = (input.note ?? '').trim();
  if (!note || note.length > 200) throw badRequest('note', 'note is required (1–200 characters): say who paid and why.');
  // The bucket rows are created by the data plane's store (their one writer besides this top-up).
  await storeTx(() => ensureBuckets(ctx.workspaceId, null, new Date()));
  return db.$transaction(async (tx) => {
    const before = await tx.creditBucket.findUniqueOrThrow({ where: { workspaceId_bucket_epochStart: { workspaceId: ctx.workspaceId, bucket: input.bucket, epochStart: EPOCH } } });
    const after = await tx.creditBucket.update({
      where: { workspaceId_bucket_epochStart: { workspaceId: ctx.workspaceId, bucket: input.bucket, epochStart: EPOCH } },
      data: { balanceNano: { increment: amount } },
    });
    const t = await tx.creditTopUp.create({
      data: { workspaceId: ctx.workspaceId, bucket: input.bucket, amountNano: amount, note, actorUserId: ctx.actor.kind === 'user' ? ctx.actor.userId : null, actorLabel: ctx.actor.label },
    });
    await audit(tx, ctx, 'credits.add', { type: 'credit_bucket', id: input.bucket }, { balanceUsd: nanoToUsd(before.balanceNano) }, { balanceUsd: nanoToUsd(after.balanceNano), addedUsd: nanoToUsd(amount), note });
    return { id: t.id, bucket: input.bucket, amountUsd: nanoToUsd(amount)!, balanceUsd: nanoToUsd(after.balanceNano)! };
  });
}

export async function listTopUps(ctx: Ctx, opts: { limit?: number } = {}) {
  requirePermission(ctx, 'workspace.view');
  const rows = await db.creditTopUp.findMany({ where: { workspaceId: ctx.workspaceId }, orderBy: { createdAt: 'desc' }, take: Math.min(opts.limit ?? 50, 500) });
  return rows.map((r) => ({ id: r.id, bucket: r.bucket, amountUsd: nanoToUsd(r.amountNano)!, note: r.note, actorLabel: r.actorLabel, createdAt: r.createdAt.toISOString() }));
}

// The usage ledger as the API and the console show it: one row per billed request, debits as negative
// amounts. Pages for JSON, and a keyset cursor (createdAt, id) for exports that must not hold every row.
import { db } from '../db';
import type { Ctx } from '../context';
import { requirePermission } from '../context';
import { nanoToUsd } from '../money';
import type { Prisma, UsageEvent } from '../generated/prisma/client';
import type { UsageFilter, UsageQuery } from './params';

export interface LedgerEntry {
  timestamp: string;
  sku: string;
  units: number;
  pricePerUnitUsd: number;
  /** negative: a debit */
  amount: number;
  currency: string;
  notes: string | null;
  apiKeyId: string | null;
  model: string;
  inferenceDetails: { requestId: string; promptTokens: number | null; completionTokens: number | null; inferenceExecutionTime: number | null } | null;
}

export interface Pagination {
  limit: number;
  page: number;
  total: number;
  totalPages: number;
}

export function usageWhere(workspaceId: string, f: UsageFilter): Prisma.UsageEventWhereInput {
  const createdAt: Prisma.DateTimeFilter = {};
  if (f.start) createdAt.gte = f.start;
  if (f.end) createdAt.lt = f.end;
  return {
    workspaceId,
    ...(f.currency ? { currency: f.currency } : {}),
    ...(f.model ? { model: f.model } : {}),
    ...(f.apiKeyId !== undefined ? { apiKeyId: f.apiKeyId } : {}),
    ...(f.start || f.end ? { createdAt } : {}),
  };
}

export function toLedgerEntry(e: UsageEvent): LedgerEntry {
  const hasTokens = e.promptTokens !== null || e.completionTokens !== null;
  return {
    timestamp: e.createdAt.toISOString(),
    sku: e.sku,
    units: Number(e.units),
    pricePerUnitUsd: nanoToUsd(e.unitPriceNano) ?? 0,
    amount: e.amountNano === 0n ? 0 : -(nanoToUsd(e.amountNano) ?? 0),
    currency: e.currency,
    notes: e.notes,
    apiKeyId: e.apiKeyId,
    model: e.model,
    inferenceDetails: hasTokens
      ? { requestId: e.requestId, promptTokens: e.promptTokens, completionTokens: e.completionTokens, inferenceExecutionTime: e.executionTimeMs }
      : null,
  };
}

/** One page of the ledger (newest first by default) and the pagination object. */
export async function listUsage(ctx: Ctx, q: UsageQuery): Promise<{ rows: UsageEvent[]; data: LedgerEntry[]; pagination: Pagination }> {
  requirePermission(ctx, 'workspace.view');
  const where = usageWhere(ctx.workspaceId, q);
  const [total, rows] = await Promise.all([
    db.usageEvent.count({ where }),
    db.usageEvent.findMany({
      where,
      orderBy: [{ createdAt: q.sortOrder }, { id: q.sortOrder }],
      skip: (q.page - 1) * q.limit,
      take: q.limit,
    }),
  ]);
  return {
    rows,
    data: rows.map(toLedgerEntry),
    pagination: { limit: q.limit, page: q.page, total, totalPages: Math.ceil(total / q.limit) },
  };
}

export const paginationHeaders = (p: Pagination): Record<string, string> => ({
  'x-pagination-limit': String(p.limit),
  'x-pagination-page': String(p.page),
  'x-pagination-total': String(p.total),
  'x-pagination-total-pages': String(p.totalPages),
});

/**
 * Walks every ledger row matching the filter in (createdAt, id) order, `batch` rows per query, using the
 * last row seen as the cursor (no OFFSET, so each page costs the same; nothing is held between pages).
 */
export async function* ledgerBatches(
  ctx: Ctx,
  f: UsageFilter,
  sortOrder: 'asc' | 'desc' = 'desc',
  batch = 1000,
): AsyncGenerator<UsageEvent[]> {
  requirePermission(ctx, 'workspace.view');
  const base = usageWhere(ctx.workspaceId, f);
  let cursor: { createdAt: Date; id: string } | null = null;
  for (;;) {
    // (createdAt, id) past the cursor, written as a range on createdAt (so the (workspaceId, createdAt)
    // index bounds the scan) minus the ids already sent at the cursor's exact timestamp.
    const where: Prisma.UsageEventWhereInput = cursor
      ? {
          AND: [
            base,
            { createdAt: sortOrder === 'desc' ? { lte: cursor.createdAt } : { gte: cursor.createdAt } },
            { NOT: { createdAt: cursor.createdAt, id: sortOrder === 'desc' ? { gte: cursor.id } : { lte: cursor.id } } },
          ],
        }
      : base;
    const rows = await db.usageEvent.findMany({ where, orderBy: [{ createdAt: sortOrder }, { id: sortOrder }], take: batch });
    if (rows.length) yield rows;
    if (rows.length < batch) return;
    const last = rows[rows.length - 1];
    cursor = { createdAt: last.createdAt, id: last.id };
  }
}

/** Names of every key of the workspace (revoked ones too), for readable ledger rows. */
export async function keyNames(ctx: Ctx): Promise<Map<string, string>> {
  requirePermission(ctx, 'workspace.view');
  const keys = await db.apiKey.findMany({ where: { workspaceId: ctx.workspaceId }, select: { id: true, name: true } });
  return new Map(keys.map((k) => [k.id, k.name]));
}

/** Number of rows and total charged for a filter (the Usage page summary). */
export async function usageTotals(ctx: Ctx, f: UsageFilter): Promise<{ count: number; amountNano: bigint }> {
  requirePermission(ctx, 'workspace.view');
  const r = await db.usageEvent.aggregate({ where: usageWhere(ctx.workspaceId, f), _count: { _all: true }, _sum: { amountNano: true } });
  return { count: r._count._all, amountNano: r._sum.amountNano ?? 0n };
}

/** Models that ever had usage in the workspace (from the rollup), for the Usage page filter. */
export async function usedModels(ctx: Ctx): Promise<string[]> {
  requirePermission(ctx, 'workspace.view');
  const rows = await db.usageDaily.groupBy({ by: ['model'], where: { workspaceId: ctx.workspaceId } });
  return rows.map((r) => r.model).sort((a, b) => a.localeCompare(b));
}

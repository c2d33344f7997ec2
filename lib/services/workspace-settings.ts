// The workspace object (GET/PATCH /api/v1/workspace, Settings → General): budget, default key limit, DIEM allocation.
import { db } from '../db';
import type { Ctx } from '../context';
import { requirePermission } from '../context';
import { audit } from '../audit';
import { badRequest } from '../errors';
import { maxBig, nanoToUsd } from '../money';
import { isoSeconds, windowEnd, type Period } from '../periods';
import { parseInput } from '../schemas/parse';
import { updateWorkspaceSchema, type UpdateWorkspaceInput } from '../schemas/workspace';
import { workspaceMonthSpend } from '../metering/spend';
import type { Workspace } from '../generated/prisma/client';
import { onLimitChanged } from './limit-hooks';

export interface WorkspaceObject {
  id: string;
  name: string;
  slug: string;
  monthlyBudget: number | null;
  monthToDateSpend: number;
  monthlyBudgetRemaining: number | null;
  budgetResetsAt: string | null;
  defaultSpendLimit: number | null;
  defaultSpendLimitPeriod: Period | null;
  diemEpochAllocation: number | null;
}

/** The workspace object from a row and its month-to-date spend (pure: usable inside a transaction). */
export function toWorkspaceObject(ws: Workspace, monthSpentNano: bigint, now: Date): WorkspaceObject {
  return {
    id: ws.id,
    name: ws.name,
    slug: ws.slug,
    monthlyBudget: nanoToUsd(ws.monthlyBudgetNano),
    monthToDateSpend: nanoToUsd(monthSpentNano) ?? 0,
    monthlyBudgetRemaining: ws.monthlyBudgetNano === null ? null : nanoToUsd(maxBig(0n, ws.monthlyBudgetNano - monthSpentNano)),
    budgetResetsAt: isoSeconds(windowEnd('monthly', now)),
    defaultSpendLimit: nanoToUsd(ws.defaultSpendLimitNano),
    defaultSpendLimitPeriod: ws.defaultSpendLimitNano === null ? null : ((ws.defaultSpendLimitPeriod as Period | null) ?? 'monthly'),
    diemEpochAllocation: nanoToUsd(ws.diemEpochAllocationNano),
  };
}

export async function workspaceObject(ws: Workspace, now = new Date()): Promise<WorkspaceObject> {
  return toWorkspaceObject(ws, (await workspaceMonthSpend(ws.id, now)).spentNano, now);
}

export async function getWorkspace(ctx: Ctx): Promise<WorkspaceObject> {
  requirePermission(ctx, 'workspace.view');
  return workspaceObject(await db.workspace.findUniqueOrThrow({ where: { id: ctx.workspaceId } }));
}

export async function updateWorkspace(ctx: Ctx, raw: UpdateWorkspaceInput | unknown): Promise<WorkspaceObject> {
  requirePermission(ctx, 'workspace.settings');
  const input = parseInput(updateWorkspaceSchema, raw);
  const before = await db.workspace.findUniqueOrThrow({ where: { id: ctx.workspaceId } });
  const data: Partial<Workspace> = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.monthlyBudget !== undefined) data.monthlyBudgetNano = input.monthlyBudget;
  if (input.defaultSpendLimit !== undefined) {
    if (input.defaultSpendLimit === 0n)
      throw badRequest('defaultSpendLimit', 'defaultSpendLimit: a default of $0 would create every new key blocked. Use an amount above $0, or null for no default.');
    data.defaultSpendLimitNano = input.defaultSpendLimit;
    data.defaultSpendLimitPeriod = input.defaultSpendLimit === null ? null : (input.defaultSpendLimitPeriod ?? (before.defaultSpendLimitPeriod as Period | null) ?? 'monthly');
  } else if (input.defaultSpendLimitPeriod !== undefined) {
    if (input.defaultSpendLimitPeriod !== null && before.defaultSpendLimitNano === null)
      throw badRequest('defaultSpendLimitPeriod', 'defaultSpendLimitPeriod needs a defaultSpendLimit.');
    data.defaultSpendLimitPeriod = input.defaultSpendLimitPeriod;
    if (input.defaultSpendLimitPeriod === null) data.defaultSpendLimitNano = null;
  }
  if (input.diemEpochAllocation !== undefined) data.diemEpochAllocationNano = input.diemEpochAllocation;
  if (Object.entries(data).every(([f, v]) => before[f as keyof Workspace] === v)) return workspaceObject(before); // no change: no write, no audit
  const after = await db.$transaction(async (tx) => {
    const w = await tx.workspace.update({ where: { id: ctx.workspaceId }, data });
    const view = (x: Workspace) => ({
      name: x.name,
      monthlyBudgetUsd: nanoToUsd(x.monthlyBudgetNano),
      defaultSpendLimitUsd: nanoToUsd(x.defaultSpendLimitNano),
      defaultSpendLimitPeriod: x.defaultSpendLimitPeriod,
      diemEpochAllocationUsd: nanoToUsd(x.diemEpochAllocationNano),
    });
    await audit(tx, ctx, 'workspace.update', { type: 'workspace', id: w.id }, view(before), view(w));
    return w;
  });
  await onLimitChanged(ctx.workspaceId);
  return workspaceObject(after);
}

// The workspace object (GET/PATCH /api/v1/workspace, Settings → General): budget (a $0 budget needs
// confirmZeroBudget: true), default key limit (never $0), DIEM allocation (OWNER only, like credit top-ups:
// it is credit the workspace gets every day).
import { db } from '../db';
import type { Ctx } from '../context';
import { requirePermission } from '../context';
import { audit } from '../audit';
import { badRequest } from '../errors';
import { nanoToUsd } from '../money';
import type { Period } from '../periods';
import { parseInput } from '../schemas/parse';
import { updateWorkspaceSchema, type UpdateWorkspaceInput } from '../schemas/workspace';
import { workspaceMonthSpend } from '../metering/spend';
import type { Workspace } from '../generated/prisma/client';
import { onLimitChanged } from './limit-hooks';
import { forecastFields, forecastOf, recentWorkspaceSpend, type ForecastFields } from './forecast';

export { toWorkspaceObject, type WorkspaceObject } from '../workspace-object';
import { toWorkspaceObject, type WorkspaceObject } from '../workspace-object';

/** The workspace object of GET /workspace and the overview: plus the budget's burn-rate forecast (null without a budget). */
export type WorkspaceObjectWithForecast = WorkspaceObject & ForecastFields;

export async function workspaceObject(ws: Workspace, now = new Date()): Promise<WorkspaceObject> {
  return toWorkspaceObject(ws, (await workspaceMonthSpend(ws.id, now)).spentNano, now);
}

/** The workspace object with the budget's forecast (two ledger sums); `{ forecast: false }` skips it. */
export async function getWorkspace(ctx: Ctx, now?: Date): Promise<WorkspaceObjectWithForecast>;
export async function getWorkspace(ctx: Ctx, now: Date | undefined, opts: { forecast: false }): Promise<WorkspaceObject>;
export async function getWorkspace(ctx: Ctx, now = new Date(), opts: { forecast?: boolean } = {}): Promise<WorkspaceObject | WorkspaceObjectWithForecast> {
  requirePermission(ctx, 'workspace.view');
  const ws = await db.workspace.findUniqueOrThrow({ where: { id: ctx.workspaceId } });
  if (opts.forecast === false) return workspaceObject(ws, now);
  const budget = ws.monthlyBudgetNano;
  const [month, recent] = await Promise.all([workspaceMonthSpend(ws.id, now), budget === null ? null : recentWorkspaceSpend(ws.id, now)]);
  return {
    ...toWorkspaceObject(ws, month.spentNano, now),
    ...forecastFields(budget !== null && recent ? forecastOf(budget, month, recent, now) : null),
  };
}

export async function updateWorkspace(ctx: Ctx, raw: UpdateWorkspaceInput | unknown): Promise<WorkspaceObject> {
  requirePermission(ctx, 'workspace.settings');
  const input = parseInput(updateWorkspaceSchema, raw);
  const before = await db.workspace.findUniqueOrThrow({ where: { id: ctx.workspaceId } });
  const data: Partial<Workspace> = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.monthlyBudget !== undefined) {
    // Like a key's $0 limit (see checkLimit in ./keys): a $0 budget refuses every call, so it is never set by accident.
    if (input.monthlyBudget === 0n && before.monthlyBudgetNano !== 0n && !input.confirmZeroBudget)
      throw badRequest(
        'monthlyBudget',
        'monthlyBudget: a budget of $0 refuses every call in this workspace, with every key. Confirm it explicitly (confirmZeroBudget: true), or use null for no budget.',
        'zero_budget_requires_confirmation',
      );
    data.monthlyBudgetNano = input.monthlyBudget;
  }
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
  if (input.diemEpochAllocation !== undefined) {
    // Credit, not a limit: whoever may add credits (OWNER) sets it; an ADMIN (user or key) may not.
    if (input.diemEpochAllocation !== before.diemEpochAllocationNano) requirePermission(ctx, 'credits.manage');
    data.diemEpochAllocationNano = input.diemEpochAllocation;
  }
  if (input.defaultRateLimitRpm !== undefined) data.defaultRateLimitRpm = input.defaultRateLimitRpm;
  if (input.defaultRateLimitTpm !== undefined) data.defaultRateLimitTpm = input.defaultRateLimitTpm;
  if (Object.entries(data).every(([f, v]) => before[f as keyof Workspace] === v)) return workspaceObject(before); // no change: no write, no audit
  const after = await db.$transaction(async (tx) => {
    const w = await tx.workspace.update({ where: { id: ctx.workspaceId }, data });
    const view = (x: Workspace) => ({
      name: x.name,
      monthlyBudgetUsd: nanoToUsd(x.monthlyBudgetNano),
      defaultSpendLimitUsd: nanoToUsd(x.defaultSpendLimitNano),
      defaultSpendLimitPeriod: x.defaultSpendLimitPeriod,
      diemEpochAllocationUsd: nanoToUsd(x.diemEpochAllocationNano),
      defaultRateLimitRpm: x.defaultRateLimitRpm,
      defaultRateLimitTpm: x.defaultRateLimitTpm,
    });
    await audit(tx, ctx, 'workspace.update', { type: 'workspace', id: w.id }, view(before), view(w));
    return w;
  });
  await onLimitChanged(ctx.workspaceId);
  return workspaceObject(after);
}

// The workspace object of the API (GET/PATCH /api/v1/workspace, webhook payloads): pure, so the console
// (Prisma) and the data plane (raw driver) build it the same way.
import { maxBig, nanoToUsd } from './money';
import { isoSeconds, windowEnd, type Period } from './periods';
import type { WorkspaceRow } from './store/rows';

type Workspace = Omit<WorkspaceRow, 'createdAt'>;

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
  /** rate limits for keys without their own (requests / tokens per minute); null: none */
  defaultRateLimitRpm: number | null;
  defaultRateLimitTpm: number | null;
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
    defaultRateLimitRpm: ws.defaultRateLimitRpm ?? null,
    defaultRateLimitTpm: ws.defaultRateLimitTpm ?? null,
  };
}


// Workspace reads of the data plane (budget, DIEM allocation). Writes belong to lib/services (Prisma).
import { bigOrNull, date, numOrNull, one, type Q } from './sql';
import type { WorkspaceRow } from './rows';

export function* workspaceById(id: string): Q<WorkspaceRow | null> {
  const r = yield* one(
    `SELECT "id", "name", "slug", "monthlyBudgetNano", "defaultSpendLimitNano", "defaultSpendLimitPeriod", "diemEpochAllocationNano", "defaultRateLimitRpm", "defaultRateLimitTpm", "createdAt" FROM "Workspace" WHERE "id" = ?`,
    [id],
  );
  if (!r) return null;
  return {
    id: r.id as string,
    name: r.name as string,
    slug: r.slug as string,
    monthlyBudgetNano: bigOrNull(r.monthlyBudgetNano),
    defaultSpendLimitNano: bigOrNull(r.defaultSpendLimitNano),
    defaultSpendLimitPeriod: (r.defaultSpendLimitPeriod as string | null) ?? null,
    diemEpochAllocationNano: bigOrNull(r.diemEpochAllocationNano),
    defaultRateLimitRpm: numOrNull(r.defaultRateLimitRpm),
    defaultRateLimitTpm: numOrNull(r.defaultRateLimitTpm),
    createdAt: date(r.createdAt),
  };
}

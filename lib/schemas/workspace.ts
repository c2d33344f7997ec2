import { z } from 'zod';
import { period, usdAmount } from './common';

export const updateWorkspaceSchema = z.strictObject({
  name: z.string().trim().min(1).max(64).optional(),
  monthlyBudget: usdAmount.nullable().optional(),
  /** Must be true to set a budget of $0 (it refuses every call in the workspace). */
  confirmZeroBudget: z.boolean().optional(),
  defaultSpendLimit: usdAmount.nullable().optional(),
  defaultSpendLimitPeriod: period.nullable().optional(),
  diemEpochAllocation: usdAmount.nullable().optional(),
});
export type UpdateWorkspaceInput = z.input<typeof updateWorkspaceSchema>;

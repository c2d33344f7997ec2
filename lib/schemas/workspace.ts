import { z } from 'zod';
import { period, usdAmount, perMinute } from './common';

export const updateWorkspaceSchema = z.strictObject({
  name: z.string().trim().min(1).max(64).optional().describe('Workspace name, 1–64 characters.'),
  monthlyBudget: usdAmount.nullable().optional().describe('USD cap on all spend of the workspace per calendar month (UTC), 0 to 1e9; null removes it; 0 needs confirmZeroBudget.'),
  /** Must be true to set a budget of $0 (it refuses every call in the workspace). */
  confirmZeroBudget: z.boolean().optional().describe('Must be true to set a budget of $0 (it refuses every call in the workspace).'),
  defaultSpendLimit: usdAmount
    .nullable()
    .optional()
    .describe('Limit given to new keys created without spendLimit: > 0 and ≤ 1e9 USD (0 is refused), or null to remove it (and its period).'),
  defaultSpendLimitPeriod: period.nullable().optional().describe('Period of the default limit; needs a default limit; null removes the default. Existing keys are not changed.'),
  diemEpochAllocation: usdAmount.nullable().optional().describe('DIEM credited every UTC day, ≥ 0; null = no DIEM bucket. Changing it needs the OWNER role (it is credit): a key gets 403.'),
  defaultRateLimitRpm: perMinute.nullable().optional().describe('Requests per minute for keys without their own rateLimitRpm; null: none.'),
  defaultRateLimitTpm: perMinute.nullable().optional().describe('Tokens per minute for keys without their own rateLimitTpm; null: none.'),
});
export type UpdateWorkspaceInput = z.input<typeof updateWorkspaceSchema>;

import { z } from 'zod';
import { isoDate, period, usdAmount } from './common';

export const keyName = z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters');

export const createKeySchema = z
  .strictObject({
    name: keyName,
    type: z.enum(['ADMIN', 'INFERENCE'], { error: 'must be ADMIN or INFERENCE' }).default('INFERENCE'),
    expiresAt: isoDate.nullable().optional(),
    spendLimit: usdAmount.nullable().optional(),
    spendLimitPeriod: period.nullable().optional(),
    /** Must be true to create a key whose limit is $0 (it refuses every call). */
    confirmZeroLimit: z.boolean().optional(),
  });

export const updateKeySchema = z.strictObject({
  name: keyName.optional(),
  expiresAt: isoDate.nullable().optional(),
  spendLimit: usdAmount.nullable().optional(),
  spendLimitPeriod: period.nullable().optional(),
  confirmZeroLimit: z.boolean().optional(),
});

export type CreateKeyInput = z.input<typeof createKeySchema>;
export type UpdateKeyInput = z.input<typeof updateKeySchema>;

'use server';
// Settings → Prices: OWNER/ADMIN (prices.manage). Amounts are USD per million tokens, as typed.
import { z } from 'zod';
import { workspaceAction } from '@/lib/action';
import { deletePrice, setPrice } from '@/lib/services/prices';

const amount = z.union([z.number(), z.string().trim().min(1, 'is required')]);
const model = z.string().trim().min(1, 'is required').max(128, 'must be at most 128 characters');

export const setPriceAction = workspaceAction(
  'prices.manage',
  z.strictObject({
    model,
    inputUsdPerMtok: amount,
    outputUsdPerMtok: amount,
    modelType: z.enum(['text', 'embedding']).optional(),
    defaultReserveUsd: z.union([z.number().min(0, 'must be ≥ 0'), z.null()]).optional(),
  }),
  async (ctx, input) => {
    await setPrice(ctx, input);
    return { model: input.model };
  },
);

export const deletePriceAction = workspaceAction('prices.manage', z.strictObject({ model }), async (ctx, input) => {
  await deletePrice(ctx, input.model);
  return { model: input.model };
});

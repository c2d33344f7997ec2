'use server';
// Settings → Credits: top-ups are OWNER only (credits.manage); the service validates and audits.
import { z } from 'zod';
import { workspaceAction } from '@/lib/action';
import { addCredits } from '@/lib/services/credits';

export const addCreditsAction = workspaceAction(
  'credits.manage',
  z.strictObject({
    bucket: z.enum(['USD', 'BUNDLED_CREDITS'], { error: 'must be USD or BUNDLED_CREDITS' }),
    usd: z.union([z.number(), z.string().trim().min(1, 'is required')]),
    note: z.string().max(200, 'must be at most 200 characters'),
  }),
  (ctx, input) => addCredits(ctx, input),
);

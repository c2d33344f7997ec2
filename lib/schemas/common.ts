// Shared zod building blocks for forms, server actions and API routes.
import { z } from 'zod';
import { MAX_USD, usdToNano } from '../money';
import { PERIODS } from '../periods';

/** A USD amount (number, or decimal string from a form) -> nano-dollars bigint. */
export const usdAmount = z
  .union([z.number(), z.string().trim().min(1)])
  .superRefine((v, c) => {
    if (typeof v === 'number' && !Number.isFinite(v)) c.addIssue({ code: 'custom', message: 'must be a finite number' });
    else if (typeof v === 'number' && v < 0) c.addIssue({ code: 'custom', message: 'must be ≥ 0' });
    else if (typeof v === 'number' && v > MAX_USD) c.addIssue({ code: 'custom', message: `must be ≤ ${MAX_USD}` });
    else if (usdToNano(v) === null) c.addIssue({ code: 'custom', message: `must be a USD amount between 0 and ${MAX_USD} with at most 9 decimals` });
  })
  .transform((v) => usdToNano(v) as bigint);

export const period = z.enum(PERIODS, { error: `must be one of ${PERIODS.join(', ')}` });

export const isoDate = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).transform((s) => new Date(s));

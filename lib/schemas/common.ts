// Shared zod building blocks for forms, server actions and API routes.
import { z } from 'zod';
import { MAX_USD, parseUsd, type UsdProblem } from '../money';
import { PERIODS } from '../periods';

const USD_MESSAGE: Record<UsdProblem, string> = {
  not_a_number: `must be a USD amount between 0 and ${MAX_USD} with at most 9 decimals`,
  negative: 'must be ≥ 0',
  too_large: `must be ≤ ${MAX_USD}`,
  too_many_decimals: 'must have at most 9 decimals: amounts are kept to the nano-dollar ($0.000000001) and are never rounded',
};

/** Adds the issue that makes `v` not an exact USD amount (at most 9 decimals, 0 to MAX_USD), if any. */
function checkUsd(v: number | string, c: z.RefinementCtx) {
  const r = parseUsd(v);
  if (!r.ok) c.addIssue({ code: 'custom', message: USD_MESSAGE[r.problem] });
}

/** A USD amount (number, or decimal string from a form) -> nano-dollars bigint. Never rounds: more than 9 decimals is refused. */
export const usdAmount = z
  .union([z.number(), z.string().trim().min(1)])
  .superRefine(checkUsd)
  .transform((v) => (parseUsd(v) as { nano: bigint }).nano);

/** A USD amount given as a JSON number, kept as a number, with the same checks as `usdAmount`. */
export const usdNumber = z.number().superRefine(checkUsd);

export const period = z.enum(PERIODS, { error: `must be one of ${PERIODS.join(', ')}` });

export const isoDate = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).transform((s) => new Date(s));

/** A per-minute rate limit (requests or tokens): a whole number, 1 to 10,000,000. */
export const perMinute = z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000_000, 'must be at most 10,000,000');

// Burn-rate forecast (pure: no database, usable from either plane). At the spend rate of the last 24 hours,
// when does a cap (a key's spend limit, the workspace's monthly budget) run out — and is that before its
// window resets? Money stays integer nano-dollars; the projection is exact integer arithmetic in milliseconds.
import { nanoToUsd } from '../money';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
const DAY_MS_BIG = BigInt(DAY_MS);
/** The largest instant a JavaScript Date can hold (±8.64e15 ms): a projection beyond it is "never". */
const MAX_DATE_MS = 8_640_000_000_000_000n;

/**
 * `reached`: spent + open reservations ≥ the limit (admission refuses already); `no_usage`: nothing was spent in
 * the last 24 h, so no projection; `not_in_window`: at this rate the window resets first; `projected`: the cap
 * is reached at `projectedExhaustionAt`, inside the current window.
 */
export type ForecastState = 'reached' | 'projected' | 'not_in_window' | 'no_usage';
export const FORECAST_STATES = ['reached', 'projected', 'not_in_window', 'no_usage'] as const satisfies readonly ForecastState[];

export interface ForecastInput {
  /** the cap in nano-dollars */
  limitNano: bigint;
  /** spent in the cap's current window */
  spentNano: bigint;
  /** open reservations on that window (admission counts them, so the forecast does too) */
  reservedNano: bigint;
  /** spent in the 24 hours before `now` (the projection's rate) */
  spend24hNano: bigint;
  /** spent in the 7 days before `now` (reported, not used for the projection) */
  spend7dNano: bigint;
  now: Date;
  /** when the window resets; null for a lifetime (`total`) cap */
  windowEnd: Date | null;
}

export interface Forecast {
  /** USD per day over the last 24 hours */
  spendRate24hUsdPerDay: number;
  /** USD per day over the last 7 days */
  spendRate7dUsdPerDay: number;
  /** only in state `projected` */
  projectedExhaustionAt: Date | null;
  state: ForecastState;
}

/** a / b rounded up, for positive bigints */
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
/** a / b rounded half up, for non-negative a and positive b */
const roundDiv = (a: bigint, b: bigint) => (2n * a + b) / (2n * b);

/** spend over `days` days → nano-dollars per day, rounded to the nearest nano-dollar */
export const perDayNano = (spentNano: bigint, days: number) => (spentNano <= 0n ? 0n : roundDiv(spentNano, BigInt(days)));

/**
 * When the cap is reached at the last 24 hours' rate: remaining = limit − spent − reserved; ≤ 0 → `reached`;
 * no spend in the last 24 h → `no_usage`; otherwise t = now + remaining × 24 h / spend24h, rounded up to the
 * millisecond (the first millisecond at which the spend has reached the cap); t ≥ windowEnd → `not_in_window`.
 */
export function projectExhaustion(i: ForecastInput): Forecast {
  const rates = {
    spendRate24hUsdPerDay: nanoToUsd(perDayNano(i.spend24hNano, 1)) ?? 0,
    spendRate7dUsdPerDay: nanoToUsd(perDayNano(i.spend7dNano, 7)) ?? 0,
  };
  const remaining = i.limitNano - i.spentNano - i.reservedNano;
  if (remaining <= 0n) return { ...rates, projectedExhaustionAt: null, state: 'reached' };
  if (i.spend24hNano <= 0n) return { ...rates, projectedExhaustionAt: null, state: 'no_usage' };
  const t = BigInt(i.now.getTime()) + ceilDiv(remaining * DAY_MS_BIG, i.spend24hNano);
  if (t > MAX_DATE_MS || (i.windowEnd !== null && t >= BigInt(i.windowEnd.getTime())))
    return { ...rates, projectedExhaustionAt: null, state: 'not_in_window' };
  return { ...rates, projectedExhaustionAt: new Date(Number(t)), state: 'projected' };
}

/** The forecast as the API returns it (USD per day, ISO 8601 instant). */
export interface ForecastObject {
  /** USD per day over the last 24 hours (the rate the projection uses) */
  spendRate24h: number;
  /** USD per day over the last 7 days */
  spendRate7d: number;
  projectedExhaustionAt: string | null;
  state: ForecastState;
}

export const toForecastObject = (f: Forecast): ForecastObject => ({
  spendRate24h: f.spendRate24hUsdPerDay,
  spendRate7d: f.spendRate7dUsdPerDay,
  projectedExhaustionAt: f.projectedExhaustionAt?.toISOString() ?? null,
  state: f.state,
});

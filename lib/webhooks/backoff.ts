// Retry schedule: after attempt n fails, the next one is RETRY_DELAYS_MS[n-1] later (± 10 % jitter).
// 1 + 10 attempts spanning about 85 hours (at least 77 hours with jitter) — more than the 72 required.
const S = 1000, M = 60 * S, H = 60 * M;
export const RETRY_DELAYS_MS = [5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H, 14 * H, 20 * H, 24 * H];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** An endpoint failing without a single success for this long is disabled. */
export const DISABLE_AFTER_MS = 5 * 24 * H;
/** How long a claimed delivery stays leased to one worker (far above the request timeout). */
export const LEASE_MS = 60 * S;

/** Delay before the next attempt after `attemptsMade` failed attempts, or null when retries are exhausted. */
export function retryDelayMs(attemptsMade: number, random: () => number = Math.random): number | null {
  const base = RETRY_DELAYS_MS[attemptsMade - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.9 + 0.2 * random()));
}

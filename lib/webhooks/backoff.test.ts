import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS, retryDelayMs } from './backoff';

describe('retry schedule', () => {
  it('spans at least 72 hours even with the smallest jitter', () => {
    const min = RETRY_DELAYS_MS.reduce((s, _d, i) => s + retryDelayMs(i + 1, () => 0)!, 0);
    expect(min).toBeGreaterThanOrEqual(72 * 3600_000);
    expect(retryDelayMs(MAX_ATTEMPTS)).toBeNull();
  });

  it('grows and jitters within ±10 %', () => {
    for (let i = 1; i < RETRY_DELAYS_MS.length; i++) expect(RETRY_DELAYS_MS[i]).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[i - 1]);
    expect(retryDelayMs(1, () => 0)).toBe(4500);
    expect(retryDelayMs(1, () => 1)).toBe(5500);
    expect(retryDelayMs(2, () => 0.5)).toBe(300_000);
  });
});

import { describe, expect, it } from 'vitest';
import { axisWidth, compactUsd } from './axis';
import { niceTicks } from './types';

describe('compactUsd', () => {
  it('keeps sub-cent ticks readable (a first call costs $0.000006)', () => {
    expect(niceTicks(0.000006).map(compactUsd)).toEqual(['$0', '$0.000002', '$0.000004', '$0.000006']);
    expect(compactUsd(0.00000025)).toBe('$0.00000025');
    expect(compactUsd(0.025)).toBe('$0.025');
    expect(compactUsd(0.5)).toBe('$0.5');
  });
  it('dollars and thousands', () => {
    expect(compactUsd(0)).toBe('$0');
    expect(compactUsd(2.5)).toBe('$2.5');
    expect(compactUsd(40)).toBe('$40');
    expect(compactUsd(1500)).toBe('$1.5k');
  });
});

describe('axisWidth', () => {
  it('is wide enough for the longest label', () => {
    expect(axisWidth(niceTicks(0.000006))).toBeGreaterThanOrEqual('$0.000006'.length * 6.5);
    expect(axisWidth([0, 1, 2, 3])).toBeLessThan(40);
  });
});

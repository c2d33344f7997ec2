import { describe, expect, it } from 'vitest';
import { MAX_USD, formatUsd, nanoToDecimal, nanoToUsd, usdToNano } from './money';

describe('usdToNano', () => {
  it('parses decimal strings exactly, to the nano-dollar', () => {
    expect(usdToNano('5')).toBe(5_000_000_000n);
    expect(usdToNano('5.0031')).toBe(5_003_100_000n);
    expect(usdToNano('0.000000001')).toBe(1n);
    expect(usdToNano(' 12.5 ')).toBe(12_500_000_000n);
    expect(usdToNano('0')).toBe(0n);
    expect(usdToNano('1000000000')).toBe(BigInt(MAX_USD) * 1_000_000_000n);
  });

  it('parses numbers without float drift (0.1 + 0.2 style values)', () => {
    expect(usdToNano(0.1)).toBe(100_000_000n);
    expect(usdToNano(0.3)).toBe(300_000_000n);
    expect(usdToNano(0.1 + 0.2)).toBe(300_000_000n); // 0.30000000000000004 rounds to the nano
    expect(usdToNano(19.99)).toBe(19_990_000_000n);
    expect(usdToNano(5)).toBe(5_000_000_000n);
  });

  it('refuses what is not a non-negative amount with at most 9 decimals', () => {
    for (const bad of ['', '-1', '1.0000000001', 'abc', '1e3', '1,5', '.5', '5.', '1000000000.000000001', '99999999999'])
      expect(usdToNano(bad), bad).toBeNull();
    for (const bad of [-0.01, Number.NaN, Number.POSITIVE_INFINITY, MAX_USD + 1]) expect(usdToNano(bad), String(bad)).toBeNull();
  });
});

describe('nanoToUsd / nanoToDecimal', () => {
  it('converts back exactly at the edges', () => {
    expect(nanoToUsd(5_003_100_000n)).toBe(5.0031);
    expect(nanoToUsd(1n)).toBe(0.000000001);
    expect(nanoToUsd(0n)).toBe(0);
    expect(nanoToUsd(-2_500_000_000n)).toBe(-2.5);
    expect(nanoToUsd(null)).toBeNull();
    expect(nanoToUsd(undefined)).toBeNull();
  });

  it('round-trips every string it accepts', () => {
    for (const s of ['0.1', '0.2', '0.3', '19.99', '123456.789012345', '0.000000001']) {
      const nano = usdToNano(s)!;
      expect(nanoToDecimal(nano)).toBe(s);
      expect(usdToNano(nanoToUsd(nano)!)).toBe(nano);
    }
    expect(nanoToDecimal(5_000_000_000n)).toBe('5');
    expect(nanoToDecimal(-1n)).toBe('-0.000000001');
  });
});

describe('formatUsd', () => {
  it('shows at least two decimals and groups thousands', () => {
    expect(formatUsd(5_000_000_000n)).toBe('$5.00');
    expect(formatUsd(1_234_500_000_000n)).toBe('$1,234.50');
    expect(formatUsd(0n)).toBe('$0.00');
  });

  it('keeps up to four significant decimals and rounds half up', () => {
    expect(formatUsd(5_003_100_000n)).toBe('$5.0031');
    expect(formatUsd(5_003_150_000n)).toBe('$5.0032');
    expect(formatUsd(5_003_149_999n)).toBe('$5.0031');
    expect(formatUsd(9_999_950_000n)).toBe('$10.00');
    expect(formatUsd(5_003_100_000n, 2)).toBe('$5.00');
  });

  it('shows tiny non-zero amounts instead of $0.00', () => {
    expect(formatUsd(12_000n)).toBe('$0.000012');
    expect(formatUsd(1n)).toBe('$0.000000001');
    expect(formatUsd(-12_000n)).toBe('-$0.000012');
  });

  it('prints a dash for no amount', () => {
    expect(formatUsd(null)).toBe('—');
    expect(formatUsd(undefined)).toBe('—');
  });
});

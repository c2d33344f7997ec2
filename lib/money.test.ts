import { describe, expect, it } from 'vitest';
import { MAX_USD, formatUsd, nanoToDecimal, nanoToUsd, parseUsd, usdToNano } from './money';

describe('usdToNano', () => {
  it('parses decimal strings exactly, to the nano-dollar', () => {
    expect(usdToNano('5')).toBe(5_000_000_000n);
    expect(usdToNano('5.0031')).toBe(5_003_100_000n);
    expect(usdToNano('0.000000001')).toBe(1n);
    expect(usdToNano(' 12.5 ')).toBe(12_500_000_000n);
    expect(usdToNano('0')).toBe(0n);
    expect(usdToNano('1000000000')).toBe(BigInt(MAX_USD) * 1_000_000_000n);
  });

  it('parses numbers by their shortest decimal form, without float drift', () => {
    expect(usdToNano(0.1)).toBe(100_000_000n);
    expect(usdToNano(0.3)).toBe(300_000_000n);
    expect(usdToNano(19.99)).toBe(19_990_000_000n);
    expect(usdToNano(5)).toBe(5_000_000_000n);
    expect(usdToNano(-0)).toBe(0n);
    // JavaScript prints these with an exponent; they still have at most 9 decimals
    expect(usdToNano(1e-9)).toBe(1n);
    expect(usdToNano(1.5e-7)).toBe(150n);
    expect(usdToNano(1e-7)).toBe(100n);
    expect(usdToNano(123.456789012)).toBe(123_456_789_012n);
    expect(usdToNano(MAX_USD)).toBe(BigInt(MAX_USD) * 1_000_000_000n);
  });

  it('refuses numbers with more than 9 decimals instead of rounding them', () => {
    for (const bad of [1e-10, 5e-10, 1.0000000001, 0.1 + 0.2 /* 0.30000000000000004 */, 1.23e-8, 0.0000000015])
      expect(usdToNano(bad), String(bad)).toBeNull();
    expect(parseUsd(1e-10)).toEqual({ ok: false, problem: 'too_many_decimals' });
    expect(parseUsd('0.0000000001')).toEqual({ ok: false, problem: 'too_many_decimals' });
    expect(parseUsd(1.0000000001)).toEqual({ ok: false, problem: 'too_many_decimals' });
  });

  it('says what is wrong with a refused amount', () => {
    expect(parseUsd(0.1)).toEqual({ ok: true, nano: 100_000_000n });
    expect(parseUsd(-1)).toEqual({ ok: false, problem: 'negative' });
    expect(parseUsd('-1')).toEqual({ ok: false, problem: 'negative' });
    expect(parseUsd(MAX_USD + 1)).toEqual({ ok: false, problem: 'too_large' });
    expect(parseUsd('99999999999')).toEqual({ ok: false, problem: 'too_large' });
    expect(parseUsd(Number.NaN)).toEqual({ ok: false, problem: 'not_a_number' });
    expect(parseUsd('12.3.4')).toEqual({ ok: false, problem: 'not_a_number' });
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
    expect(formatUsd(null, 'display')).toBe('—');
  });

  describe("'display': the console's one rule", () => {
    const d = (nano: bigint) => formatUsd(nano, 'display');
    it('whole cents from $1 up, rounded half up', () => {
      expect(d(1_234_600_000n)).toBe('$1.23'); // a $1.2346 limit next to "$1.23 left"
      expect(d(1_235_000_000n)).toBe('$1.24');
      expect(d(5_003_100_000n)).toBe('$5.00');
      expect(d(1_234_500_000_000n)).toBe('$1,234.50');
      expect(d(999_999_999n)).toBe('$1.00');
      expect(d(1_000_000_000_000_000_000n)).toBe('$1,000,000,000.00');
      expect(d(0n)).toBe('$0.00');
    });
    it('below $1: two significant digits, at least two decimals', () => {
      expect(d(850_000_000n)).toBe('$0.85');
      expect(d(123_456_789n)).toBe('$0.12');
      expect(d(100_000_000n)).toBe('$0.10');
      expect(d(15_000_000n)).toBe('$0.015');
      expect(d(3_240_000n)).toBe('$0.0032');
      expect(d(6_000n)).toBe('$0.000006'); // a first call's cost, never $0.00
      expect(d(6_543n)).toBe('$0.0000065');
      expect(d(1n)).toBe('$0.000000001');
      expect(d(99_999_999n)).toBe('$0.10');
      expect(d(995_000_000n)).toBe('$1.00');
    });
    it('negative amounts keep their sign', () => {
      expect(d(-100_000_000n)).toBe('-$0.10');
      expect(d(-2_500_000_000n)).toBe('-$2.50');
      expect(d(-6_000n)).toBe('-$0.000006');
    });
  });
});

describe('usdNumberToNano', () => {
  it('reads a USD number exactly to the nano-dollar', async () => {
    const { usdNumberToNano } = await import('./money');
    expect(usdNumberToNano(1.2346)).toBe(1_234_600_000n);
    expect(usdNumberToNano(0.000006)).toBe(6_000n);
    expect(usdNumberToNano(-0.1)).toBe(-100_000_000n);
    expect(usdNumberToNano(1e9)).toBe(1_000_000_000_000_000_000n);
    expect(usdNumberToNano(Number.NaN)).toBe(0n);
  });
});

describe('measuredUsdToNano', () => {
  it('rounds float noise in measured costs to the nearest nano-dollar', async () => {
    const { measuredUsdToNano } = await import('./money');
    expect(measuredUsdToNano(2.5e-6 * 3000)).toBe(7_500_000n);
    expect(measuredUsdToNano(0.1 + 0.2)).toBe(300_000_000n);
    expect(measuredUsdToNano(1e-10)).toBe(0n);
    expect(measuredUsdToNano(-1)).toBeNull();
    expect(measuredUsdToNano(Number.NaN)).toBeNull();
    expect(measuredUsdToNano(2e9)).toBeNull();
  });
});

// Money is integer nano-dollars (1e-9 USD) as bigint everywhere below the edges.
export const NANO_PER_USD = 1_000_000_000n;
export const MAX_USD = 1_000_000_000; // 1e9 USD: the largest limit or amount we accept

const DECIMAL = /^(\d{1,10})(?:\.(\d{1,9}))?$/;

/** Parse a non-negative USD amount given as a number or decimal string into nano-dollars. Returns null if invalid. */
export function usdToNano(value: number | string): bigint | null {
  let s: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0 || value > MAX_USD) return null;
    s = value.toFixed(9); // exact decimal of the double, rounded to the nano
  } else {
    s = value.trim();
  }
  const m = DECIMAL.exec(s);
  if (!m) return null;
  const nano = BigInt(m[1]) * NANO_PER_USD + BigInt((m[2] ?? '').padEnd(9, '0') || '0');
  if (nano > BigInt(MAX_USD) * NANO_PER_USD) return null;
  return nano;
}

/** Nano-dollars to a JSON number of USD (edge use only: display and API bodies). */
export function nanoToUsd(nano: bigint | null | undefined): number | null {
  if (nano === null || nano === undefined) return null;
  const neg = nano < 0n;
  const abs = neg ? -nano : nano;
  const whole = abs / NANO_PER_USD;
  const frac = abs % NANO_PER_USD;
  const n = Number(`${whole}.${frac.toString().padStart(9, '0')}`);
  return neg ? -n : n;
}

/** Exact decimal string of nano-dollars, e.g. 5003100000n -> "5.0031". */
export function nanoToDecimal(nano: bigint): string {
  const neg = nano < 0n;
  const abs = neg ? -nano : nano;
  const frac = (abs % NANO_PER_USD).toString().padStart(9, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${abs / NANO_PER_USD}${frac ? '.' + frac : ''}`;
}

/**
 * Human format: "$5.00", "$1,234.50", "$5.0031" (up to `maxDecimals`, at least 2).
 * Amounts that would round to $0.00 but are not zero show more digits ("$0.000012").
 */
export function formatUsd(nano: bigint | null | undefined, maxDecimals = 4): string {
  if (nano === null || nano === undefined) return '—';
  const neg = nano < 0n;
  const abs = neg ? -nano : nano;
  let decimals = maxDecimals;
  if (abs > 0n && abs < 5_000_000n) decimals = 9; // below half a cent: show the significant digits
  const scale = 10n ** BigInt(9 - decimals);
  const rounded = (abs + scale / 2n) / scale; // round half up at `decimals`
  const unit = 10n ** BigInt(decimals);
  const whole = rounded / unit;
  let frac = (rounded % unit).toString().padStart(decimals, '0').replace(/0+$/, '');
  if (frac.length < 2) frac = frac.padEnd(2, '0');
  return `${neg ? '-' : ''}$${whole.toLocaleString('en-US')}.${frac}`;
}

export const minBig = (a: bigint, b: bigint) => (a < b ? a : b);
export const maxBig = (a: bigint, b: bigint) => (a > b ? a : b);

/** Parse a bigint that may come back from the database as bigint, number or string. */
export function toBig(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  if (typeof v === 'string' && v !== '') return BigInt(v);
  return 0n;
}

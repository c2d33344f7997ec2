// Money is integer nano-dollars (1e-9 USD) as bigint everywhere below the edges.
export const NANO_PER_USD = 1_000_000_000n;
export const MAX_USD = 1_000_000_000; // 1e9 USD: the largest limit or amount we accept

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
const EXPONENT = /^(\d)(?:\.(\d+))?e([+-]\d+)$/;

/** Why an amount was refused: `too_many_decimals` means finer than one nano-dollar (it is never rounded). */
export type UsdProblem = 'not_a_number' | 'negative' | 'too_large' | 'too_many_decimals';
export type ParsedUsd = { ok: true; nano: bigint } | { ok: false; problem: UsdProblem };

/** A finite non-negative number as the plain decimal JavaScript prints it (shortest form): 1.5e-7 -> "0.00000015". */
function plainDecimal(n: number): string {
  const s = String(n);
  const m = EXPONENT.exec(s);
  if (!m) return s;
  const digits = m[1] + (m[2] ?? '');
  const exp = Number(m[3]) - (m[2]?.length ?? 0); // value = digits × 10^exp
  if (exp >= 0) return digits + '0'.repeat(exp);
  const padded = digits.padStart(1 - exp, '0');
  return `${padded.slice(0, exp)}.${padded.slice(exp)}`;
}

/**
 * Parse a USD amount given as a number or decimal string ("12.50") into nano-dollars, exactly: at most
 * 9 decimals, 0 to MAX_USD. A number counts by its shortest decimal form, so 0.1 is $0.1 and 1e-10 (or
 * 0.1 + 0.2 = 0.30000000000000004) is refused as too precise rather than rounded.
 */
export function parseUsd(value: number | string): ParsedUsd {
  let s: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, problem: 'not_a_number' };
    if (value < 0) return { ok: false, problem: 'negative' };
    if (value > MAX_USD) return { ok: false, problem: 'too_large' };
    s = plainDecimal(value);
  } else {
    s = value.trim();
  }
  const m = DECIMAL.exec(s);
  if (!m) return { ok: false, problem: 'not_a_number' };
  const [, sign, whole, frac = ''] = m;
  if (sign) return { ok: false, problem: 'negative' };
  if (frac.length > 9) return { ok: false, problem: 'too_many_decimals' };
  const nano = BigInt(whole) * NANO_PER_USD + BigInt(frac.padEnd(9, '0'));
  if (nano > BigInt(MAX_USD) * NANO_PER_USD) return { ok: false, problem: 'too_large' };
  return { ok: true, nano };
}

/** parseUsd, as nano-dollars or null when refused. */
export function usdToNano(value: number | string): bigint | null {
  const r = parseUsd(value);
  return r.ok ? r.nano : null;
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
 * Human format. With a number (the API's refusal messages): "$5.00", "$1,234.50", "$5.0031" (up to
 * `style` decimals, at least 2; amounts that would round to $0.00 but are not zero show their significant
 * digits, "$0.000012").
 *
 * `'display'` is the console's one rule for money on screen: whole cents from $1 up ("$5.00", "$1,234.50"),
 * and below $1 two significant digits with at least two decimals ("$0.85", "$0.12", "$0.0032", "$0.000006"),
 * so a limit, what is left of it and what was spent never disagree in their decimals ("$1.23 of $1.23"), and
 * a first call's fraction of a cent never shows as $0.00. Rounded half up.
 */
export function formatUsd(nano: bigint | null | undefined, style: number | 'display' = 4): string {
  if (nano === null || nano === undefined) return '—';
  const neg = nano < 0n;
  const abs = neg ? -nano : nano;
  let decimals: number;
  if (style === 'display') {
    // below $1: enough decimals for two significant digits (10^(10-d) ≤ abs), 2 to 9
    decimals = abs >= NANO_PER_USD || abs === 0n ? 2 : Math.min(9, Math.max(2, 10 - (abs.toString().length - 1)));
  } else {
    decimals = style;
    if (abs > 0n && abs < 5_000_000n) decimals = 9; // below half a cent: show the significant digits
  }
  const scale = 10n ** BigInt(9 - decimals);
  const rounded = (abs + scale / 2n) / scale; // round half up at `decimals`
  const unit = 10n ** BigInt(decimals);
  const whole = rounded / unit;
  let frac = (rounded % unit).toString().padStart(decimals, '0').replace(/0+$/, '');
  if (frac.length < 2) frac = frac.padEnd(2, '0');
  if (rounded === 0n) return '$0.00';
  return `${neg ? '-' : ''}$${whole.toLocaleString('en-US')}.${frac}`;
}

/** A USD number from the API or a page (at most 9 decimals) as nano-dollars, for formatting. */
export function usdNumberToNano(usd: number): bigint {
  if (!Number.isFinite(usd)) return 0n;
  const neg = usd < 0;
  const [whole, frac = ''] = Math.abs(usd).toFixed(9).split('.');
  const n = BigInt(whole) * NANO_PER_USD + BigInt(frac.padEnd(9, '0'));
  return neg ? -n : n;
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

/**
 * A measured cost (what a request cost or is estimated to cost, reported by a gateway), in nano-dollars,
 * rounded to the nearest nano-dollar: such figures come from float arithmetic (2.5e-6 × 3000 =
 * 0.007500000000000001) and refusing them would leave real usage unbilled. Limits, budgets, credits and
 * prices are never rounded (parseUsd). Null for non-finite, negative or > MAX_USD values.
 */
export function measuredUsdToNano(value: number): bigint | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_USD) return null;
  const [whole, frac = ''] = value.toFixed(9).split('.');
  return BigInt(whole) * NANO_PER_USD + BigInt(frac.padEnd(9, '0'));
}

// Display helpers safe for client components. API/UI amounts arrive as USD numbers.
import { formatUsd, usdNumberToNano } from './money';

/**
 * Money on screen, everywhere in the console: one rule (lib/money.ts formatUsd 'display'): whole cents
 * from $1 up, two significant digits below ("$0.0032"), never "$0.00" for a non-zero amount.
 */
export function fmtUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return '—';
  return formatUsd(usdNumberToNano(usd), 'display');
}

/** The exact amount, for a tooltip next to a rounded figure: "$1.2346" (all significant decimals, at least 2). */
export function exactUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return '—';
  const neg = usd < 0;
  const [whole, frac = ''] = Math.abs(usd).toFixed(9).split('.');
  const f = frac.replace(/0+$/, '').padEnd(2, '0');
  return `${neg ? '-' : ''}$${Number(whole).toLocaleString('en-US')}.${f}`;
}

export function fmtDate(iso: string | Date | null | undefined): string {
  if (!iso) return '—';
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export function fmtRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const s = Math.round((now - new Date(iso).getTime()) / 1000);
  const abs = Math.abs(s);
  const [n, u] = abs < 60 ? [abs, 'second'] : abs < 3600 ? [Math.round(abs / 60), 'minute'] : abs < 86400 ? [Math.round(abs / 3600), 'hour'] : [Math.round(abs / 86400), 'day'];
  const unit = `${n} ${u}${n === 1 ? '' : 's'}`;
  return s >= 0 ? `${unit} ago` : `in ${unit}`;
}

// Display helpers safe for client components. API/UI amounts arrive as USD numbers.
export function fmtUsd(usd: number | null | undefined, maxDecimals = 2): string {
  if (usd === null || usd === undefined) return '—';
  const abs = Math.abs(usd);
  const digits = abs > 0 && abs < 0.01 ? 6 : maxDecimals;
  return (usd < 0 ? '-$' : '$') + abs.toLocaleString('en-US', { minimumFractionDigits: Math.min(2, digits), maximumFractionDigits: digits });
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

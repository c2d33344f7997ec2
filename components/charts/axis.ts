// Axis labels for money (pure, unit-tested): readable from $0.000001 to $1.5k, and a Y axis wide enough
// for its longest label, so sub-cent ticks are never cut to "000006".

/** "$0", "$0.000006", "$0.025", "$2.5", "$40", "$1.5k": no trailing zeros; ticks come from niceTicks. */
export function compactUsd(v: number): string {
  const a = Math.abs(v);
  const sign = v < 0 ? '-' : '';
  if (a === 0) return '$0';
  if (a >= 1000) return `${sign}$${Number((a / 1000).toPrecision(3))}k`;
  if (a >= 1) return `${sign}$${Number(a.toPrecision(4))}`;
  // below $1: plain decimals (never an exponent like 6e-7), up to the nano-dollar
  const digits = Math.min(9, Math.max(2, 2 - Math.floor(Math.log10(a))));
  return `${sign}$${a.toFixed(digits).replace(/0+$/, '').replace(/\.$/, '')}`;
}

/** Width in px for a Y axis showing `ticks` at 11 px (about 6.5 px per character, plus the tick gap). */
export function axisWidth(ticks: number[]): number {
  const longest = Math.max(...ticks.map((t) => compactUsd(t).length), 2);
  return Math.ceil(longest * 6.6 + 10);
}

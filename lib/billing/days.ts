// UTC calendar-day arithmetic for analytics ranges and daily series. Pure (safe in client components).
export const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' of a Date's UTC day. */
export const dayKey = (d: Date | number) => new Date(d).toISOString().slice(0, 10);

/** UTC midnight of the day containing `d`. */
export const utcDay = (d: Date | number) => {
  const x = new Date(d);
  return new Date(Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate()));
};

export const addDays = (d: Date, n: number) => new Date(d.getTime() + n * DAY_MS);

/** Strict 'YYYY-MM-DD' (a real calendar date) -> UTC midnight, or null. */
export function parseDay(s: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return dayKey(d) === s ? d : null;
}

/** Number of calendar days from `start` to `end`, both inclusive. */
export const daysInclusive = (start: Date, end: Date) => Math.round((utcDay(end).getTime() - utcDay(start).getTime()) / DAY_MS) + 1;

/** Every UTC midnight from `start` to `end` inclusive. */
export function eachDay(start: Date, end: Date): Date[] {
  const out: Date[] = [];
  for (let t = utcDay(start).getTime(); t <= utcDay(end).getTime(); t += DAY_MS) out.push(new Date(t));
  return out;
}

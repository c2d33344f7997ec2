// RateCounter statements: requests and tokens per key per UTC minute, counted atomically in the database
// (a fixed window), so a rate limit holds across instances exactly like a spend cap.
import { big, one, run, ts, type Q } from './sql';

/** Counts one request in the window if fewer than `limit` were counted. The count after, or null when full. */
export function* takeRequest(workspaceId: string, subject: string, windowStart: Date, limit: number): Q<number | null> {
  if (limit <= 0) return null;
  const r = yield* one(
    `INSERT INTO "RateCounter" ("subject", "kind", "windowStart", "workspaceId", "count") VALUES (?, 'req', ?, ?, 1)
     ON CONFLICT ("subject", "kind", "windowStart") DO UPDATE SET "count" = "RateCounter"."count" + 1 WHERE "RateCounter"."count" < ?
     RETURNING "count"`,
    [subject, ts(windowStart), workspaceId, limit],
  );
  return r ? Number(big(r.count)) : null;
}

/** Tokens counted in the window so far. */
export function* tokensIn(subject: string, windowStart: Date): Q<number> {
  const r = yield* one(`SELECT "count" FROM "RateCounter" WHERE "subject" = ? AND "kind" = 'tok' AND "windowStart" = ?`, [subject, ts(windowStart)]);
  return r ? Number(big(r.count)) : 0;
}

/** Adds tokens used (at settlement) to their window. */
export function* addTokens(workspaceId: string, rows: { subject: string; windowStart: Date; tokens: number }[]): Q<void> {
  const merged = new Map<string, { subject: string; windowStart: Date; tokens: number }>();
  for (const r of rows) {
    if (r.tokens <= 0) continue;
    const k = `${r.subject}|${r.windowStart.getTime()}`;
    const m = merged.get(k);
    if (m) m.tokens += r.tokens;
    else merged.set(k, { ...r });
  }
  const list = [...merged.values()].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.windowStart.getTime() - b.windowStart.getTime()));
  if (!list.length) return;
  yield* run(
    `INSERT INTO "RateCounter" ("subject", "kind", "windowStart", "workspaceId", "count") VALUES ${list.map(() => `(?, 'tok', ?, ?, ?)`).join(', ')}
     ON CONFLICT ("subject", "kind", "windowStart") DO UPDATE SET "count" = "RateCounter"."count" + excluded."count"`,
    list.flatMap((r) => [r.subject, ts(r.windowStart), workspaceId, BigInt(r.tokens)]),
  );
}

/** Deletes windows that ended before `before` (they can never matter again). */
export function* pruneRates(before: Date): Q<number> {
  return yield* run(`DELETE FROM "RateCounter" WHERE "windowStart" < ?`, [ts(before)]);
}

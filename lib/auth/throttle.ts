// Sign-in throttling, kept in the database so it holds across instances. Rows of LoginThrottle:
//
//   pair:<email>|<ip>   failures on one account from one address: LOGIN_MAX_FAILURES (5) in 15 minutes
//                       lock that account *for that address* for 15 minutes
//   ip:<ip>             failures from one address on any account: 4 × LOGIN_MAX_FAILURES lock the address
//   acct:<email>        failures on one account from anywhere: never locks; at LOGIN_MAX_FAILURES the
//                       account is "under attack" and sign-ins from addresses it has not signed in from
//                       take the slow path (a LOGIN_SLOW_MS delay before the password is checked)
//   known:<email>|<ip>  the last successful sign-in from that address (kept 30 days): no slow path
//
// So a stranger can lock only themselves out, never the owner of the account.
//
// Every count is one conditional upsert (INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING, the same
// on SQLite and PostgreSQL), and an attempt is charged to its pair and address rows *before* the
// password is checked (refunded when it is right): parallel guesses cannot all pass one check and
// then lose each other's counts, and a burst gets no more guesses than the limit.
import { db } from '../db';
import { loginMaxFailures, loginSlowMs } from '../config';

const MIN = 60_000;
const WINDOW_MS = 15 * MIN;
const LOCK_MS = 15 * MIN;
const KEEP_MS = 24 * 60 * MIN; // counters and locks are pruned after a day…
const KEEP_KNOWN_MS = 30 * 24 * 60 * MIN; // …known addresses after 30 days
const PRUNE_EVERY_MS = 10 * MIN;

/** Limits, read at call time (LOGIN_MAX_FAILURES, LOGIN_SLOW_MS; parsed by lib/config.ts). */
export function throttleLimits() {
  const perAccount = loginMaxFailures();
  return { perAccount, perIp: perAccount * 4, windowMs: WINDOW_MS, lockMs: LOCK_MS, slowMs: loginSlowMs() };
}

export const throttleKeys = (email: string, ip: string) => ({
  pair: `pair:${email}|${ip}`,
  ip: `ip:${ip}`,
  account: `acct:${email}`,
  known: `known:${email}|${ip}`,
});

/**
 * Counts one failure on `key` in one statement: a new window when the last one is over, and a lock
 * once the count reaches `limit` (null: never locks). While the key is locked nothing is counted and
 * null is returned; otherwise the count after this failure. (Below the limit the row keeps its old
 * lockedUntil, which the WHERE guarantees is null or over; a typed ELSE also lets PostgreSQL type the CASE.)
 */
export async function countFailure(key: string, limit: number | null, now = new Date()): Promise<number | null> {
  const { windowMs, lockMs } = throttleLimits();
  const windowFloor = new Date(now.getTime() - windowMs);
  const lockEnd = new Date(now.getTime() + lockMs);
  const max = limit ?? 2_000_000_000;
  const rows = await db.$queryRaw<{ failures: unknown }[]>`
    INSERT INTO "LoginThrottle" ("key", "failures", "windowStart", "lockedUntil")
    VALUES (${key}, 1, ${now}, ${max <= 1 ? lockEnd : null})
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN "LoginThrottle"."windowStart" > ${windowFloor} THEN "LoginThrottle"."failures" + 1 ELSE 1 END,
      "windowStart" = CASE WHEN "LoginThrottle"."windowStart" > ${windowFloor} THEN "LoginThrottle"."windowStart" ELSE ${now} END,
      "lockedUntil" = CASE WHEN (CASE WHEN "LoginThrottle"."windowStart" > ${windowFloor} THEN "LoginThrottle"."failures" + 1 ELSE 1 END) >= ${max}
        THEN ${lockEnd} ELSE "LoginThrottle"."lockedUntil" END
    WHERE "LoginThrottle"."lockedUntil" IS NULL OR "LoginThrottle"."lockedUntil" <= ${now}
    RETURNING "failures"`;
  return rows.length ? Number(rows[0].failures) : null;
}

/** Takes back one failure counted on `key` (the attempt turned out right), lifting a lock it set. */
async function refund(key: string, limit: number) {
  await db.$executeRaw`UPDATE "LoginThrottle" SET "failures" = "failures" - 1,
      "lockedUntil" = CASE WHEN "failures" - 1 >= ${limit} THEN "lockedUntil" ELSE NULL END
    WHERE "key" = ${key} AND "failures" > 0`;
}

export type Attempt = { locked: true } | { locked: false; slow: boolean };

/**
 * Before checking a password: charges the attempt to its pair and address rows (refused, and not
 * charged, while either is locked) and says whether it takes the slow path.
 */
export async function beginAttempt(email: string, ip: string, now = new Date()): Promise<Attempt> {
  maybePrune(now);
  const { perAccount, perIp, windowMs } = throttleLimits();
  const k = throttleKeys(email, ip);
  if ((await countFailure(k.pair, perAccount, now)) === null) return { locked: true };
  if ((await countFailure(k.ip, perIp, now)) === null) {
    await refund(k.pair, perAccount);
    return { locked: true };
  }
  const rows = await db.loginThrottle.findMany({ where: { key: { in: [k.account, k.known] } } });
  const account = rows.find((r) => r.key === k.account);
  const known = rows.find((r) => r.key === k.known && r.windowStart.getTime() > now.getTime() - KEEP_KNOWN_MS);
  const underAttack = !!account && account.windowStart.getTime() > now.getTime() - windowMs && account.failures >= perAccount;
  return { locked: false, slow: underAttack && !known };
}

/** The password was wrong (or the account unknown): the attempt stays charged; count it on the account. */
export async function attemptFailed(email: string, now = new Date()) {
  await countFailure(`acct:${email}`, null, now);
}

/** The password was right: refund the address, clear the pair, remember the address as known. */
export async function attemptSucceeded(email: string, ip: string, now = new Date()) {
  const { perIp } = throttleLimits();
  const k = throttleKeys(email, ip);
  await refund(k.ip, perIp);
  await db.loginThrottle.deleteMany({ where: { key: k.pair } });
  await db.loginThrottle.upsert({ where: { key: k.known }, create: { key: k.known, windowStart: now }, update: { windowStart: now } });
}

/** When `keys` are locked until (the latest), or null. */
export async function lockedUntil(keys: string[], now = new Date()): Promise<Date | null> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys }, lockedUntil: { gt: now } } });
  return rows.length ? new Date(Math.max(...rows.map((r) => r.lockedUntil!.getTime()))) : null;
}

/** Deletes counters older than a day and known addresses older than 30 days; returns how many. */
export async function pruneThrottle(now = new Date()): Promise<number> {
  const r = await db.loginThrottle.deleteMany({
    where: {
      OR: [
        { key: { startsWith: 'known:' }, windowStart: { lt: new Date(now.getTime() - KEEP_KNOWN_MS) } },
        { NOT: { key: { startsWith: 'known:' } }, windowStart: { lt: new Date(now.getTime() - KEEP_MS) } },
      ],
    },
  });
  return r.count;
}

let lastPrune = 0;
/** Opportunistic pruning from the sign-in path, at most every 10 minutes per process, off the request's critical path. */
function maybePrune(now: Date) {
  if (now.getTime() - lastPrune < PRUNE_EVERY_MS) return;
  lastPrune = now.getTime();
  pruneThrottle(now).catch((e) => console.warn('[auth] pruning sign-in throttle rows failed', e));
}

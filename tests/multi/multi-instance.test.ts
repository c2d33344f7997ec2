// Three Keycap servers (lean data plane + Next, as `npm start` runs them) sharing one PostgreSQL (started by scripts/multi-instance.mjs, which passes
// MULTI_URLS and MULTI_PIDS): concurrent authorize + settle round-robin across them on a capped key, then
// one instance killed with SIGKILL under load. Checks: the cap holds within the documented bound, every
// acknowledged settle is in the ledger exactly once, counters equal the ledger (reconcile drift 0).
// Rate limits (RateCounter, one fixed UTC minute, counted in the database): a 64-way burst spread over the
// instances admits exactly a key's requests per minute; tokens settled on any instance bind every one.
// (The crash test kills an instance, so it stays last: tests in a file run in order.)
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { reconcile } from '@/lib/metering/reconcile';
import { expireReservations } from '@/lib/metering/reservations';
import { windowSpend, wsSubject } from '@/lib/metering/spend';
import { reservationTtlMs } from '@/lib/config';
import { minuteStart } from '@/lib/metering/limits';
import { createKey } from '@/lib/services/keys';
import { benchWorkspace } from '../../bench/lib/fixture';

const URLS = (process.env.MULTI_URLS ?? '').split(',').filter(Boolean);
const PIDS = (process.env.MULTI_PIDS ?? '').split(',').filter(Boolean).map(Number);
const REQUEST_TIMEOUT_MS = 15_000;

interface Reply {
  status: number;
  body: Record<string, unknown> & { error?: { code?: string } };
}

/** POST to one instance; a network failure (refused, reset, timeout) throws. */
async function post(base: string, path: string, secret: string, body: unknown): Promise<Reply> {
  const r = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return { status: r.status, body: (await r.json()) as Reply['body'] };
}

interface Attempt {
  i: number;
  requestId: string;
  authorize: number | 'network';
  reservationId?: string;
  settleBody?: Record<string, unknown>;
  settle?: number | 'network';
  replay?: boolean;
}

/**
 * `total` requests from `concurrency` workers: authorize on instance i, settle on instance i+1 (round-robin,
 * so a reservation is usually settled by another instance than the one that made it). An instance that
 * fails at the network level is taken out of the rotation, as a load balancer would.
 */
async function load(opts: { secret: string; total: number; concurrency: number; estUsd: number; costUsd: number; tag: string; onAck?: (acked: number) => void }) {
  const live = [...URLS];
  const pick = (i: number) => live[i % live.length];
  const drop = (base: string) => {
    const at = live.indexOf(base);
    if (at >= 0 && live.length > 1) live.splice(at, 1);
  };
  const attempts: Attempt[] = [];
  let next = 0;
  let acked = 0;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (next < opts.total) {
        const i = next++;
        const a: Attempt = { i, requestId: `${opts.tag}-${i}`, authorize: 'network' };
        attempts.push(a);
        const authBase = pick(i);
        try {
          const r = await post(authBase, '/api/v1/gate/authorize', opts.secret, { estimatedCostUsd: opts.estUsd });
          a.authorize = r.status;
          if (r.status === 200) a.reservationId = String(r.body.reservationId);
          else expect(r.status, JSON.stringify(r.body)).toBe(402);
        } catch (e) {
          if ((e as Error).name === 'AssertionError') throw e;
          drop(authBase);
          continue;
        }
        if (!a.reservationId) continue;
        a.settleBody = { reservationId: a.reservationId, requestId: a.requestId, model: 'keycap-echo', costUsd: opts.costUsd };
        const settleBase = pick(i + 1);
        try {
          const s = await post(settleBase, '/api/v1/gate/settle', opts.secret, a.settleBody);
          a.settle = s.status;
          a.replay = s.body.replay === true;
          expect(s.status, JSON.stringify(s.body)).toBe(200);
          opts.onAck?.(++acked);
        } catch (e) {
          if ((e as Error).name === 'AssertionError') throw e;
          a.settle = 'network';
          drop(settleBase);
        }
      }
    }),
  );
  return attempts;
}

async function ledgerIds(workspaceId: string): Promise<string[]> {
  return (await db.usageEvent.findMany({ where: { workspaceId }, select: { requestId: true } })).map((e) => e.requestId);
}

interface FullReply extends Reply {
  base: string;
  headers: Headers;
}

/** Like `post`, with the response headers and any method. */
async function send(base: string, path: string, secret: string, body: unknown, method = 'POST'): Promise<FullReply> {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return { base, status: r.status, headers: r.headers, body: (await r.json()) as Reply['body'] };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Rate limits count per fixed UTC minute: waits until the clock is at least 2 s past a minute and 20 s
 * before the next, so a sequence that takes under 20 s runs in one window (the instances run on this
 * machine's clock). Returns that window's start; `sameWindow` asserts a sequence really stayed in it.
 */
async function oneWindow(): Promise<Date> {
  const into = Date.now() % 60_000;
  if (into < 2_000) await sleep(2_000 - into);
  else if (into > 40_000) await sleep(62_000 - into);
  return minuteStart(new Date());
}
const sameWindow = (w: Date) => expect(minuteStart(new Date()).getTime(), 'the sequence ran into the next UTC minute (it took over 20 s)').toBe(w.getTime());

/** An ADMIN key of the workspace (made through the service), for the key API on the instances. */
async function adminSecret(ctx: Awaited<ReturnType<typeof benchWorkspace>>['ctx']) {
  return (await createKey(ctx, { name: 'multi admin', type: 'ADMIN' })).secret;
}

describe.skipIf(URLS.length < 2)('several instances on one PostgreSQL', () => {
  it('holds the cap and records every acknowledged settle exactly once (300 requests, 48 concurrent, 3 instances)', async () => {
    expect(process.env.DB_PROVIDER).toBe('postgresql');
    const w = await benchWorkspace('Multi cap', { creditUsd: 100, budgetUsd: 50 });
    const k = await w.key({ name: 'multi capped', spendLimit: 1, spendLimitPeriod: 'daily' });
    // estimate = cost = $0.005 on a $1 cap: exactly 200 admissions fit (0.005 × 200 = 1.00).
    const attempts = await load({ secret: k.secret, total: 300, concurrency: 48, estUsd: 0.005, costUsd: 0.005, tag: 'cap' });

    expect(attempts.length).toBe(300);
    expect(attempts.filter((a) => a.authorize === 'network' || a.settle === 'network')).toEqual([]);
    const admitted = attempts.filter((a) => a.authorize === 200);
    const refused = attempts.filter((a) => a.authorize === 402);
    expect(admitted.length).toBe(200);
    expect(refused.length).toBe(100);
    expect(admitted.every((a) => a.settle === 200 && a.replay === false)).toBe(true);

    // The cap: spend never beyond cap + last estimate + in-flight excess (here 0: estimates equal costs).
    const day = await windowSpend(k.id, 'daily', new Date());
    expect(day.spentNano).toBeLessThanOrEqual(1_000_000_000n + 5_000_000n);
    expect(day.spentNano).toBe(1_000_000_000n);
    expect(day.reservedNano).toBe(0n);
    expect((await windowSpend(wsSubject(w.ws.id), 'monthly', new Date())).spentNano).toBe(1_000_000_000n);

    // Every acknowledged settle in the ledger exactly once, nothing else.
    const ids = await ledgerIds(w.ws.id);
    expect(ids.length).toBe(new Set(ids).size);
    expect(new Set(ids)).toEqual(new Set(admitted.map((a) => a.requestId)));

    const r = await reconcile({ workspaceId: w.ws.id, dryRun: true });
    expect(r.details).toEqual([]);
    expect(r.drift).toBe(0);
    expect(r.events).toBe(200);
  });

  it('holds a key\'s requests-per-minute limit under a 64-way burst across the instances: exactly 25 admitted, 39 refused with 429', async () => {
    const w = await benchWorkspace('Multi rpm', { creditUsd: 100 });
    const admin = await adminSecret(w.ctx);
    const created = await send(URLS[0], '/api/v1/api_keys', admin, { name: 'multi rpm' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const keyId = String(created.body.id);
    const secret = String(created.body.secret);

    const w0 = await oneWindow();
    // Every instance uses (and caches, KEY_CACHE_TTL_MS) the key while it has no limit; then the limit is set
    // through instance 0 only. The others' cached copies say "no limit": admission must read the key fresh.
    for (const base of URLS) {
      const a = await send(base, '/api/v1/gate/authorize', secret, { estimatedCostUsd: 0.001 });
      expect(a.status, JSON.stringify(a.body)).toBe(200);
      expect(a.headers.get('x-ratelimit-limit-requests')).toBeNull();
      expect((await send(base, '/api/v1/gate/release', secret, { reservationId: a.body.reservationId })).status).toBe(200);
    }
    const patched = await send(URLS[0], `/api/v1/api_keys/${keyId}`, admin, { rateLimitRpm: 25 }, 'PATCH');
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.rateLimitRpm).toBe(25);

    const t0 = Date.now();
    const rs = await Promise.all(Array.from({ length: 64 }, (_, i) => send(URLS[i % URLS.length], '/api/v1/gate/authorize', secret, { estimatedCostUsd: 0.001 })));
    const t1 = Date.now();
    sameWindow(w0);
    const resetsAt = new Date(w0.getTime() + 60_000);
    const secsAt = (t: number) => Math.ceil((resetsAt.getTime() - t) / 1000); // what the server computes at time t

    expect(rs.filter((r) => r.status !== 200 && r.status !== 429).map((r) => `${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
    const ok = rs.filter((r) => r.status === 200);
    const limited = rs.filter((r) => r.status === 429);
    console.log(
      `[rpm] burst of 64 in ${t1 - t0} ms: ` +
        URLS.map((u) => `${u.replace(/^.*:/, ':')} ${ok.filter((r) => r.base === u).length} admitted / ${limited.filter((r) => r.base === u).length} refused`).join(', '),
    );
    expect(ok.length).toBe(25);
    expect(limited.length).toBe(39);

    // Admitted: each saw its own count (the counter row is updated atomically and returns the count after).
    const remaining = ok.map((r) => Number(r.headers.get('x-ratelimit-remaining-requests'))).sort((a, b) => a - b);
    expect(remaining).toEqual(Array.from({ length: 25 }, (_, i) => i));
    for (const r of ok) {
      expect(r.headers.get('x-ratelimit-limit-requests')).toBe('25');
      const reset = /^(\d+)s$/.exec(r.headers.get('x-ratelimit-reset-requests') ?? '');
      expect(reset, String(r.headers.get('x-ratelimit-reset-requests'))).not.toBeNull();
      expect(Number(reset![1])).toBeGreaterThanOrEqual(secsAt(t1));
      expect(Number(reset![1])).toBeLessThanOrEqual(secsAt(t0));
      expect(r.headers.get('x-ratelimit-limit-tokens')).toBeNull(); // no tokens-per-minute limit on this key
    }
    // Refused: the one envelope, naming the limit and the window; retry-after = seconds left in it.
    for (const r of limited) {
      expect(r.body.error).toMatchObject({
        type: 'rate_limit_error',
        code: 'key_rate_limit_exceeded',
        scope: 'api_key',
        apiKeyId: keyId,
        limit: 'requests_per_minute',
        limitValue: 25,
        resetsAt: resetsAt.toISOString(),
      });
      const ra = r.headers.get('retry-after') ?? '';
      expect(ra).toMatch(/^\d+$/);
      expect(Number(ra)).toBe((r.body.error as { retryAfterSeconds?: number }).retryAfterSeconds);
      expect(Number(ra)).toBeGreaterThanOrEqual(Math.max(1, secsAt(t1)));
      expect(Number(ra)).toBeLessThanOrEqual(secsAt(t0));
    }

    // The database agrees: 25 requests counted in the window, 25 reservations open (refusals reserved nothing).
    const counter = await db.rateCounter.findUnique({ where: { subject_kind_windowStart: { subject: keyId, kind: 'req', windowStart: w0 } } });
    expect(Number(counter?.count)).toBe(25);
    expect(await db.reservation.count({ where: { apiKeyId: keyId, status: 'OPEN' } })).toBe(25);
    // Release them on the next instance each: nothing is held, counters equal the ledger.
    const released = await Promise.all(ok.map((r) => send(URLS[(URLS.indexOf(r.base) + 1) % URLS.length], '/api/v1/gate/release', secret, { reservationId: r.body.reservationId })));
    expect(released.map((r) => r.status)).toEqual(ok.map(() => 200));
    expect((await windowSpend(wsSubject(w.ws.id), 'monthly', new Date())).reservedNano).toBe(0n);
    expect((await reconcile({ workspaceId: w.ws.id, dryRun: true })).drift).toBe(0);
  });

  it('counts tokens per minute across the instances: usage settled on any instance binds admission on every one', async () => {
    const w = await benchWorkspace('Multi tpm', { creditUsd: 100 });
    const admin = await adminSecret(w.ctx);
    const created = await send(URLS[1], '/api/v1/api_keys', admin, { name: 'multi tpm', rateLimitTpm: 1000 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const keyId = String(created.body.id);
    const secret = String(created.body.secret);
    const authorize = (base: string) => send(base, '/api/v1/gate/authorize', secret, { model: 'keycap-echo', maxTokens: 50 });
    const settle = (base: string, reservationId: unknown, requestId: string) =>
      send(base, '/api/v1/gate/settle', secret, { reservationId, requestId, model: 'keycap-echo', usage: { promptTokens: 60, completionTokens: 40 } });

    const w0 = await oneWindow();
    // Tokens are counted when usage is settled, not at admission: ten concurrent admissions all see 1000 left.
    const auths = await Promise.all(Array.from({ length: 10 }, (_, i) => authorize(URLS[i % URLS.length])));
    for (const a of auths) {
      expect(a.status, JSON.stringify(a.body)).toBe(200);
      expect(a.headers.get('x-ratelimit-limit-tokens')).toBe('1000');
      expect(a.headers.get('x-ratelimit-remaining-tokens')).toBe('1000');
      expect(a.headers.get('x-ratelimit-limit-requests')).toBeNull();
    }
    // Nine settled concurrently, each on another instance than its admission: 9 × 100 tokens.
    const settled = await Promise.all(auths.slice(0, 9).map((a, i) => settle(URLS[(i + 1) % URLS.length], a.body.reservationId, `tpm-${i}`)));
    expect(settled.map((s) => s.status)).toEqual(settled.map(() => 200));
    // Every instance sees 900 of 1000 used.
    for (const base of URLS) {
      const a = await authorize(base);
      expect(a.status, JSON.stringify(a.body)).toBe(200);
      expect(a.headers.get('x-ratelimit-remaining-tokens')).toBe('100');
      expect((await send(base, '/api/v1/gate/release', secret, { reservationId: a.body.reservationId })).status).toBe(200);
    }
    // The tenth brings the window to 1000: every instance refuses with 429 tokens_per_minute.
    expect((await settle(URLS[2], auths[9].body.reservationId, 'tpm-9')).status).toBe(200);
    const resetsAt = new Date(w0.getTime() + 60_000).toISOString();
    const refused = await Promise.all(URLS.map((base) => authorize(base)));
    sameWindow(w0);
    for (const r of refused) {
      expect(r.status, JSON.stringify(r.body)).toBe(429);
      expect(r.body.error).toMatchObject({ type: 'rate_limit_error', code: 'key_rate_limit_exceeded', apiKeyId: keyId, limit: 'tokens_per_minute', limitValue: 1000, resetsAt });
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(r.headers.get('retry-after')).toBe(String((r.body.error as { retryAfterSeconds?: number }).retryAfterSeconds));
    }
    const counter = await db.rateCounter.findUnique({ where: { subject_kind_windowStart: { subject: keyId, kind: 'tok', windowStart: w0 } } });
    expect(Number(counter?.count)).toBe(1000);
    expect(await db.reservation.count({ where: { apiKeyId: keyId, status: 'OPEN' } })).toBe(0);
    expect((await reconcile({ workspaceId: w.ws.id, dryRun: true })).drift).toBe(0);
  });

  it('loses no acknowledged settle when an instance is killed with SIGKILL under load', async () => {
    expect(PIDS.length).toBe(URLS.length);
    const victim = PIDS[1];
    const w = await benchWorkspace('Multi crash', { creditUsd: 1000 });
    const k = await w.key({ name: 'multi crash', spendLimit: 1000, spendLimitPeriod: 'daily' });
    let killedAt = -1;
    const attempts = await load({
      secret: k.secret,
      total: 600,
      concurrency: 48,
      estUsd: 0.01,
      costUsd: 0.01,
      tag: 'crash',
      onAck: (n) => {
        if (n === 150 && killedAt < 0) {
          killedAt = n;
          process.kill(victim, 'SIGKILL'); // the instance on URLS[1], by its PID
        }
      },
    });
    expect(killedAt).toBe(150);
    expect(() => process.kill(victim, 0)).toThrow(); // really gone
    const acked = attempts.filter((a) => a.settle === 200);
    const failed = attempts.filter((a) => a.authorize === 'network' || a.settle === 'network');
    expect(failed.length).toBeGreaterThan(0); // the crash did hit requests in flight
    expect(acked.length).toBeGreaterThan(300); // and the two survivors kept serving
    console.log(`[crash] ${attempts.length} requests: ${acked.length} settles acknowledged, ${failed.length} failed at the network level`);

    // 1. Every acknowledged settle is in the ledger, exactly once; nothing that was never sent is.
    const before = await ledgerIds(w.ws.id);
    expect(before.length).toBe(new Set(before).size);
    const ledger = new Set(before);
    for (const a of acked) expect(ledger.has(a.requestId), a.requestId).toBe(true);
    const sent = new Set(attempts.filter((a) => a.settle !== undefined).map((a) => a.requestId));
    for (const id of ledger) expect(sent.has(id), id).toBe(true);
    // Counters agree with the ledger plus the reservations still open (reconcile counts those as held).
    expect((await reconcile({ workspaceId: w.ws.id, dryRun: true })).drift).toBe(0);

    // 2. A client retries its unacknowledged settles (same requestId, same body) on a survivor: each is
    //    recorded once — a replay when the crashed instance had committed it before dying.
    const survivor = URLS[0];
    const unacked = attempts.filter((a) => a.settle === 'network');
    let replays = 0;
    for (const a of unacked) {
      const s = await post(survivor, '/api/v1/gate/settle', k.secret, a.settleBody);
      expect(s.status, JSON.stringify(s.body)).toBe(200);
      expect(s.body.replay).toBe(ledger.has(a.requestId));
      if (s.body.replay) replays++;
    }
    console.log(`[crash] retried ${unacked.length} unacknowledged settles: ${replays} were already recorded (replay), ${unacked.length - replays} recorded now`);
    const after = await ledgerIds(w.ws.id);
    expect(after.length).toBe(new Set(after).size);
    expect(new Set(after)).toEqual(new Set(attempts.filter((a) => a.settleBody).map((a) => a.requestId)));

    // 3. Reservations made by the crashed instance whose answer never reached the client stay OPEN: nobody
    //    can settle or release them. By design they expire (RESERVATION_TTL_SECONDS) and give the headroom
    //    back; expire them now by passing a time past their expiry.
    const open = await db.reservation.count({ where: { workspaceId: w.ws.id, status: 'OPEN' } });
    console.log(`[crash] ${open} reservation(s) left open by the crash`);
    const future = new Date(Date.now() + reservationTtlMs() + 60_000);
    while ((await expireReservations(future)) > 0);
    expect(await db.reservation.count({ where: { workspaceId: w.ws.id, status: 'OPEN' } })).toBe(0);

    // 4. Counters equal the ledger: reconcile finds no drift, nothing is held, spend = sum of the ledger.
    const r = await reconcile({ workspaceId: w.ws.id, dryRun: true });
    expect(r.details).toEqual([]);
    expect(r.drift).toBe(0);
    const sum = await db.usageEvent.aggregate({ where: { workspaceId: w.ws.id }, _sum: { amountNano: true } });
    const day = await windowSpend(k.id, 'daily', new Date());
    expect(day.spentNano).toBe(sum._sum.amountNano);
    expect(day.reservedNano).toBe(0n);
    expect((await windowSpend(wsSubject(w.ws.id), 'monthly', new Date())).reservedNano).toBe(0n);
  });
});

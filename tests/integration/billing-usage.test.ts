// GET /billing/balance and GET /billing/usage: shapes, filters, pagination (body + headers), CSV export,
// every documented bad parameter -> 400 naming it, INFERENCE keys refused, tenant isolation.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { recordUsage } from '@/lib/metering/record';
import { addCredits } from '@/lib/services/credits';
import { createKey } from '@/lib/services/keys';
import { nanoToDecimal, nanoToUsd } from '@/lib/money';
import { listUsage } from '@/lib/billing/ledger';
import { parseUsageQuery } from '@/lib/billing/params';
import { usageCsvStream } from '@/lib/billing/csv';
import { GET as balanceGET } from '@/app/api/v1/billing/balance/route';
import { GET as usageGET } from '@/app/api/v1/billing/usage/route';
import { GET as analyticsGET } from '@/app/api/v1/billing/usage-analytics/route';
import type { UsageEvent } from '@/lib/generated/prisma/client';
import { callRoute, makeWorkspace, uniqueTag, type TestWorkspace } from './helpers';

const DAY = 86_400_000;
let t: TestWorkspace;
let events: UsageEvent[];
let keyA: string;
let keyB: string;
const now = Date.now();
const base = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate()) - 20 * DAY;

const get = (qs = '', o: { secret?: string; accept?: string } = {}) =>
  callRoute(usageGET, { secret: o.secret ?? t.adminKey.secret, path: `/api/v1/billing/usage${qs ? `?${qs}` : ''}`, headers: o.accept ? { accept: o.accept } : {} });

/** The ledger, newest first, as the API orders it. */
const desc = (xs: UsageEvent[]) =>
  [...xs].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

beforeAll(async () => {
  t = await makeWorkspace('Billing usage');
  keyA = (await createKey(t.ownerCtx, { name: 'backend, "prod"', type: 'INFERENCE' })).key.id;
  keyB = (await createKey(t.ownerCtx, { name: '=cmd|evil', type: 'INFERENCE' })).key.id;
  await addCredits(t.ownerCtx, { bucket: 'BUNDLED_CREDITS', usd: 0.05, note: 'plan' });
  await addCredits(t.ownerCtx, { bucket: 'USD', usd: 100, note: 'top-up' });
  const tag = uniqueTag();
  const models = ['gpt-4o-mini', 'gpt-4o', 'keycap-echo', 'text-embedding-3-small'];
  for (let i = 0; i < 237; i++) {
    const model = models[i % models.length];
    const costOnly = i % 17 === 0;
    await recordUsage({
      workspaceId: t.ws.id,
      apiKeyId: [keyA, keyB, null, t.inferenceKey.key.id][i % 4],
      requestId: `bu-${tag}-${i}`,
      model,
      promptTokens: costOnly ? undefined : 100 + ((i * 7919) % 5000),
      completionTokens: costOnly || model.startsWith('text-') ? undefined : (i * 104729) % 900,
      costNano: costOnly ? BigInt(1_000_000 + i) : undefined,
      // Several events share a timestamp (keyset ties), spread over 20 days.
      at: new Date(base + Math.floor(i / 3) * (20 * DAY / 80)),
      executionTimeMs: 100 + i,
      notes: i % 50 === 0 ? 'multi-line,\n"quoted" note' : undefined,
    });
  }
  events = await db.usageEvent.findMany({ where: { workspaceId: t.ws.id } });
}, 120_000);

describe('GET /billing/balance', () => {
  it('returns the buckets in product.md shape (ADMIN key)', async () => {
    const res = await callRoute(balanceGET, { secret: t.adminKey.secret, path: '/api/v1/billing/balance' });
    expect(res.status).toBe(200);
    const spent = events.filter((e) => e.currency === 'USD').reduce((s, e) => s + e.amountNano, 0n);
    const spentBundled = events.filter((e) => e.currency === 'BUNDLED_CREDITS').reduce((s, e) => s + e.amountNano, 0n);
    expect(res.body).toEqual({
      canConsume: true,
      consumptionCurrency: 'USD',
      balances: { diem: null, usd: nanoToUsd(100_000_000_000n - spent), bundledCredits: nanoToUsd(50_000_000n - spentBundled) },
      diemEpochAllocation: null,
    });
    expect(spentBundled).toBeGreaterThan(0n);
  });

  it('INFERENCE key -> 401 admin_key_required; no key -> 401', async () => {
    const res = await callRoute(balanceGET, { secret: t.inferenceKey.secret, path: '/api/v1/billing/balance' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('admin_key_required');
    expect((await callRoute(balanceGET, { path: '/api/v1/billing/balance' })).status).toBe(401);
  });
});

describe('GET /billing/usage (JSON)', () => {
  it('defaults: limit 200, page 1, newest first, pagination body + headers', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.body.pagination).toEqual({ limit: 200, page: 1, total: 237, totalPages: 2 });
    expect(res.headers.get('x-pagination-limit')).toBe('200');
    expect(res.headers.get('x-pagination-page')).toBe('1');
    expect(res.headers.get('x-pagination-total')).toBe('237');
    expect(res.headers.get('x-pagination-total-pages')).toBe('2');
    expect(res.body.data).toHaveLength(200);
    const ts = res.body.data.map((d: { timestamp: string }) => Date.parse(d.timestamp));
    expect(ts).toEqual([...ts].sort((a, b) => b - a));
  });

  it('rows: negative amounts, unit price, inference details (null for cost-only events)', async () => {
    const res = await get('limit=500');
    const sorted = desc(events);
    expect(res.body.data).toHaveLength(237);
    res.body.data.forEach((d: Record<string, unknown>, i: number) => {
      const e = sorted[i];
      expect(d).toEqual({
        timestamp: e.createdAt.toISOString(),
        sku: e.sku,
        units: Number(e.units),
        pricePerUnitUsd: nanoToUsd(e.unitPriceNano),
        amount: -nanoToUsd(e.amountNano)!,
        currency: e.currency,
        notes: e.notes,
        apiKeyId: e.apiKeyId,
        model: e.model,
        inferenceDetails:
          e.promptTokens === null && e.completionTokens === null
            ? null
            : { requestId: e.requestId, promptTokens: e.promptTokens, completionTokens: e.completionTokens, inferenceExecutionTime: e.executionTimeMs },
      });
      expect(d.amount as number).toBeLessThan(0);
    });
    expect(res.body.data.some((d: { inferenceDetails: unknown }) => d.inferenceDetails === null)).toBe(true);
  });

  it('pages walk the whole ledger once, in order, with no duplicates (ties on timestamp included)', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 6; page++) {
      const res = await get(`limit=50&page=${page}&sortOrder=asc`);
      expect(res.body.pagination).toEqual({ limit: 50, page, total: 237, totalPages: 5 });
      expect(res.headers.get('x-pagination-page')).toBe(String(page));
      expect(res.body.data).toHaveLength(page < 5 ? 50 : page === 5 ? 37 : 0);
      seen.push(...res.body.data.map((d: { timestamp: string; inferenceDetails: { requestId: string } | null; amount: number }) => `${d.timestamp}|${d.amount}`));
    }
    const asc = desc(events).reverse();
    expect(seen).toEqual(asc.map((e) => `${e.createdAt.toISOString()}|${-nanoToUsd(e.amountNano)!}`));
  });

  it('filters: currency, key (and console), model, date range (date-only end is inclusive)', async () => {
    const count = async (qs: string) => (await get(qs)).body.pagination.total;
    for (const c of ['USD', 'BUNDLED_CREDITS', 'DIEM']) expect(await count(`currency=${c}`)).toBe(events.filter((e) => e.currency === c).length);
    expect(await count(`apiKeyId=${keyA}`)).toBe(events.filter((e) => e.apiKeyId === keyA).length);
    expect(await count('apiKeyId=console')).toBe(events.filter((e) => e.apiKeyId === null).length);
    expect(await count('model=gpt-4o')).toBe(events.filter((e) => e.model === 'gpt-4o').length);
    const d0 = new Date(base + 5 * DAY).toISOString().slice(0, 10);
    const d1 = new Date(base + 9 * DAY).toISOString().slice(0, 10);
    const inRange = (e: UsageEvent) => e.createdAt.getTime() >= Date.parse(d0) && e.createdAt.getTime() < Date.parse(d1) + DAY;
    expect(await count(`startDate=${d0}&endDate=${d1}`)).toBe(events.filter(inRange).length);
    // date-times with a timezone: both ends inclusive
    const mid = events[100].createdAt;
    const iso = mid.toISOString();
    expect(await count(`startDate=${encodeURIComponent(iso)}&endDate=${encodeURIComponent(iso)}`)).toBe(events.filter((e) => e.createdAt.getTime() === mid.getTime()).length);
    const plus2 = iso.replace('Z', '+02:00');
    expect(await count(`startDate=${encodeURIComponent(plus2)}`)).toBe(events.filter((e) => e.createdAt.getTime() >= mid.getTime() - 2 * 3600_000).length);
    const combo = await get(`currency=USD&apiKeyId=${keyB}&model=gpt-4o&limit=5`);
    const want = events.filter((e) => e.currency === 'USD' && e.apiKeyId === keyB && e.model === 'gpt-4o');
    expect(combo.body.pagination.total).toBe(want.length);
    expect(want.length).toBeGreaterThan(5);
  });

  it('every bad parameter -> 400 naming it, nothing returned', async () => {
    const cases: [string, string][] = [
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=x', 'limit'],
      ['limit=1.5', 'limit'],
      ['page=0', 'page'],
      ['page=-1', 'page'],
      ['sortOrder=up', 'sortOrder'],
      ['currency=EUR', 'currency'],
      ['startDate=yesterday', 'startDate'],
      ['startDate=2026-13-01', 'startDate'],
      ['startDate=2026-01-01T10:00:00', 'startDate'], // no timezone
      ['endDate=2026-02-30', 'endDate'],
      ['startDate=2026-02-10&endDate=2026-02-01', 'endDate'],
      ['model=', 'model'],
    ];
    for (const [qs, param] of cases) {
      for (const accept of [undefined, 'text/csv']) {
        const res = await get(qs, { accept });
        expect(res.status, `${qs} ${accept ?? ''}`).toBe(400);
        expect(res.body.error.type).toBe('invalid_request_error');
        expect(res.body.error.param, qs).toBe(param);
        expect(res.body.error.message, qs).toContain(param);
        expect(res.body.data).toBeUndefined();
      }
    }
  });

  it('INFERENCE key -> 401 admin_key_required (JSON and CSV)', async () => {
    for (const accept of [undefined, 'text/csv']) {
      const res = await get('', { secret: t.inferenceKey.secret, accept });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('admin_key_required');
    }
  });

  it('another workspace sees only its own ledger', async () => {
    const other = await makeWorkspace('Other billing');
    const res = await callRoute(usageGET, { secret: other.adminKey.secret, path: '/api/v1/billing/usage' });
    expect(res.status).toBe(200);
    expect(res.body.pagination.total).toBe(0);
    expect(res.body.data).toEqual([]);
    const byKey = await callRoute(usageGET, { secret: other.adminKey.secret, path: `/api/v1/billing/usage?apiKeyId=${keyA}` });
    expect(byKey.body.pagination.total).toBe(0);
  });

  it('members can read the ledger through the service (workspace.view)', async () => {
    const r = await listUsage(t.memberCtx, parseUsageQuery(new URLSearchParams('limit=3')));
    expect(r.pagination.total).toBe(237);
    expect(r.data).toHaveLength(3);
  });

  it('analytics: lookback 365d is clamped to 90d', async () => {
    const res = await callRoute(analyticsGET, { secret: t.inferenceKey.secret, path: '/api/v1/billing/usage-analytics?lookback=365d' });
    expect(res.status).toBe(200);
    expect(res.body.lookback).toBe('90d');
    expect(res.body.byDate).toHaveLength(90);
  });
});

describe('GET /billing/usage (CSV)', () => {
  it('Accept: text/csv -> attachment billing-usage.csv with every matching row, exact amounts', async () => {
    const res = await get('', { accept: 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="billing-usage.csv"');
    expect(res.headers.get('x-pagination-total')).toBeNull();
    const rows = parseCsv(res.body as unknown as string);
    const [header, ...data] = rows;
    expect(header).toEqual(['timestamp', 'sku', 'units', 'pricePerUnitUsd', 'amount', 'currency', 'notes', 'apiKeyId', 'apiKeyName', 'model', 'requestId', 'promptTokens', 'completionTokens', 'inferenceExecutionTime']);
    expect(data).toHaveLength(237); // the whole filtered ledger, not one page
    const names = new Map([[keyA, 'backend, "prod"'], [keyB, "'=cmd|evil"], [t.inferenceKey.key.id, 'Test inference key']]);
    desc(events).forEach((e, i) => {
      expect(data[i]).toEqual([
        e.createdAt.toISOString(),
        e.sku,
        String(e.units),
        nanoToDecimal(e.unitPriceNano),
        nanoToDecimal(-e.amountNano),
        e.currency,
        e.notes ?? '',
        e.apiKeyId ?? '',
        e.apiKeyId ? names.get(e.apiKeyId) : 'Console',
        e.model,
        e.requestId,
        e.promptTokens === null ? '' : String(e.promptTokens),
        e.completionTokens === null ? '' : String(e.completionTokens),
        String(e.executionTimeMs),
      ]);
    });
    // CSV amounts sum exactly to the ledger
    const decToNano = (d: string) => {
      const [w, f = ''] = d.replace('-', '').split('.');
      const n = BigInt(w) * 1_000_000_000n + BigInt(f.padEnd(9, '0'));
      return d.startsWith('-') ? -n : n;
    };
    const total = data.reduce((s, r) => s + decToNano(r[4]), 0n);
    expect(total).toBe(-events.reduce((s, e) => s + e.amountNano, 0n));
  });

  it('CSV honours the filter and sort order, and matches the JSON rows', async () => {
    const qs = `currency=USD&apiKeyId=console&sortOrder=asc`;
    const csv = parseCsv((await get(qs, { accept: 'text/csv' })).body as unknown as string).slice(1);
    const json = (await get(`${qs}&limit=500`)).body.data as { timestamp: string; amount: number; model: string }[];
    expect(csv.length).toBe(json.length);
    expect(csv.length).toBeGreaterThan(10);
    csv.forEach((r, i) => {
      expect(r[0]).toBe(json[i].timestamp);
      expect(Number(r[4])).toBe(json[i].amount);
      expect(r[9]).toBe(json[i].model);
      expect(r[7]).toBe('');
      expect(r[5]).toBe('USD');
    });
  });

  it('the keyset cursor pages through ties on the same timestamp without losing or repeating rows', async () => {
    for (const order of ['desc', 'asc'] as const) {
      const text = await new Response(usageCsvStream(t.memberCtx, {}, order, 7)).text(); // 7 rows per page: many page breaks inside ties
      const ids = parseCsv(text).slice(1).map((r) => r[10]);
      const want = order === 'desc' ? desc(events) : desc(events).reverse();
      expect(ids).toEqual(want.map((e) => e.requestId));
    }
    const filtered = await new Response(usageCsvStream(t.memberCtx, { apiKeyId: keyA, currency: 'USD' }, 'desc', 5)).text();
    expect(parseCsv(filtered).slice(1).map((r) => r[10])).toEqual(desc(events.filter((e) => e.apiKeyId === keyA && e.currency === 'USD')).map((e) => e.requestId));
  });

  it('an empty result is a header-only CSV', async () => {
    const res = await get('startDate=2001-01-01&endDate=2001-01-02', { accept: 'text/csv' });
    expect(res.status).toBe(200);
    expect(parseCsv(res.body as unknown as string)).toHaveLength(1);
  });
});

// Burn-rate forecasts in the console (issue 13): keys with a known spend rate over the last 24 hours (usage
// imported with timestamps), seen on the key list ("Hits $50.00 on … at this rate"), the key page (both rates
// and the sentence) and the overview (the budget's forecast and the keys that hit their cap soonest).
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO, DEMO_SLUG, login, shot, uid } from './helpers';

const PORT = Number(process.env.E2E_PORT ?? 3100);
const dataDir = path.resolve(PORT === 3100 ? 'tmp/e2e' : `tmp/e2e-${PORT}`); // as in playwright.config.ts
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const W = `/w/${DEMO_SLUG}`;
const HOUR = 3_600_000;
const WHEN = /[A-Z][a-z]{2} \d{1,2}(?: \d{4})?, \d{2}:\d{2} UTC/;

function demoAdminKey(): string {
  const creds = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as { keys: { type: string; secret: string }[] };
  return creds.keys.find((k) => k.type === 'ADMIN')!.secret;
}

async function api(request: APIRequestContext, method: 'get' | 'post' | 'delete', url: string, data?: unknown) {
  const r = await request[method](url, { headers: { authorization: `Bearer ${demoAdminKey()}` }, data });
  expect(r.ok(), await r.text()).toBe(true);
  return r.json();
}

/** A key with a lifetime (total) limit and `perHour` dollars in each of the last `hours` hours. */
async function keyWithRate(request: APIRequestContext, name: string, limit: number, period: 'total' | 'daily' | 'monthly', perHour: number, hours: number) {
  const key = await api(request, 'post', '/api/v1/api_keys', { name, spendLimit: limit, spendLimitPeriod: period });
  created.push(key.id);
  const now = Date.now();
  if (hours > 0)
    await api(request, 'post', '/api/v1/usage', {
      events: Array.from({ length: hours }, (_, i) => ({
        requestId: `e2e-fc-${uid()}`, apiKeyId: key.id, model: 'keycap-echo', costUsd: perHour, timestamp: new Date(now - (i + 0.5) * HOUR).toISOString(),
      })),
    });
  return key as { id: string; name: string };
}

// The demo workspace is shared with the other specs: revoke this spec's keys afterwards, so their reached /
// 96 % states do not fill the console banner another spec reads.
const created: string[] = [];
test.afterEach(async ({ request }) => {
  for (const id of created.splice(0)) await api(request, 'delete', `/api/v1/api_keys/${id}`);
});

const row = (page: Page, name: string) => page.locator(`[data-testid="key-row"][data-key-name="${name}"]`);

test('burn-rate forecast: key list, key page and overview, on a desktop and a phone', async ({ page, request }) => {
  test.setTimeout(120_000);
  const id = uid();
  // $2/h for 24 h on a $50 lifetime cap: $48 spent, $2 left → reached in about an hour
  const soon = await keyWithRate(request, `batch job ${id}`, 50, 'total', 2, 24);
  // $6 spent of $5: reached
  const over = await keyWithRate(request, `nightly eval ${id}`, 5, 'total', 1, 6);
  // a daily $100 cap at $0.10/h: resets long before
  const slow = await keyWithRate(request, `slow daily ${id}`, 100, 'daily', 0.1, 24);
  // a capped key without usage
  const idle = await keyWithRate(request, `idle ${id}`, 20, 'monthly', 0, 0);

  const o = await api(request, 'get', `/api/v1/api_keys/${soon.id}`);
  expect(o.forecast).toMatchObject({ spendRate24h: 48, spendRate7d: 6.857142857, state: 'projected' });
  const eta = new Date(o.projectedExhaustionAt).getTime() - Date.now();
  expect(eta).toBeGreaterThan(0.9 * HOUR);
  expect(eta).toBeLessThanOrEqual(HOUR);
  expect((await api(request, 'get', `/api/v1/api_keys/${over.id}`)).forecast.state).toBe('reached');
  expect((await api(request, 'get', `/api/v1/api_keys/${slow.id}`)).forecast.state).toBe('not_in_window');
  expect((await api(request, 'get', `/api/v1/api_keys/${idle.id}`)).forecast.state).toBe('no_usage');
  const ws = await api(request, 'get', '/api/v1/workspace');
  expect(ws.forecast).not.toBeNull();

  await page.setViewportSize(DESKTOP);
  await login(page, DEMO.member);

  // Key list: one line under the spend bar, only where the cap is (about to be) reached
  await page.goto(`${W}/keys`);
  await expect(row(page, soon.name).getByTestId('key-forecast')).toHaveText(new RegExp(`^Hits \\$50\\.00 on ${WHEN.source} at this rate$`));
  await expect(row(page, over.name).getByTestId('key-forecast')).toHaveText('Cap reached: calls are refused');
  await expect(row(page, slow.name).getByTestId('key-forecast')).toHaveCount(0);
  await expect(row(page, idle.name).getByTestId('key-forecast')).toHaveCount(0);
  await page.getByRole('searchbox', { name: 'Search keys' }).fill(id);
  await expect(page.getByTestId('key-row')).toHaveCount(4);
  await shot(page, 'forecast-keys');

  // Key page: both rates and the sentence
  await row(page, soon.name).getByRole('link', { name: soon.name }).click();
  const f = page.getByTestId('detail-forecast');
  await expect(f).toHaveAttribute('data-state', 'projected');
  await expect(page.getByTestId('detail-forecast-rates')).toHaveText('$48.00/day over 24 h · $6.86/day over 7 d');
  await expect(page.getByTestId('detail-forecast-sentence')).toHaveText(new RegExp(`^At this rate, ${soon.name} hits \\$50\\.00 on ${WHEN.source}\\.$`));
  await shot(page, 'forecast-key-detail');
  for (const [k, state, sentence] of [
    [over, 'reached', `${over.name} has reached its $5.00 cap: calls are refused until the limit is raised.`],
    [slow, 'not_in_window', new RegExp(`^At this rate, ${slow.name} won’t reach its \\$100\\.00 cap before it resets on ${WHEN.source}\\.$`)],
    [idle, 'no_usage', 'No spend in the last 24 h, so no projection.'],
  ] as const) {
    await page.goto(`${W}/keys/${k.id}`);
    await expect(f).toHaveAttribute('data-state', state);
    await expect(page.getByTestId('detail-forecast-sentence')).toHaveText(sentence);
  }
  await page.goto(`${W}/keys/${slow.id}`);
  await expect(page.getByTestId('detail-forecast-rates')).toHaveText('$2.40/day over 24 h · $0.34/day over 7 d');

  // Overview: the budget's forecast and the soonest keys (ours is due within the hour)
  await page.goto(W);
  const ov = page.getByTestId('overview-forecast');
  await expect(ov.getByTestId('budget-forecast')).toHaveAttribute('data-state', ws.forecast.state);
  await expect(ov.getByTestId('budget-forecast-sentence')).toContainText('$500.00 monthly budget');
  const rows = ov.getByTestId('key-forecast-row');
  expect(await rows.count()).toBeGreaterThanOrEqual(1);
  expect(await rows.count()).toBeLessThanOrEqual(3);
  await expect(rows.first()).toHaveAttribute('data-key-name', soon.name);
  await expect(rows.first()).toContainText(new RegExp(`${soon.name} hits \\$50\\.00 on ${WHEN.source}`));
  await ov.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/screenshots/forecast-overview.png' });

  // A phone: nothing wider than the screen, the same lines
  await page.setViewportSize(PHONE);
  await page.goto(W);
  await ov.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await page.screenshot({ path: 'e2e/screenshots/forecast-overview-mobile.png' });
  await page.goto(`${W}/keys`);
  await page.getByRole('searchbox', { name: 'Search keys' }).fill(id);
  await expect(page.getByTestId('key-row')).toHaveCount(4);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await row(page, soon.name).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/screenshots/forecast-keys-mobile.png' });
  await page.goto(`${W}/keys/${soon.id}`);
  await f.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await page.screenshot({ path: 'e2e/screenshots/forecast-key-detail-mobile.png' });
});

// Console journeys for the "safe by default, readable money, accessible forms, drill-down" issue, each at
// 1440×900 and (where layout matters) 390×844, with screenshots in e2e/screenshots (git-ignored):
// a new workspace's default key limit, statuses when the workspace (not the key) refuses, the $0 budget
// banner at once, human validation messages, one money rule, sub-cent chart axes, legend contrast, the
// ledger's sign, key detail (cap history, ledger links, alerts hint), drill-down from bars, DIEM for owners
// only, invitation links, phone layouts, loading states and reversed date ranges.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO, DEMO_SLUG, login, shot, uid } from './helpers';

const PORT = Number(process.env.E2E_PORT ?? 3100);
const dataDir = path.resolve(PORT === 3100 ? 'tmp/e2e' : `tmp/e2e-${PORT}`); // as in playwright.config.ts
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const W = `/w/${DEMO_SLUG}`;

function demoAdminKey(): string {
  const creds = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as { keys: { type: string; secret: string }[] };
  return creds.keys.find((k) => k.type === 'ADMIN')!.secret;
}
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

/** Charts load lazily: wait until each shows its data or its empty state (not the skeleton). */
async function chartsDrawn(page: Page) {
  await expect(page.locator('[data-chart-state="loading"]')).toHaveCount(0);
}

/** What the screen shows (not the full page), for phone views that are long. */
const view = (page: Page, name: string) => page.screenshot({ path: `e2e/screenshots/${name}.png` });

/** Signs up a brand-new user and workspace through the form; returns its slug. */
async function signUp(page: Page, label: string): Promise<string> {
  const id = uid();
  await page.goto('/signup');
  await page.getByLabel('Name', { exact: true }).fill(`New ${label}`);
  await page.getByLabel('Email').fill(`${label}-${id}@e2e.keycap.dev`);
  await page.getByLabel('Password').fill('new-signup-password-1');
  await page.getByLabel('Workspace name').fill(`${label} ${id}`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${label}-${id}$`));
  return `${label}-${id}`;
}

/** Creates a key in the console and returns its secret. */
async function createKeyInConsole(page: Page, slug: string, name: string, type: 'Inference' | 'Admin' = 'Inference'): Promise<string> {
  await page.goto(`/w/${slug}/keys`);
  await page.getByTestId('create-key').first().click();
  const dialog = page.getByRole('dialog', { name: 'Create API key' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Type').selectOption({ label: type });
  await dialog.getByRole('button', { name: 'Create key' }).click();
  const secret = (await page.getByTestId('new-key-secret').textContent())!.trim();
  await page.getByRole('button', { name: 'I have saved it' }).click();
  return secret;
}

async function importUsage(request: APIRequestContext, secret: string, events: { apiKeyId?: string | null; costUsd: number; model?: string; at?: Date }[]) {
  // usage import records what already happened (no admission check), charged like any usage
  const r = await request.post('/api/v1/usage', {
    headers: bearer(secret),
    data: { events: events.map((e) => ({ requestId: `e2e-${uid()}`, apiKeyId: e.apiKeyId ?? null, timestamp: (e.at ?? new Date()).toISOString(), model: e.model ?? 'keycap-echo', costUsd: e.costUsd })) },
  });
  expect(r.status(), await r.text()).toBe(200);
}

test('safe by default: a new workspace has a visible $25/month default, pre-filled (not a placeholder) in the create form', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  const slug = await signUp(page, 'fresh');
  await page.goto(`/w/${slug}/keys`);
  await expect(page.getByTestId('default-limit-line')).toHaveText('New keys start with a limit of $25.00 per month (the workspace default).');
  await page.getByTestId('create-key').first().click();
  const dialog = page.getByRole('dialog', { name: 'Create API key' });
  await expect(dialog.getByRole('checkbox', { name: 'Spend limit' })).toBeChecked();
  // a real value, not a placeholder that only looks like one
  await expect(dialog.getByLabel('Limit (USD)')).toHaveValue('25');
  await expect(dialog.getByLabel('Period')).toHaveValue('monthly');
  await expect(dialog.getByText('Pre-filled from the workspace default ($25.00 per month).')).toBeVisible();
  await shot(page, 'console-create-default');
  await dialog.getByLabel('Name').fill('first key');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await page.getByRole('button', { name: 'I have saved it' }).click();
  const row = page.locator('[data-testid="key-row"][data-key-name="first key"]');
  await expect(row.getByTestId('key-limit')).toHaveText('$25.00 per month');
  // no credit yet: the workspace, not the key, refuses — and the status says so
  await expect(row.getByTestId('key-status')).toHaveText('blocked: no credit');
  await expect(page.getByTestId('workspace-blocked')).toContainText('The workspace has no credit left');
  await page.goto(`/w/${slug}/settings`);
  await expect(page.getByTestId('default-limit-form').getByLabel('Default limit (USD)')).toHaveValue('25');
  // empty budget: a placeholder in words, never a number that looks saved
  await expect(page.getByTestId('budget-form').getByLabel('Monthly budget (USD)')).toHaveAttribute('placeholder', 'No budget');
  await page.setViewportSize(PHONE);
  await page.goto(`/w/${slug}/keys`);
  await row.getByRole('link', { name: 'first key' }).click();
  await expect(page.getByTestId('key-blocked')).toContainText('the workspace has no credit left');
  await expect(page.getByTestId('key-blocked').getByRole('link', { name: 'Add credit' })).toHaveAttribute('href', `/w/${slug}/settings/credits`);
  await shot(page, 'console-key-no-credit-phone');
});

test('a $0 budget: the banner shows at once, and every key says "blocked by workspace budget"', async ({ page, request }) => {
  await page.setViewportSize(DESKTOP);
  const auth = bearer(demoAdminKey());
  const before = await (await request.get('/api/v1/workspace', { headers: auth })).json();
  try {
    await login(page, DEMO.owner);
    await page.goto(`${W}/settings`);
    const form = page.getByTestId('budget-form');
    await form.getByLabel('Monthly budget (USD)').fill('0');
    await form.getByRole('button', { name: /budget/ }).first().click();
    await page.getByRole('dialog', { name: 'Set the monthly budget to $0?' }).getByRole('button', { name: 'Set a $0 budget' }).click();
    // no reload: the layout's banner is refreshed with the page
    const item = page.getByTestId('alert-banner-item').filter({ hasText: 'The workspace' });
    await expect(item).toContainText('The workspace has a monthly budget of $0 — every request is refused until it is raised or removed.');
    await expect(item).toHaveAttribute('data-level', 'reached');
    await expect(page.getByTestId('budget-zero')).toBeVisible();
    await shot(page, 'console-zero-budget-banner');
    await page.goto(`${W}/keys`);
    const demoKey = page.locator('[data-testid="key-row"][data-key-name="Demo inference key"]');
    await expect(demoKey.getByTestId('key-status')).toHaveText('blocked by workspace budget');
    await expect(page.getByTestId('workspace-blocked')).toContainText('reached its monthly budget');
    // the API reports the same status
    const keys = (await (await request.get('/api/v1/api_keys', { headers: auth })).json()).data as { name: string; status: string }[];
    expect(keys.find((k) => k.name === 'Demo inference key')?.status).toBe('blocked_budget');
    await demoKey.getByRole('link').click();
    await expect(page.getByTestId('key-blocked')).toContainText('The key itself is fine, but the workspace reached its monthly budget');
    await page.setViewportSize(PHONE);
    await chartsDrawn(page);
    await shot(page, 'console-key-blocked-budget-phone');
  } finally {
    await request.patch('/api/v1/workspace', { headers: auth, data: { monthlyBudget: before.monthlyBudget } });
  }
  await page.goto(`${W}/keys`);
  await expect(page.locator('[data-testid="key-row"][data-key-name="Demo inference key"]').getByTestId('key-status')).toHaveText('active');
});

test('validation: human messages next to the field, aria-invalid + describedby, focus on the first error, typed values kept', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await login(page, DEMO.owner);
  await page.goto(`${W}/keys`);
  await page.getByTestId('create-key').first().click();
  const dialog = page.getByRole('dialog', { name: 'Create API key' });
  const limit = dialog.getByLabel('Limit (USD)');
  await limit.fill('-5');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  // the first field in error (the empty name) gets focus; both fields say what is wrong in words
  const name = dialog.getByLabel('Name');
  await expect(name).toBeFocused();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByText('Give the key a name, e.g. “backend prod”.')).toBeVisible();
  await expect(limit).toHaveAttribute('aria-invalid', 'true');
  const describedBy = (await limit.getAttribute('aria-describedby'))!.split(' ');
  await expect(page.locator(`[id="${describedBy[0]}"]`)).toHaveText('The amount can’t be negative.');
  // the red outline is on the field itself: its ring differs from a valid field's
  const ring = (l: ReturnType<Page['getByLabel']>) => l.evaluate((el) => getComputedStyle(el).boxShadow);
  expect(await ring(limit)).not.toBe(await ring(dialog.getByLabel('Period')));
  await expect(limit).toHaveValue('-5'); // kept
  await shot(page, 'console-validation');
  for (const [typed, message] of [
    ['abc', 'Enter a number of dollars, e.g. 25 or 25.50 (digits and one dot).'],
    ['2000000000', 'That is more than the largest amount accepted ($1 billion).'],
    ['1,5', 'Use a dot for the decimals, e.g. 25.50.'],
    ['0.0000000001', 'Use at most 9 decimal places (a billionth of a dollar).'],
  ]) {
    await name.fill('validated');
    await limit.fill(typed);
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await expect(limit).toBeFocused();
    await expect(dialog.getByText(message)).toBeVisible();
    await expect(limit).toHaveValue(typed);
  }
  await expect(dialog).not.toContainText(/spendLimit|confirmZeroLimit|null|1000000000|Invalid input|must be/);
  // $0 asks for the confirmation, next to it
  await limit.fill('0');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  const confirm = dialog.getByRole('checkbox', { name: /I understand/ });
  await expect(confirm).toBeFocused();
  await expect(confirm).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByText('Tick the box to confirm: a limit of $0 refuses every call made with this key.')).toBeVisible();
  // Tab stays in the dialog (native <dialog> opened with showModal)
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]'))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);

  // settings, credits, prices: the same words, the same field treatment
  await page.goto(`${W}/settings`);
  const dflt = page.getByTestId('default-limit-form');
  await dflt.getByLabel('Default limit (USD)').fill('0');
  await dflt.getByRole('button', { name: /default/ }).first().click();
  await expect(dflt.getByLabel('Default limit (USD)')).toBeFocused();
  await expect(dflt.getByText('Enter an amount above $0: a default of $0 would create every new key blocked.')).toBeVisible();
  await page.goto(`${W}/settings/credits`);
  const topup = page.getByTestId('topup-form');
  await topup.getByLabel('Amount (USD)').fill('ten');
  await topup.getByRole('button', { name: 'Add credits' }).click();
  await expect(topup.getByLabel('Amount (USD)')).toBeFocused();
  await expect(topup.getByText('Enter a number of dollars, e.g. 25 or 25.50 (digits and one dot).')).toBeVisible();
  await expect(topup.getByText(/Add a note/)).toBeVisible();
  await expect(topup.getByLabel('Amount (USD)')).toHaveValue('ten');
  await page.setViewportSize(PHONE);
  await shot(page, 'console-validation-credits-phone');
});

test('money: one rule everywhere, a first call\'s sub-cent spend on a readable axis, legend contrast, the ledger\'s sign, credit hints', async ({ page, request }) => {
  await page.setViewportSize(DESKTOP);
  await login(page, DEMO.owner);
  // one rule: 2 decimals from $1 up, on the keys page and the overview (never "$1.2346" next to "$1.23 left")
  for (const p of ['/keys', '', '/settings', '/settings/credits']) {
    await page.goto(`${W}${p}`);
    const text = await page.locator('main').innerText();
    expect(text, p || 'overview').not.toMatch(/\$[1-9][\d,]*\.\d{3,}/);
  }
  const mobile = page.locator('[data-testid="key-row"][data-key-name="mobile app"]');
  await page.goto(`${W}/keys`);
  await expect(mobile.getByTestId('key-spend')).toContainText(/\$\d+\.\d\d of \$\d+\.\d\d per month/);
  await expect(mobile.getByTestId('key-spend')).toContainText(/\$\d+\.\d\d left/);

  // the overview: legend text dark enough (≥ 4.5:1), and the credit buckets explained
  await page.goto(W);
  const legend = page.getByTestId('chart-by-model').locator('.recharts-legend-item-text').first();
  await expect(legend).toBeVisible();
  expect(await legend.evaluate((el) => getComputedStyle(el.querySelector('span') ?? el).color)).toBe('rgb(51, 65, 85)');
  await expect(page.getByTestId('balance-hint')).toContainText('DIEM (a daily allocation, refilled at 00:00 UTC)');
  await expect(page.getByTestId('balance-hint')).toContainText('bundled credits (included with your plan)');

  // the ledger: the amount column is signed like the CSV (a debit is negative)
  await page.goto(`${W}/usage`);
  const first = page.getByTestId('usage-table').locator('tbody tr').first();
  const amount = Number(await first.getAttribute('data-amount'));
  expect(amount).toBeLessThan(0);
  await expect(first.getByTestId('usage-amount')).toHaveText(/^−\$\d/);
  await expect(page.getByTestId('usage-table').getByRole('columnheader', { name: 'Amount' })).toBeVisible();

  // a brand-new workspace's first call costs $0.000006: its chart axis reads "$0.000006", not "000006"
  const slug = await signUp(page, 'subcent');
  const admin = await createKeyInConsole(page, slug, 'importer', 'Admin');
  await importUsage(request, admin, [{ costUsd: 0.000006 }]);
  await page.goto(`/w/${slug}`);
  const chart = page.getByTestId('chart-by-date');
  await expect(chart.locator('.recharts-surface').first()).toBeVisible();
  const ticks = chart.locator('.recharts-yAxis-tick-labels text');
  await expect(ticks.last()).toHaveText('$0.000006');
  // the whole label is inside the chart (not clipped at the left edge)
  const chartBox = (await chart.locator('.recharts-wrapper').first().boundingBox())!;
  const tickBox = (await ticks.last().boundingBox())!;
  expect(tickBox.x).toBeGreaterThanOrEqual(chartBox.x - 0.5);
  await expect(page.getByTestId('chart-by-date-total')).toHaveText('$0.000006');
  await expect(page.getByTestId('range-total-value')).toHaveText('$0.000006');
  // it was charged to an empty USD bucket: the balance is below zero, and the page says why
  await expect(page.getByTestId('balance-negative-hint')).toContainText('Below zero: the request that used up this bucket cost more than was left');
  await shot(page, 'console-subcent-overview');
  await page.goto(`/w/${slug}/settings/credits`);
  await expect(page.getByTestId('balance-usd')).toHaveText('-$0.000006');
  await expect(page.getByTestId('balance-usd-negative')).toBeVisible();
  await expect(page.locator('main')).toContainText('DIEM: a daily allocation that refills at 00:00 UTC');
  await page.setViewportSize(PHONE);
  await page.goto(`/w/${slug}`);
  await expect(ticks.last()).toHaveText('$0.000006');
  await shot(page, 'console-subcent-overview-phone');
});

test('key detail: cap only on the days it applied, no duplicated figures, alerts hint, ledger links and drill-down from bars', async ({ page, request }) => {
  await page.setViewportSize(DESKTOP);
  const auth = bearer(demoAdminKey());
  // the demo's "embeddings pipeline" has 90 days of usage and no limit; give it a daily cap today
  const keys = (await (await request.get('/api/v1/api_keys', { headers: auth })).json()).data as { id: string; name: string }[];
  const key = keys.find((k) => k.name === 'embeddings pipeline')!;
  await login(page, DEMO.owner);
  try {
    expect((await request.patch(`/api/v1/api_keys/${key.id}`, { headers: auth, data: { spendLimit: 1, spendLimitPeriod: 'daily' } })).status()).toBe(200);
    await page.goto(`${W}/keys/${key.id}`);
    const chart = page.getByTestId('key-spend-chart');
    const table = chart.getByTestId('key-spend-chart-table');
    // a cap within sight of the daily spend, so it is drawn
    const spent = await table.locator('tbody tr td:nth-child(2)').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
    const cap = Math.max(0.01, Math.ceil(Math.max(...spent) * 120) / 100);
    expect((await request.patch(`/api/v1/api_keys/${key.id}`, { headers: auth, data: { spendLimit: cap } })).status()).toBe(200);
    await page.reload();
    await expect(chart).toHaveAttribute('data-period', 'daily');
    // the table behind the chart: the cap that day — none before today (it had no limit), today's cap now
    const caps = await table.locator('tbody tr td:nth-child(4)').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-value')));
    expect(caps.length).toBeGreaterThan(1);
    expect(caps.at(-1)).toBe(String(cap));
    expect(caps.slice(0, -1).every((c) => c === '')).toBe(true);
    await expect(chart.locator('svg text', { hasText: /^cap \$/ })).toHaveText(`cap $${cap.toFixed(2)}`);
    // every figure once: one limit, one "spent today", no second settings card repeating them
    await expect(page.getByText('Spent today', { exact: true })).toHaveCount(1);
    await expect(page.getByTestId('detail-limit')).toHaveCount(1);
    await expect(page.getByRole('heading', { name: 'Settings' })).toHaveCount(0);
    // alerts: none, and why — no endpoint is set up — with the way to set one up
    await expect(page.getByTestId('key-alerts-no-endpoint')).toContainText('No alerts — no webhook endpoint is set up');
    await expect(page.getByTestId('key-alerts-no-endpoint').getByRole('link', { name: 'Set up a webhook endpoint' })).toHaveAttribute('href', `${W}/settings/webhooks`);
    await chartsDrawn(page);
    await shot(page, 'console-key-detail');

    // a bar opens the ledger for that day and this key
    await chart.locator('.recharts-bar-rectangle').filter({ has: page.locator('path') }).last().click();
    await expect(page).toHaveURL(new RegExp(`/usage\\?key=${key.id}&start=\\d{4}-\\d{2}-\\d{2}&end=\\d{4}-\\d{2}-\\d{2}$`));
    const url = new URL(page.url());
    expect(url.searchParams.get('start')).toBe(url.searchParams.get('end'));
    const rows = page.getByTestId('usage-table').locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    expect(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-timestamp')!.slice(0, 10))))).toEqual(new Set([url.searchParams.get('start')]));
    expect(new Set(await page.getByTestId('usage-table').locator('tbody tr td:nth-child(2)').allTextContents())).toEqual(new Set(['embeddings pipeline']));
    // "Requests in the ledger": every row of this key
    await page.goto(`${W}/keys/${key.id}`);
    await page.getByTestId('key-ledger-link').click();
    await expect(page).toHaveURL(new RegExp(`/usage\\?key=${key.id}$`));
    await expect(page.getByLabel('API key')).toHaveValue(key.id);
    await page.setViewportSize(PHONE);
    await page.goto(`${W}/keys/${key.id}`);
    await chartsDrawn(page);
    await shot(page, 'console-key-detail-phone');
  } finally {
    await request.patch(`/api/v1/api_keys/${key.id}`, { headers: auth, data: { spendLimit: null } });
  }
});

test('overview: a bar opens the ledger for that day and model; reversed ranges say why', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await login(page, DEMO.member);
  await page.goto(W);
  const chart = page.getByTestId('chart-by-model');
  await expect(chart.locator('.recharts-surface').first()).toBeVisible();
  // the first series' bar segment on the last day
  const segment = chart.locator('.recharts-bar').first().locator('.recharts-bar-rectangle').filter({ has: page.locator('path') }).last();
  await segment.click();
  await expect(page).toHaveURL(/\/usage\?model=[^&]+&start=\d{4}-\d{2}-\d{2}&end=\d{4}-\d{2}-\d{2}$/);
  const model = new URL(page.url()).searchParams.get('model')!;
  await expect(page.getByLabel('Model')).toHaveValue(model);
  const models = await page.getByTestId('usage-table').locator('tbody tr td:nth-child(3)').allTextContents();
  expect(models.length).toBeGreaterThan(0);
  expect(new Set(models)).toEqual(new Set([model]));

  // the overview with From after To: swapped, and it says so
  await page.goto(`${W}?start=2026-11-20&end=2026-11-10`);
  await expect(page.getByTestId('range-adjusted')).toContainText('The start date was after the end date, so they were swapped');
  // the custom range form explains instead of silently disabling Apply
  await page.getByTestId('lookback-custom').click();
  await page.getByLabel('From', { exact: true }).fill('2026-11-20');
  await page.getByLabel('To', { exact: true }).fill('2026-11-10');
  await expect(page.getByTestId('range-problem')).toHaveText('“To” is before “From”: pick an end date on or after the start date.');
  await expect(page.getByLabel('To', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Apply' })).toBeDisabled();
  await shot(page, 'console-range-reversed');
  // the ledger filters likewise, with the swapped range one click away
  await page.goto(`${W}/usage?start=2026-11-20&end=2026-11-10`);
  await expect(page.getByTestId('usage-dates-problem')).toContainText('“To” (2026-11-10) is before “From” (2026-11-20): nothing can match.');
  await page.getByTestId('swap-dates').click();
  await expect(page).toHaveURL(/start=2026-11-10&end=2026-11-20/);
  await expect(page.getByTestId('usage-summary')).toBeVisible();
  // the audit log too
  await page.goto(`${W}/settings/audit?from=2026-11-20&to=2026-11-10`);
  await expect(page.getByText('“To” (2026-11-10) is before “From” (2026-11-20): nothing can match.')).toBeVisible();
  await expect(page.getByLabel('To', { exact: true })).toHaveAttribute('aria-invalid', 'true');
});

test('loading: the overview streams a skeleton first, and shows it while another period is computed', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await login(page, DEMO.member);
  // the server sends the skeleton before the figures (Suspense): the page is never blank while they compute
  const html = await (await page.request.get(`${W}?lookback=90d`)).text();
  const skeleton = html.indexOf('data-testid="overview-loading"');
  expect(skeleton).toBeGreaterThan(0);
  expect(html.indexOf('data-testid="overview"')).toBeGreaterThan(skeleton);
  await page.goto(W);
  await expect(page.getByTestId('overview')).toBeVisible();
  // another period, from the page: the skeleton replaces the old figures until the new ones arrive
  await page.evaluate(() => {
    (window as unknown as { sawSkeleton: boolean }).sawSkeleton = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="overview-loading"]')) (window as unknown as { sawSkeleton: boolean }).sawSkeleton = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  const end = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  const start = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
  await page.getByTestId('lookback-custom').click();
  await page.getByLabel('From', { exact: true }).fill(start);
  await page.getByLabel('To', { exact: true }).fill(end);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('overview')).toHaveAttribute('data-start', start);
  expect(await page.evaluate(() => (window as unknown as { sawSkeleton: boolean }).sawSkeleton)).toBe(true);
  await expect(page.getByTestId('overview-loading')).toHaveCount(0);
});

test('permissions: only an owner changes the DIEM allocation; the page says so to an admin', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await login(page, DEMO.admin);
  await page.goto(`${W}/settings/credits`);
  await expect(page.getByTestId('diem-form')).toHaveCount(0);
  await expect(page.getByText('Only owners can change the DIEM allocation')).toBeVisible();
  await expect(page.getByTestId('diem-allocation')).toHaveText('$3.00 per UTC day');
  await shot(page, 'console-credits-admin');
  await page.context().clearCookies();
  await login(page, DEMO.owner);
  await page.goto(`${W}/settings/credits`);
  await expect(page.getByTestId('diem-form')).toBeVisible();
});

test('links: an invitation link points at the origin the console is served from', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await login(page, DEMO.owner);
  await page.goto(`${W}/settings/members`);
  await page.getByTestId('create-invite').click();
  const link = (await page.getByTestId('invite-link').textContent())!.trim();
  expect(new URL(link).origin).toBe(new URL(page.url()).origin);
  expect(link).not.toContain('localhost:3000');
});

test('phone: the ledger\'s amount fits, the audit table scrolls with a visible cue, the settings tabs all show', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await login(page, DEMO.owner);
  await page.goto(`${W}/usage`);
  const amount = page.getByTestId('usage-table').locator('tbody tr').first().getByTestId('usage-amount');
  await expect(amount).toBeVisible();
  const box = (await amount.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await shot(page, 'console-usage-phone');
  await view(page, 'console-usage-phone-screen');

  await page.goto(`${W}/settings/audit`);
  const audit = page.getByTestId('audit-scroll');
  await expect(audit).toHaveAttribute('data-scrolls', 'true');
  await expect(audit.locator('[data-scroll-cue]')).toBeVisible();
  await expect(audit.locator('[data-scroll-hint]')).toHaveText('Scroll sideways for more →');
  await expect(audit.getByRole('region', { name: /Audit log/ })).toHaveAttribute('tabindex', '0');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  for (const tab of ['General', 'Members', 'Credits', 'Prices', 'Webhooks', 'Audit']) {
    const b = (await page.getByTestId('settings-tabs').getByRole('link', { name: tab }).boundingBox())!;
    expect(b.x, tab).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width, tab).toBeLessThanOrEqual(PHONE.width);
  }
  await shot(page, 'console-audit-phone');
  await audit.scrollIntoViewIfNeeded();
  await view(page, 'console-audit-phone-screen');
  await audit.getByRole('region').evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
  await expect(audit.locator('[data-scroll-cue]')).toHaveCount(0);
});

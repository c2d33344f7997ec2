// Dashboards: a MEMBER opens the Overview and sees the three charts drawn with the demo data (figures
// checked, not just an SVG), switches the period (URL and figures change), checks the chart totals against
// the ledger on the Usage page, and downloads the CSV whose rows match the table.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DEMO, DEMO_SLUG, login, shot } from './helpers';

const OVERVIEW = `/w/${DEMO_SLUG}`;
const USAGE = `/w/${DEMO_SLUG}/usage`;
const CHARTS = ['chart-by-date', 'chart-by-model', 'chart-by-key'] as const;

const money = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const nano = (usd: number) => Math.round(usd * 1e9);

async function total(chart: Locator): Promise<number> {
  return Number(await chart.getAttribute('data-total-usd'));
}

/** Every chart is drawn (SVG with bars), its figures add up, and all three agree with the period total. */
async function expectChartsWithData(page: Page, days: number) {
  const totals: number[] = [];
  for (const id of CHARTS) {
    const chart = page.getByTestId(id);
    await expect(chart).toHaveAttribute('data-points', String(days));
    await expect(chart.locator('.recharts-surface').first()).toBeVisible();
    await expect(chart.locator('.recharts-bar-rectangle path, .recharts-bar-rectangle rect').first()).toBeVisible();
    expect(await chart.locator('.recharts-legend-item').count()).toBeGreaterThan(0);
    const t = await total(chart);
    expect(t).toBeGreaterThan(0);
    await expect(page.getByTestId(`${id}-total`)).toHaveText(money(t));
    // the hidden data table: one row per day, each row's total, and the footer equal to the chart total
    const table = page.getByTestId(`${id}-table`);
    await expect(table.locator('tbody tr')).toHaveCount(days);
    const rowTotals = await table.locator('tbody tr td:last-child').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
    expect(rowTotals.reduce((s, v) => s + nano(v), 0)).toBe(nano(t));
    expect(Number(await table.locator('tfoot td:last-child').getAttribute('data-value'))).toBe(t);
    totals.push(t);
  }
  expect(nano(totals[1])).toBe(nano(totals[0]));
  expect(nano(totals[2])).toBe(nano(totals[0]));
  await expect(page.getByTestId('range-total-value')).toHaveText(money(totals[0]));
  return totals[0];
}

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
  return rows;
}

async function downloadCsv(page: Page): Promise<string[][]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^acme-ai-usage-\d{4}-\d{2}-\d{2}\.csv$/);
  return parseCsv(readFileSync((await download.path())!, 'utf8'));
}

test('member: overview charts with data, lookback in the URL, totals match the ledger, CSV matches the table', async ({ page }) => {
  await login(page, DEMO.member);
  await page.goto(OVERVIEW);

  // Default: the last 7 days.
  await expect(page.getByTestId('overview')).toHaveAttribute('data-lookback', '7d');
  await expect(page.getByTestId('lookback-7d')).toHaveAttribute('aria-current', 'true');
  const t7 = await expectChartsWithData(page, 7);
  await expect(page.getByTestId('balance-value')).toHaveText(/^\$[\d,]+\.\d{2}$/);
  await expect(page.getByTestId('mtd-budget')).toContainText('of $500.00 budget');

  // Tooltips show dollar amounts.
  const bar = page.getByTestId('chart-by-date').locator('.recharts-bar-rectangle').nth(3);
  await bar.hover();
  await expect(page.getByTestId('chart-by-date').locator('.recharts-tooltip-wrapper')).toContainText(/\$\d/);
  await page.mouse.move(0, 0);
  await shot(page, 'overview');

  // 30 days: the URL and the figures change.
  await page.getByTestId('lookback-30d').click();
  await expect(page).toHaveURL(/\?lookback=30d$/);
  await expect(page.getByTestId('overview')).toHaveAttribute('data-lookback', '30d');
  const t30 = await expectChartsWithData(page, 30);
  expect(t30).toBeGreaterThan(t7);
  const start30 = (await page.getByTestId('overview').getAttribute('data-start'))!;
  const end30 = (await page.getByTestId('overview').getAttribute('data-end'))!;
  await shot(page, 'overview-30d');

  // A custom range in the URL (reloadable): 10 days ending yesterday.
  const end = new Date(Date.parse(`${end30}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const start = new Date(Date.parse(`${end}T00:00:00Z`) - 9 * 86_400_000).toISOString().slice(0, 10);
  await page.getByTestId('lookback-custom').click();
  await page.getByLabel('From').fill(start);
  await page.getByLabel('To').fill(end);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(new RegExp(`\\?start=${start}&end=${end}$`));
  await expect(page.getByTestId('lookback-custom')).toHaveAttribute('aria-current', 'true');
  const tCustom = await expectChartsWithData(page, 10);
  await page.reload();
  await expect(page.getByTestId('chart-by-date')).toHaveAttribute('data-total-usd', String(tCustom));

  // The charts (daily rollups) agree with the ledger: the Usage page summed over the same 30 days.
  await page.goto(`${USAGE}?start=${start30}&end=${end30}`);
  await expect(page.getByTestId('usage-summary')).toHaveAttribute('data-total-nano', String(nano(t30)));

  // Usage: the ledger table and its CSV export.
  await page.goto(USAGE);
  const rows = page.getByTestId('usage-table').locator('tbody tr');
  await expect(rows).toHaveCount(50);
  const table = await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-request-id'), tr.getAttribute('data-amount'), tr.getAttribute('data-timestamp')]));
  const count = Number(await page.getByTestId('usage-summary').getAttribute('data-count'));
  expect(count).toBeGreaterThan(1000);
  const [header, ...csv] = await downloadCsv(page);
  expect(header.slice(0, 5)).toEqual(['timestamp', 'sku', 'units', 'pricePerUnitUsd', 'amount']);
  expect(csv).toHaveLength(count);
  const col = (name: string) => header.indexOf(name);
  expect(csv.slice(0, 50).map((r) => [r[col('requestId')], String(Number(r[col('amount')])), r[col('timestamp')]])).toEqual(table);
  await shot(page, 'usage');

  // Filtered by one key: the table, the summary and the CSV follow the filter.
  await page.getByLabel('API key').selectOption({ label: 'mobile app' });
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/[?&]key=/);
  const keyCells = page.getByTestId('usage-table').locator('tbody tr td:nth-child(2)');
  await expect(keyCells.first()).toHaveText('mobile app');
  expect(new Set(await keyCells.allTextContents())).toEqual(new Set(['mobile app']));
  const filteredCount = Number(await page.getByTestId('usage-summary').getAttribute('data-count'));
  expect(filteredCount).toBeLessThan(count);
  const [, ...filtered] = await downloadCsv(page);
  expect(filtered).toHaveLength(filteredCount);
  expect(new Set(filtered.map((r) => r[col('apiKeyName')]))).toEqual(new Set(['mobile app']));

  // The keys page, for the screenshot set.
  await page.goto(`/w/${DEMO_SLUG}/keys`);
  await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible();
  await shot(page, 'keys');
});

test('the overview is readable on a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await login(page, DEMO.member);
  await page.goto(`${OVERVIEW}?lookback=30d`);
  await expectChartsWithData(page, 30);
  // nothing wider than the screen
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, 'overview-mobile');
});

test('a new workspace: the overview says how to send a first request', async ({ page }) => {
  const tag = `${Date.now()}`;
  await page.goto('/signup');
  await page.getByLabel('Name', { exact: true }).fill('Dana Dashboard');
  await page.getByLabel('Email').fill(`dash-${tag}@e2e.keycap.dev`);
  await page.getByLabel('Password').fill('dashboards-e2e-password');
  await page.getByRole('textbox', { name: /Workspace name/ }).fill(`Empty ${tag}`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/w\/[^/]+$/);
  const first = page.getByTestId('first-request');
  await expect(first).toContainText('/api/v1/chat/completions');
  await expect(first).toContainText('"model": "keycap-echo"');
  await expect(first).toContainText('add credit first');
  for (const id of CHARTS) {
    await expect(page.getByTestId(id)).toHaveAttribute('data-total-usd', '0');
    await expect(page.getByTestId(id).locator('[data-chart-state="empty"]')).toContainText('No usage yet');
  }
  await page.goto(`${page.url()}/usage`);
  await expect(page.getByText('No usage yet')).toBeVisible();
  await expect(page.getByTestId('export-csv')).toHaveAttribute('aria-disabled', 'true');
});

test('key detail: the daily spend chart draws the cap as a line for a key near its cap', async ({ page }) => {
  await login(page, DEMO.member);
  await page.goto(`/w/${DEMO_SLUG}/keys`);
  await page.locator('[data-testid="key-row"][data-key-name="mobile app"]').getByRole('link').click();
  const chart = page.getByTestId('key-spend-chart');
  await expect(chart).toHaveAttribute('data-period', 'monthly');
  const limit = Number(await chart.getAttribute('data-limit-usd'));
  expect(limit).toBeGreaterThan(0);
  // the cap line's label, in the rendered SVG, with the cap in dollars
  await expect(chart.locator('svg text', { hasText: /^cap \$/ })).toHaveText(`cap $${limit.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
  // the window line (month-to-date) is drawn too, and the month's spend is about 85 % of the cap
  const windowUsd = Number(await chart.getAttribute('data-window-usd'));
  expect(windowUsd / limit).toBeGreaterThan(0.8);
  expect(windowUsd / limit).toBeLessThan(0.9);
});

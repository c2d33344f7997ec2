// /docs/api and /api/v1/openapi.json on the built app: both public (no sign-in, no key); the page shows
// every operation of the document, grouped by tag, with its auth, request fields and responses.
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { shot } from './helpers';

test('the API reference page renders every operation of the public OpenAPI document', async ({ page, request }) => {
  const res = await request.get('/api/v1/openapi.json');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/json');
  const doc = await res.json();
  expect(doc.openapi).toMatch(/^3\.1\./);
  const ops = Object.entries(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap(([p, ms]) => Object.entries(ms).map(([m, o]) => ({ p, m, id: o.operationId })));
  expect(ops.length).toBeGreaterThan(25);

  await page.goto('/docs/api');
  await expect(page).toHaveURL(/\/docs\/api$/); // no redirect to /login
  await expect(page.getByRole('heading', { level: 1, name: 'Keycap API' })).toBeVisible();
  for (const o of ops) {
    const card = page.locator(`article#${o.id}`);
    await expect(card, `${o.m} ${o.p}`).toHaveCount(1);
    await expect(card.locator('header')).toContainText(`/api/v1${o.p}`);
  }
  const create = page.locator('article#createKey');
  await expect(create.locator('header').getByText('ADMIN key', { exact: true })).toBeVisible();
  await expect(create.getByRole('cell', { name: 'spendLimitPeriod' })).toBeVisible();
  await expect(create.getByText('201', { exact: true })).toBeVisible();
  await expect(page.locator('article#schema-KeyObject').getByRole('cell', { name: 'status', exact: true })).toBeVisible();
  await expect(page.locator('article#listUsage')).toContainText('text/csv');

  const a11y = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(a11y.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
  await shot(page, 'api-docs');
});

// axe-core on every console page as the owner (and the sign-in pages), desktop and phone: no serious or
// critical WCAG 2.1 A/AA violations. Dialogs are checked open, since they are where forms live.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO, DEMO_SLUG, login, uid } from './helpers';

const PORT = Number(process.env.E2E_PORT ?? 3100);
const dataDir = path.resolve(PORT === 3100 ? 'tmp/e2e' : `tmp/e2e-${PORT}`);
const W = `/w/${DEMO_SLUG}`;

async function check(page: Page, label: string) {
  // charts render lazily: wait for them (or their empty state) so they are checked too
  await page.waitForLoadState('networkidle');
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 2).join(' ')}`).join('\n  ')}`);
  expect(report, `${label}\n${report.join('\n')}`).toEqual([]);
}

test('sign-in and sign-up pages', async ({ page }) => {
  for (const p of ['/login', '/signup']) {
    await page.goto(p);
    await check(page, p);
  }
  // with an error shown
  await page.goto('/login');
  await page.getByLabel('Email').fill(DEMO.owner.email);
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Wrong email or password.')).toBeVisible();
  await check(page, '/login with an error');
});

test('every console page as the owner, desktop and phone', async ({ page, request }) => {
  test.setTimeout(180_000);
  const creds = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as { keys: { type: string; secret: string }[] };
  const auth = { authorization: `Bearer ${creds.keys.find((k) => k.type === 'ADMIN')!.secret}` };
  const ep = await (await request.post('/api/v1/webhooks', { headers: auth, data: { url: `http://127.0.0.1:9/a11y-${uid()}`, events: ['api_key.spend_limit.warning'] } })).json();
  const keys = (await (await request.get('/api/v1/api_keys', { headers: auth })).json()).data as { id: string; name: string }[];
  const key = keys.find((k) => k.name === 'mobile app')!;
  try {
    await login(page, DEMO.owner);
    const pages = [
      W,
      `${W}?lookback=90d`,
      `${W}/keys`,
      `${W}/keys/${key.id}`,
      `${W}/usage`,
      `${W}/usage?key=${key.id}`,
      `${W}/usage?start=2026-11-20&end=2026-11-10`,
      `${W}/settings`,
      `${W}/settings/members`,
      `${W}/settings/credits`,
      `${W}/settings/prices`,
      `${W}/settings/webhooks`,
      `${W}/settings/webhooks/${ep.id}`,
      `${W}/settings/audit`,
    ];
    for (const size of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(size);
      for (const p of pages) {
        await page.goto(p);
        await check(page, `${p} at ${size.width}px`);
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    // dialogs and menus, open
    await page.goto(`${W}/keys`);
    await page.getByTestId('create-key').first().click();
    await page.getByRole('dialog', { name: 'Create API key' }).getByRole('button', { name: 'Create key' }).click();
    await expect(page.getByRole('dialog').getByText('Give the key a name, e.g. “backend prod”.')).toBeVisible();
    await check(page, 'create key dialog with errors');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="key-row"][data-key-name="mobile app"]').getByTestId('edit-key').click();
    await check(page, 'edit key dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /^Account/ }).click();
    await check(page, 'account menu');
    await page.keyboard.press('Escape');
    await page.goto(`${W}/settings/prices`);
    await page.getByTestId('add-price').click();
    await check(page, 'price dialog');
    await page.keyboard.press('Escape');
    await page.goto(`${W}/settings/webhooks`);
    await page.getByTestId('add-webhook').click();
    await check(page, 'webhook dialog');
    await page.keyboard.press('Escape');
    await page.goto(W);
    await page.getByTestId('lookback-custom').click();
    await check(page, 'custom range');
  } finally {
    await request.delete(`/api/v1/webhooks/${ep.id}`, { headers: auth });
  }
});

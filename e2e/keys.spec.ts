// Keys: create with the secret shown once, limits set and edited (the secret keeps working),
// $0 needs confirmation, revoke, and a MEMBER sees no edit controls.
import { expect, test, type Page } from '@playwright/test';
import { DEMO, DEMO_SLUG, login, shot, uid } from './helpers';

const KEYS = `/w/${DEMO_SLUG}/keys`;
const row = (page: Page, name: string) => page.locator(`[data-testid="key-row"][data-key-name="${name}"]`);

async function openCreate(page: Page, name: string) {
  await page.getByTestId('create-key').first().click();
  const dialog = page.getByRole('dialog', { name: 'Create API key' });
  await dialog.getByLabel(/^Name/).fill(name);
  return dialog;
}

async function setLimit(dialog: ReturnType<Page['getByRole']>, amount: string, period: string) {
  const enabled = dialog.getByRole('checkbox', { name: 'Spend limit' });
  if (!(await enabled.isChecked())) await enabled.check();
  await dialog.getByLabel('Limit (USD)').fill(amount);
  await dialog.getByLabel('Period').selectOption(period);
}

test('owner creates a key, sees the secret once, sets $5/daily, edits to $20/monthly; the secret still works', async ({ page, context, request }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await login(page, DEMO.owner);
  await page.goto(KEYS);
  const name = `e2e backend ${uid()}`;
  const dialog = await openCreate(page, name);
  await setLimit(dialog, '5', 'daily');
  await dialog.getByRole('button', { name: 'Create key' }).click();

  const secretEl = page.getByTestId('new-key-secret');
  await expect(secretEl).toBeVisible();
  const secret = (await secretEl.textContent())?.trim() ?? '';
  expect(secret).toMatch(/^kc_inf_[0-9A-Za-z]{30,}$/);
  await expect(page.getByText('You will not see this again.')).toBeVisible();
  await page.getByTestId('copy-secret').click();
  await expect(page.getByTestId('copy-secret')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await shot(page, 'keys-new-secret');
  await page.getByRole('button', { name: 'I have saved it' }).click();

  // Gone after closing, and after a reload; only the last 6 characters remain.
  await expect(page.getByTestId('new-key-secret')).toHaveCount(0);
  await expect(row(page, name)).toContainText(`…${secret.slice(-6)}`);
  expect(await page.content()).not.toContain(secret);
  await page.reload();
  expect(await page.content()).not.toContain(secret);
  await expect(row(page, name).getByTestId('key-limit')).toHaveText('$5.00 per day');
  await expect(row(page, name)).toContainText('$0.00 of $5.00 per day');
  await expect(row(page, name).getByTestId('key-status')).toHaveText('active');
  await expect(row(page, name)).toContainText(/Resets in \d+ (hour|minute|second)s?/);

  // Edit: $20 per month, effective immediately.
  await row(page, name).getByTestId('edit-key').click();
  const edit = page.getByRole('dialog', { name: `Edit “${name}”` });
  await expect(edit.getByLabel('Limit (USD)')).toHaveValue('5');
  await edit.getByLabel('Limit (USD)').fill('20');
  await edit.getByLabel('Period').selectOption('monthly');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toHaveCount(0);
  await expect(row(page, name).getByTestId('key-limit')).toHaveText('$20.00 per month');
  const bar = row(page, name).getByRole('progressbar');
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute('aria-valuenow', '0');
  await shot(page, 'keys-page');

  // The secret is unchanged by the edit: it still authenticates and reports the new limit.
  const me = await request.get('/api/v1/api_keys/me', { headers: { Authorization: `Bearer ${secret}` } });
  expect(me.status()).toBe(200);
  const body = await me.json();
  expect(body).toMatchObject({ name, spendLimit: 20, spendLimitPeriod: 'monthly', spendLimitRemaining: 20, status: 'active' });
  // Whatever else may block a call (e.g. an empty credit balance), the key's own limit does not.
  expect(body.causes).not.toContain('key_spend_limit_exceeded');

  // The key detail page shows its settings and spend against the cap.
  await row(page, name).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByTestId('detail-limit')).toHaveText('$20.00');
  await expect(page.getByTestId('detail-period-spend')).toHaveText('$0.00');
  await expect(page.getByTestId('key-spend-chart')).toHaveAttribute('data-limit-usd', '20');
  await shot(page, 'key-detail');

  // Rename from the detail page, then revoke with a confirmation.
  await page.getByTestId('edit-key').click();
  const renamed = `${name} v2`;
  await page.getByRole('dialog').getByLabel(/^Name/).fill(renamed);
  await page.getByRole('dialog').getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { name: renamed })).toBeVisible();
  await page.getByTestId('revoke-key').click();
  await expect(page.getByRole('dialog', { name: `Revoke “${renamed}”?` })).toBeVisible();
  await page.getByTestId('confirm-revoke').click();
  await expect(page.getByTestId('key-status')).toHaveText('revoked');
  await expect(page.getByTestId('edit-key')).toHaveCount(0);
  // Revocation is immediate: the same instance clears its key cache (server action and API route alike).
  const r = await request.get('/api/v1/api_keys/me', { headers: { Authorization: `Bearer ${secret}` } });
  expect(r.status()).toBe(401);
  expect((await r.json()).error.code).toBe('api_key_revoked');
});

test('a $0 limit needs an explicit confirmation and shows "blocked: limit is $0"', async ({ page }) => {
  await login(page, DEMO.owner);
  await page.goto(KEYS);
  const name = `e2e zero ${uid()}`;
  const dialog = await openCreate(page, name);
  await setLimit(dialog, '0', 'daily');
  await expect(dialog.getByText('a $0 limit refuses every call')).toBeVisible();
  await dialog.getByRole('button', { name: 'Create key' }).click();
  // Refused by the server without the confirmation, next to the limit field; nothing created.
  await expect(dialog.getByText(/a limit of \$0 refuses every call made with this key/)).toBeVisible();
  await expect(page.getByTestId('new-key-secret')).toHaveCount(0);

  await dialog.getByRole('checkbox', { name: /I understand/ }).check();
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByTestId('new-key-secret')).toBeVisible();
  await page.getByRole('button', { name: 'I have saved it' }).click();
  await expect(row(page, name).getByTestId('key-status')).toHaveText('blocked: limit is $0');
  await expect(row(page, name).getByRole('progressbar').locator('[data-tone]')).toHaveAttribute('data-tone', 'red');
  await expect(row(page, name)).toHaveCount(1);

  // Raising the limit unblocks it at once.
  await row(page, name).getByTestId('edit-key').click();
  await page.getByRole('dialog').getByLabel('Limit (USD)').fill('1.5');
  await page.getByRole('dialog').getByRole('button', { name: 'Save changes' }).click();
  await expect(row(page, name).getByTestId('key-status')).toHaveText('active');
  await expect(row(page, name).getByTestId('key-limit')).toHaveText('$1.50 per day');
});

test('search and sort the keys list', async ({ page }) => {
  await login(page, DEMO.owner);
  await page.goto(KEYS);
  await page.getByRole('searchbox', { name: 'Search keys' }).fill('Demo inference');
  await expect(page.getByTestId('key-row')).toHaveCount(1);
  await expect(page.getByTestId('key-row')).toHaveAttribute('data-key-name', 'Demo inference key');
  await page.getByRole('searchbox', { name: 'Search keys' }).fill('no such key anywhere');
  await expect(page.getByText('No key matches')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search keys' }).fill('Demo');
  await page.getByLabel('Sort keys').selectOption('name-asc');
  await expect(page.getByTestId('key-row').first()).toHaveAttribute('data-key-name', 'Demo admin key');
  await page.getByLabel('Sort keys').selectOption('name-desc');
  await expect(page.getByTestId('key-row').first()).toHaveAttribute('data-key-name', 'Demo inference key');
});

test('a MEMBER sees the keys page with no edit controls', async ({ page }) => {
  await login(page, DEMO.member);
  await page.goto(KEYS);
  await expect(row(page, 'Demo inference key')).toBeVisible();
  await expect(row(page, 'Demo inference key').getByTestId('key-limit')).toHaveText('$25.00 per day');
  await expect(page.getByText('Your role can view keys but not change them.')).toBeVisible();
  // The demo's "mobile app" key is at 85 % of its monthly cap: its bar turns amber (blue below 80 %, red at 100 %).
  await expect(row(page, 'mobile app').locator('[data-tone]').first()).toHaveAttribute('data-tone', 'amber');
  await expect(page.getByTestId('create-key')).toHaveCount(0);
  await expect(page.getByTestId('edit-key')).toHaveCount(0);
  await expect(page.getByTestId('revoke-key')).toHaveCount(0);
  await row(page, 'Demo inference key').getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'Demo inference key' })).toBeVisible();
  await expect(page.getByTestId('edit-key')).toHaveCount(0);
  await shot(page, 'keys-page-member');
  await page.goto(KEYS);
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(row(page, 'Demo inference key')).toBeVisible();
  await shot(page, 'keys-page-mobile');
});

test('roll a key from the console: a new secret shown once, the old one working through the grace period', async ({ page, request }) => {
  await login(page, DEMO.owner);
  await page.goto(KEYS);
  const name = `e2e roll ${uid()}`;
  const dialog = await openCreate(page, name);
  await dialog.getByRole('button', { name: 'Create key' }).click();
  const old = ((await page.getByTestId('new-key-secret').textContent()) ?? '').trim();
  await page.getByRole('button', { name: 'I have saved it' }).click();
  await row(page, name).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await page.getByTestId('roll-key').click();
  const roll = page.getByRole('dialog', { name: `Roll the secret of “${name}”?` });
  await roll.getByTestId('roll-grace-select').selectOption('1');
  await roll.getByTestId('confirm-roll').click();
  const fresh = ((await page.getByTestId('new-key-secret').textContent()) ?? '').trim();
  expect(fresh).toMatch(/^kc_inf_/);
  expect(fresh).not.toBe(old);
  await expect(page.getByTestId('roll-grace')).toContainText(`The old secret (…${old.slice(-6)}) keeps working until`);
  await shot(page, 'key-rolled');
  await page.getByRole('button', { name: 'I have saved it' }).click();
  await expect(page.getByText(`…${fresh.slice(-6)}`).first()).toBeVisible();
  for (const s of [fresh, old]) {
    const me = await request.get('/api/v1/api_keys/me', { headers: { Authorization: `Bearer ${s}` } });
    expect(me.status()).toBe(200);
    expect((await me.json()).name).toBe(name);
  }
});

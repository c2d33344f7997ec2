// Webhooks in the console: an owner adds an endpoint pointing at a receiver this test runs on loopback,
// copies the whsec_ secret shown once, sends a test event (signature verified with `standardwebhooks`),
// and finds the 2xx attempt in the delivery log. Then a key crossing 80 % of its limit: the in-process
// worker delivers api_key.spend_limit.warning, the banner shows on every page, the key lists the alert.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO, DEMO_SLUG, login, shot, uid } from './helpers';
import { startReceiver, type Receiver } from '../tests/integration/webhooks-receiver';

const S = `/w/${DEMO_SLUG}/settings/webhooks`;
const PORT = Number(process.env.E2E_PORT ?? 3100);
const dataDir = path.resolve(PORT === 3100 ? 'tmp/e2e' : `tmp/e2e-${PORT}`); // as in playwright.config.ts

let rx: Receiver;
test.beforeAll(async () => {
  rx = await startReceiver();
});
test.afterAll(async () => {
  await rx?.close();
});

test('owner adds an endpoint, sees the secret once, sends a test event and sees the 2xx attempt', async ({ page }) => {
  const url = `${rx.url}?run=${uid()}`;
  await login(page, DEMO.owner);
  await page.goto(S);
  await page.getByTestId('add-webhook').click();
  const form = page.getByRole('dialog', { name: 'Add webhook endpoint' });
  // bad input names the field
  await form.getByLabel('Endpoint URL').fill('ftp://example.com/x');
  await form.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(form.getByText(/only http:\/\/ and https:\/\//i)).toBeVisible(); // the message starts the sentence: "Only http://…"
  await form.getByLabel('Endpoint URL').fill(url);
  await form.getByLabel('Description (optional)').fill('e2e receiver');
  await form.getByRole('button', { name: 'Add endpoint' }).click();

  const reveal = page.getByTestId('webhook-secret-dialog');
  const secret = (await reveal.getByTestId('webhook-secret').textContent())!.trim();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
  rx.secret = secret;
  await shot(page, 'webhooks-secret');
  await reveal.getByRole('button', { name: 'I have copied it' }).click();
  await expect(reveal).toBeHidden();
  const row = page.getByTestId('webhook-row').filter({ hasText: url });
  await expect(row).toBeVisible();
  await expect(page.locator('body')).not.toContainText(secret); // shown once only
  await expect(row).toContainText(`secret whsec_…${secret.slice(-4)}`);

  await row.getByRole('button', { name: 'Send test event' }).click();
  await expect(row.getByTestId('test-result')).toHaveText(/Delivered: HTTP 200 in \d+ ms/);
  const got = rx.received.filter((r) => r.json.type === 'webhook.test');
  expect(got).toHaveLength(1);
  expect(got[0].verified).toBe(true);

  await row.getByRole('link', { name: 'Delivery log' }).click();
  const log = page.getByTestId('delivery-log');
  const delivery = log.getByTestId('delivery-row').first();
  await expect(delivery).toHaveAttribute('data-status', 'DELIVERED');
  await expect(delivery).toContainText('webhook.test');
  await expect(delivery).toContainText(got[0].id);
  await expect(delivery.getByTestId('attempt-status').first()).toHaveText('200');
  await shot(page, 'webhooks-delivery-log');

  // Re-send: the same webhook-id again, logged as a second delivery.
  await delivery.getByRole('button', { name: 'Re-send' }).click();
  await expect(log.getByTestId('delivery-row')).toHaveCount(2);
  expect(rx.received.filter((r) => r.id === got[0].id)).toHaveLength(2);

  // Delete it again (with confirmation): back to the list, gone.
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog', { name: 'Delete this endpoint?' }).getByRole('button', { name: 'Delete endpoint' }).click();
  await expect(page).toHaveURL(new RegExp(`${S}$`));
  await expect(page.getByTestId('webhook-row').filter({ hasText: url })).toHaveCount(0);
});

test('a key crossing 80 %: the worker delivers the warning, the banner shows, the key lists the alert', async ({ page, request }) => {
  const creds = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as { keys: { type: string; secret: string }[] };
  const admin = creds.keys.find((k) => k.type === 'ADMIN')!.secret;
  const auth = { authorization: `Bearer ${admin}` };
  // an endpoint of our own for this journey, verified with its secret
  const run = uid();
  const ep = await request.post('/api/v1/webhooks', { headers: auth, data: { url: `${rx.url}?run=${run}`, events: ['api_key.spend_limit.warning'] } });
  expect(ep.status()).toBe(201);
  const endpoint = await ep.json();
  rx.secret = endpoint.secret;
  const name = `alerting ${uid()}`;
  const k = await request.post('/api/v1/api_keys', { headers: auth, data: { name, type: 'INFERENCE', spendLimit: 1, spendLimitPeriod: 'daily' } });
  const key = await k.json();
  const imp = await request.post('/api/v1/usage', {
    headers: auth,
    data: { events: [{ requestId: `e2e-${uid()}`, apiKeyId: key.id, timestamp: new Date().toISOString(), model: 'e2e-model', costUsd: 0.85 }] },
  });
  expect(imp.status()).toBe(200);

  // the in-process worker delivers it, signed
  const mine = () => rx.received.filter((r) => r.path.includes(run));
  await expect.poll(() => mine().length, { timeout: 15_000 }).toBe(1);
  const warning = mine()[0];
  expect(warning.json.type).toBe('api_key.spend_limit.warning');
  expect(warning.json.data.object).toMatchObject({ id: key.id, name, spendLimit: 1, currentPeriodSpend: 0.85 });
  expect(warning.verified).toBe(true);
  expect(warning.json.data.alert).toMatchObject({ threshold: 80, limitUsd: 1, spentUsd: 0.85, period: 'daily' });

  await login(page, DEMO.member);
  const banner = page.getByTestId('alert-banner');
  await expect(banner.getByTestId('alert-banner-item').filter({ hasText: name })).toContainText('is at 85 % of its spend limit: $0.85 of $1.00 per day');
  await banner.getByTestId('alert-banner-item').filter({ hasText: name }).getByRole('link', { name: 'View key' }).click();
  await expect(page).toHaveURL(new RegExp(`/keys/${key.id}$`));
  await expect(page.getByTestId('key-alert')).toHaveCount(1);
  await expect(page.getByTestId('key-alert').first()).toContainText('80 % warning');
  await expect(page.getByTestId('key-alert').first()).toContainText('1 delivered');
  await shot(page, 'key-alerts');
  // MEMBERs cannot manage webhooks
  await page.goto(S);
  await expect(page.getByText('Only owners and admins can see and manage webhook endpoints.')).toBeVisible();
  await expect(page.getByTestId('add-webhook')).toHaveCount(0);

  // leave the demo as it was: revoke the key (no banner for revoked keys) and delete the endpoint
  await request.delete(`/api/v1/api_keys/${key.id}`, { headers: auth });
  await request.delete(`/api/v1/webhooks/${endpoint.id}`, { headers: auth });
  await page.goto(`/w/${DEMO_SLUG}`);
  await expect(page.getByTestId('alert-banner-item').filter({ hasText: name })).toHaveCount(0);
});

test('the workspace budget at 80 % and at 100 %: the banner shows on every page', async ({ page, request }) => {
  const creds = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as { keys: { type: string; secret: string }[] };
  const auth = { authorization: `Bearer ${creds.keys.find((k) => k.type === 'ADMIN')!.secret}` };
  const before = await (await request.get('/api/v1/workspace', { headers: auth })).json();
  if (before.monthToDateSpend < 0.5) {
    const imp = await request.post('/api/v1/usage', { headers: auth, data: { events: [{ requestId: `e2e-budget-${uid()}`, timestamp: new Date().toISOString(), model: 'e2e-model', costUsd: 1 }] } });
    expect(imp.status()).toBe(200);
  }
  const mtd = (await (await request.get('/api/v1/workspace', { headers: auth })).json()).monthToDateSpend as number;
  const restore = { monthlyBudget: before.monthlyBudget };
  try {
    // about 90 % of a budget: a warning on every workspace page
    const budget = Math.ceil((mtd / 0.9) * 100) / 100;
    expect((await request.patch('/api/v1/workspace', { headers: auth, data: { monthlyBudget: budget } })).status()).toBe(200);
    await login(page, DEMO.member);
    const pct = Math.floor((mtd / budget) * 100);
    for (const p of ['', '/keys', '/usage', '/settings']) {
      await page.goto(`/w/${DEMO_SLUG}${p}`);
      const item = page.getByTestId('alert-banner-item').filter({ hasText: 'The workspace' });
      await expect(item, p || 'overview').toContainText(`is at ${pct} % of its monthly budget`);
      await expect(item).toHaveAttribute('data-level', 'warning');
    }
    // at the budget: "reached", and it says what that means
    expect((await request.patch('/api/v1/workspace', { headers: auth, data: { monthlyBudget: mtd } })).status()).toBe(200);
    await page.goto(`/w/${DEMO_SLUG}/keys`);
    const reached = page.getByTestId('alert-banner-item').filter({ hasText: 'The workspace' });
    await expect(reached).toContainText('reached its monthly budget');
    await expect(reached).toContainText('every request is refused until it resets or is raised');
    await expect(reached).toHaveAttribute('data-level', 'reached');
    await shot(page, 'budget-banner-reached');
  } finally {
    await request.patch('/api/v1/workspace', { headers: auth, data: restore });
  }
  await page.goto(`/w/${DEMO_SLUG}`);
  if (before.monthlyBudget === null) await expect(page.getByTestId('alert-banner-item').filter({ hasText: 'The workspace' })).toHaveCount(0);
});

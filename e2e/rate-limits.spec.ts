// Rate limits and model allowlists in the console: workspace defaults (shown as hints), a key created with
// its own requests/tokens per minute and allowed models, seen on its page, edited and cleared back to empty;
// bad values get a human message next to the field; and the gateway enforces what the console set
// (403 model_not_allowed, 429 key_rate_limit_exceeded).
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { DEMO, DEMO_SLUG, login, shot, uid } from './helpers';

const KEYS = `/w/${DEMO_SLUG}/keys`;
const SETTINGS = `/w/${DEMO_SLUG}/settings`;
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

const chat = (request: APIRequestContext, secret: string, model: string) =>
  request.post('/api/v1/chat/completions', {
    headers: { Authorization: `Bearer ${secret}` },
    data: { model, messages: [{ role: 'user', content: 'hello' }], max_tokens: 8 },
  });

/** What a person sees (the viewport, not the full page), with a dialog's rate-limit fields scrolled into view. */
async function viewShot(page: Page, name: string, dialog?: Locator) {
  if (dialog) await dialog.getByTestId('rate-limit-fields').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `e2e/screenshots/${name}.png` });
}

async function setRateDefaults(page: Page, rpm: string, tpm: string) {
  await page.goto(SETTINGS);
  const form = page.getByTestId('rate-defaults-form');
  await form.getByLabel('Requests per minute').fill(rpm);
  await form.getByLabel('Tokens per minute').fill(tpm);
  await form.getByRole('button', { name: 'Save rate limits' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved');
  return form;
}

test('rate limits and allowed models: set in the console, shown, edited, cleared, and enforced by the gateway', async ({ page, request }) => {
  test.setTimeout(120_000);
  await page.setViewportSize(DESKTOP);
  await login(page, DEMO.owner);

  // Workspace defaults: a bad value is refused next to its field, the typed value stays.
  await page.goto(SETTINGS);
  const defaults = page.getByTestId('rate-defaults-form');
  const rpmDefault = defaults.getByLabel('Requests per minute');
  await rpmDefault.fill('abc');
  await defaults.getByRole('button', { name: 'Save rate limits' }).click();
  await expect(rpmDefault).toHaveAttribute('aria-invalid', 'true');
  await expect(rpmDefault).toBeFocused();
  await expect(rpmDefault).toHaveValue('abc');
  const rpmDefaultError = page.locator(`#${await rpmDefault.getAttribute('id')}-error`);
  await expect(rpmDefaultError).toHaveText('Enter a whole number, e.g. 60, or leave it empty.');
  await expect(rpmDefault).toHaveAttribute('aria-describedby', new RegExp(`${await rpmDefault.getAttribute('id')}-error`));
  await setRateDefaults(page, '600', '');
  await page.reload();
  await expect(defaults.getByLabel('Requests per minute')).toHaveValue('600');
  await expect(defaults.getByLabel('Tokens per minute')).toHaveValue('');
  await shot(page, 'rate-limits-settings');

  // Create: the workspace default is the hint; -5 is refused in words next to the field.
  await page.goto(KEYS);
  const name = `e2e rate ${uid()}`;
  await page.getByTestId('create-key').first().click();
  const dialog = page.getByRole('dialog', { name: 'Create API key' });
  await dialog.getByLabel(/^Name/).fill(name);
  await expect(dialog.getByText('Workspace default: 600/min, used when empty.')).toBeVisible();
  await expect(dialog.getByText('Leave empty to allow every model.', { exact: false })).toBeVisible();
  const rpm = dialog.getByLabel('Requests per minute');
  await rpm.fill('-5');
  await dialog.getByLabel('Tokens per minute').fill('50000');
  await dialog.getByLabel('Allowed models').fill('gpt-4o*, gpt-3.5-turbo');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await expect(rpm).toHaveAttribute('aria-invalid', 'true');
  await expect(rpm).toBeFocused();
  await expect(rpm).toHaveValue('-5');
  await expect(dialog.getByText('It can’t be negative. Enter a whole number, e.g. 60, or leave it empty.')).toBeVisible();
  await expect(dialog.getByLabel('Allowed models')).toHaveValue('gpt-4o*, gpt-3.5-turbo'); // nothing typed is lost
  await expect(dialog).not.toContainText('rateLimitRpm');
  await viewShot(page, 'rate-limits-create-error', dialog);

  await rpm.fill('120');
  await viewShot(page, 'rate-limits-create-desktop', dialog);
  await page.setViewportSize(PHONE);
  await viewShot(page, 'rate-limits-create-phone', dialog);
  await page.setViewportSize(DESKTOP);
  await dialog.getByRole('button', { name: 'Create key' }).click();
  const secret = ((await page.getByTestId('new-key-secret').textContent()) ?? '').trim();
  expect(secret).toMatch(/^kc_inf_/);
  await page.getByRole('button', { name: 'I have saved it' }).click();

  // The gateway refuses a model outside the allowlist (keycap-echo is the model the test setup answers).
  const refused = await chat(request, secret, 'keycap-echo');
  expect(refused.status()).toBe(403);
  const refusal = (await refused.json()).error;
  expect(refusal).toMatchObject({ code: 'model_not_allowed', allowedModels: ['gpt-4o*', 'gpt-3.5-turbo'] });
  expect(refusal.message).toContain(name);

  // The detail page: own limits, allowlist as chips.
  const me = await request.get('/api/v1/api_keys/me', { headers: { Authorization: `Bearer ${secret}` } });
  const keyId = (await me.json()).id as string;
  expect(refusal.fixUrl).toContain(`/keys/${keyId}`);
  await page.goto(`${KEYS}/${keyId}`);
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByTestId('detail-rpm')).toHaveText('120/min');
  await expect(page.getByTestId('detail-rpm')).toHaveAttribute('data-source', 'key');
  await expect(page.getByTestId('detail-tpm')).toHaveText('50,000/min');
  await expect(page.getByTestId('detail-model')).toHaveText(['gpt-4o*', 'gpt-3.5-turbo']);
  await shot(page, 'rate-limits-detail-desktop');
  await page.setViewportSize(PHONE);
  await shot(page, 'rate-limits-detail-phone');
  await page.setViewportSize(DESKTOP);

  // Edit: allow keycap-echo, 1 request per minute; the values shown in the dialog are the key's.
  await page.getByTestId('edit-key').click();
  let edit = page.getByRole('dialog', { name: `Edit “${name}”` });
  await expect(edit.getByLabel('Requests per minute')).toHaveValue('120');
  await expect(edit.getByLabel('Tokens per minute')).toHaveValue('50000');
  await expect(edit.getByLabel('Allowed models')).toHaveValue('gpt-4o*\ngpt-3.5-turbo');
  await expect(edit.getByText('Workspace default: 600/min, used when empty.')).toBeVisible();
  await edit.getByLabel('Requests per minute').fill('1');
  await edit.getByLabel('Allowed models').fill('keycap-*\ngpt-4o*');
  await viewShot(page, 'rate-limits-edit', edit);
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toHaveCount(0);
  await expect(page.getByTestId('detail-rpm')).toHaveText('1/min');
  await expect(page.getByTestId('detail-model')).toHaveText(['keycap-*', 'gpt-4o*']);

  // Enforced at once: keycap-echo is allowed now, and a second call in the same minute is over 1/min
  // (a third call covers a minute boundary between the first two).
  const statuses: number[] = [];
  let limited: { code?: string } | null = null;
  for (let i = 0; i < 3 && !limited; i++) {
    const r = await chat(request, secret, 'keycap-echo');
    statuses.push(r.status());
    if (r.status() === 429) limited = (await r.json()).error;
  }
  expect(statuses[0]).toBe(200);
  expect(limited).toMatchObject({ code: 'key_rate_limit_exceeded' });

  // Clearing every field saves back to empty: the workspace default applies, no token limit, every model.
  await page.getByTestId('edit-key').click();
  edit = page.getByRole('dialog', { name: `Edit “${name}”` });
  await edit.getByLabel('Requests per minute').fill('');
  await edit.getByLabel('Tokens per minute').fill('');
  await edit.getByLabel('Allowed models').fill('');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toHaveCount(0);
  await expect(page.getByTestId('detail-rpm')).toHaveText('600/min (workspace default)');
  await expect(page.getByTestId('detail-rpm')).toHaveAttribute('data-source', 'workspace');
  await expect(page.getByTestId('detail-tpm')).toHaveText('No limit');
  await expect(page.getByTestId('detail-models')).toHaveText('Every model');
  const after = await (await request.get('/api/v1/api_keys/me', { headers: { Authorization: `Bearer ${secret}` } })).json();
  expect(after).toMatchObject({ rateLimitRpm: null, rateLimitTpm: null, allowedModels: null });
  await page.getByTestId('edit-key').click();
  edit = page.getByRole('dialog', { name: `Edit “${name}”` });
  await expect(edit.getByLabel('Requests per minute')).toHaveValue('');
  await expect(edit.getByLabel('Allowed models')).toHaveValue('');
  await edit.getByRole('button', { name: 'Cancel' }).click();

  // Back to the demo state (no default rate limits), so other journeys are not rate limited.
  const form = await setRateDefaults(page, '', '');
  await page.reload();
  await expect(form.getByLabel('Requests per minute')).toHaveValue('');
  await page.goto(`${KEYS}/${keyId}`);
  await expect(page.getByTestId('detail-rpm')).toHaveText('No limit');
});

test('an out-of-range tokens per minute and a bad model name are refused in words next to their fields', async ({ page }) => {
  await login(page, DEMO.owner);
  await page.goto(KEYS);
  await page.getByTestId('create-key').first().click();
  const dialog = page.getByRole('dialog', { name: 'Create API key' });
  await dialog.getByLabel(/^Name/).fill(`e2e rate ${uid()}`);
  const tpm = dialog.getByLabel('Tokens per minute');
  await tpm.fill('10000001');
  await dialog.getByLabel('Allowed models').fill('gpt 4o');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await expect(tpm).toHaveAttribute('aria-invalid', 'true');
  await expect(tpm).toBeFocused();
  await expect(dialog.getByText('Use at most 10,000,000 per minute.')).toBeVisible();
  await expect(dialog.getByText('“gpt” is not a model name', { exact: false })).toHaveCount(0); // spaces separate models
  await dialog.getByLabel('Allowed models').fill('gpt-4o!');
  await tpm.fill('');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  const models = dialog.getByLabel('Allowed models');
  await expect(models).toHaveAttribute('aria-invalid', 'true');
  await expect(models).toBeFocused();
  await expect(dialog.getByText('“gpt-4o!” is not a model name: use letters, digits, . _ : / @ - and the wildcards * and ?.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

// Settings: budget and default limit (General), credits, prices, and the audit log with before/after.
import { expect, test } from '@playwright/test';
import { DEMO, DEMO_SLUG, login, shot, uid } from './helpers';

const S = `/w/${DEMO_SLUG}/settings`;

test('owner sets a monthly budget and sees month-to-date spend against it', async ({ page }) => {
  await login(page, DEMO.owner);
  await page.goto(S);
  const form = page.getByTestId('budget-form');
  await form.getByLabel('Monthly budget (USD)').fill('1234.5');
  await form.getByRole('button', { name: /budget/ }).first().click();
  await expect(form.getByText('Saved')).toBeVisible();
  await expect(page.getByTestId('budget-amount')).toHaveText('$1,234.50');
  await expect(page.getByTestId('budget-summary').getByRole('progressbar')).toBeVisible();
  await shot(page, 'settings-general');

  // Bad input is refused next to the field, in words (no API field names), the field keeps what was typed, and nothing changes.
  await form.getByLabel('Monthly budget (USD)').fill('12.3.4');
  await form.getByRole('button', { name: 'Save budget' }).click();
  await expect(form.getByLabel('Monthly budget (USD)')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText(/Enter a number of dollars/)).toBeVisible();
  await expect(form.getByLabel('Monthly budget (USD)')).toHaveValue('12.3.4');
  await expect(form).not.toContainText(/monthlyBudget|1000000000/);
  await page.reload();
  await expect(page.getByTestId('budget-amount')).toHaveText('$1,234.50');

  // $0 refuses every call, so it is confirmed first: cancelling changes nothing, confirming sets it.
  await form.getByLabel('Monthly budget (USD)').fill('0');
  await form.getByRole('button', { name: 'Save budget' }).click();
  const confirmZero = page.getByRole('dialog', { name: 'Set the monthly budget to $0?' });
  await expect(confirmZero).toContainText('refuses every call');
  await expect(confirmZero).not.toContainText(/confirmZeroBudget|monthlyBudget/);
  await confirmZero.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirmZero).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('budget-amount')).toHaveText('$1,234.50');
  await form.getByLabel('Monthly budget (USD)').fill('0');
  await form.getByRole('button', { name: 'Save budget' }).click();
  await confirmZero.getByRole('button', { name: 'Set a $0 budget' }).click();
  await expect(confirmZero).toHaveCount(0);
  await expect(page.getByTestId('budget-amount')).toHaveText('$0.00');

  // Removing it, then putting the demo's $500 back.
  await page.getByRole('button', { name: 'Remove budget' }).click();
  await expect(page.getByTestId('budget-summary')).toContainText('no budget set');
  await form.getByLabel('Monthly budget (USD)').fill('500');
  await form.getByRole('button', { name: 'Set budget' }).click();
  await expect(page.getByTestId('budget-amount')).toHaveText('$500.00');
});

test('the default limit pre-fills new keys; $0 is refused', async ({ page }) => {
  await login(page, DEMO.owner);
  await page.goto(S);
  const form = page.getByTestId('default-limit-form');
  await form.getByLabel('Default limit (USD)').fill('0');
  await form.getByRole('button', { name: /default/ }).first().click();
  await expect(form.getByText(/a default of \$0 would create every new key blocked/)).toBeVisible();

  await form.getByLabel('Default limit (USD)').fill('7.5');
  await form.getByLabel('Period').selectOption('weekly');
  await form.getByRole('button', { name: /Set default|Save default/ }).click();
  await expect(form.getByText('Saved')).toBeVisible();

  await page.goto(`/w/${DEMO_SLUG}/keys`);
  await page.getByTestId('create-key').first().click();
  const dialog = page.getByRole('dialog', { name: 'Create API key' });
  await expect(dialog.getByRole('checkbox', { name: 'Spend limit' })).toBeChecked();
  await expect(dialog.getByLabel('Limit (USD)')).toHaveValue('7.5');
  await expect(dialog.getByLabel('Period')).toHaveValue('weekly');
  await expect(dialog.getByText('Pre-filled from the workspace default ($7.50 per week).')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Removing it works; then put back the demo's default ($25 per month, what every new workspace starts with)
  // so other journeys start from the demo state.
  await page.goto(S);
  await page.getByRole('button', { name: 'Remove default' }).click();
  await expect(form.getByText('Default removed')).toBeVisible();
  await expect(form.getByLabel('Default limit (USD)')).toHaveValue('');
  await form.getByLabel('Default limit (USD)').fill('25');
  await form.getByLabel('Period').selectOption('monthly');
  await form.getByRole('button', { name: 'Set default' }).click();
  await expect(form.getByText('Saved')).toBeVisible();
});

test('credits and prices: owner tops up and edits a price', async ({ page }) => {
  await login(page, DEMO.owner);
  await page.goto(`${S}/credits`);
  const before = await page.getByTestId('balance-usd').textContent();
  const form = page.getByTestId('topup-form');
  await form.getByLabel('Amount (USD)').fill('25');
  await form.getByLabel('Note').fill(`e2e top-up ${uid()}`);
  await form.getByRole('button', { name: 'Add credits' }).click();
  await expect(form.getByText(/Added \$25\.00/)).toBeVisible();
  await expect(page.getByTestId('balance-usd')).not.toHaveText(before ?? '');
  await expect(page.getByTestId('topups')).toContainText('+$25.00');
  await shot(page, 'settings-credits');

  await page.goto(`${S}/prices`);
  const model = `e2e-model-${uid()}`;
  await page.getByTestId('add-price').click();
  const dialog = page.getByRole('dialog', { name: 'Add model price' });
  await dialog.getByLabel('Model').fill(model);
  await dialog.getByLabel('Input, USD / 1M tokens').fill('0.25');
  await dialog.getByLabel('Output, USD / 1M tokens').fill('1.0001');
  await dialog.getByRole('button', { name: 'Save price' }).click();
  await expect(dialog.getByText(/at most 3 decimals/)).toBeVisible();
  await dialog.getByLabel('Output, USD / 1M tokens').fill('1.25');
  await dialog.getByRole('button', { name: 'Save price' }).click();
  const priceRow = page.locator(`[data-testid="price-row"][data-model="${model}"]`);
  await expect(priceRow).toContainText('$0.25');
  await expect(priceRow).toContainText('$1.25');
  await shot(page, 'settings-prices');
  await priceRow.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete price' }).click();
  await expect(priceRow).toHaveCount(0);
});

test('the audit log lists a key creation with actor and before/after, and filters', async ({ page }) => {
  await login(page, DEMO.owner);
  const name = `e2e audited ${uid()}`;
  await page.goto(`/w/${DEMO_SLUG}/keys`);
  await page.getByTestId('create-key').first().click();
  const dialog = page.getByRole('dialog', { name: 'Create API key' });
  await dialog.getByLabel(/^Name/).fill(name);
  const enabled = dialog.getByRole('checkbox', { name: 'Spend limit' });
  if (!(await enabled.isChecked())) await enabled.check();
  await dialog.getByLabel('Limit (USD)').fill('3');
  await dialog.getByLabel('Period').selectOption('daily');
  await dialog.getByRole('button', { name: 'Create key' }).click();
  await page.getByRole('button', { name: 'I have saved it' }).click();
  const keyRow = page.locator(`[data-testid="key-row"][data-key-name="${name}"]`);
  await keyRow.getByTestId('edit-key').click();
  await page.getByRole('dialog').getByLabel('Limit (USD)').fill('4');
  await page.getByRole('dialog').getByRole('button', { name: 'Save changes' }).click();
  await expect(keyRow.getByTestId('key-limit')).toHaveText('$4.00 per day');

  await page.goto(`${S}/audit`);
  await page.getByLabel('Action').fill('api_key.');
  await page.getByLabel('Actor').selectOption(DEMO.owner.email);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/action=api_key\./);
  const rows = page.getByTestId('audit-row');
  await expect(rows.first()).toBeVisible();
  for (const a of await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))) expect(a).toMatch(/^api_key\./);

  const created = page.locator('[data-testid="audit-row"][data-action="api_key.create"]', { hasText: name });
  await expect(created).toHaveCount(1);
  await expect(created.getByTestId('audit-actor')).toHaveText(DEMO.owner.email);
  await expect(created.locator('[data-side="after"]', { hasText: name })).toBeVisible();
  await expect(created).toContainText('Spend limit (USD):');

  const updated = page.locator('[data-testid="audit-row"][data-action="api_key.update"]', { hasText: name });
  await expect(updated).toHaveCount(1);
  await expect(updated.locator('[data-side="before"]')).toHaveText(['3']);
  await expect(updated.locator('[data-side="after"]')).toHaveText(['4']);
  await shot(page, 'settings-audit');

  // A date range before any activity finds nothing.
  await page.goto(`${S}/audit?from=2001-01-01&to=2001-01-31`);
  await expect(page.getByText('No entries match these filters.')).toBeVisible();
  await page.goto(`${S}/audit?from=2001-02-31`);
  await expect(page.getByText(/“From” is not a real date/)).toBeVisible();
});

test('a MEMBER sees settings read-only', async ({ page }) => {
  await login(page, DEMO.member);
  await page.goto(S);
  await expect(page.getByTestId('budget-summary')).toBeVisible();
  await expect(page.getByTestId('budget-form')).toHaveCount(0);
  await expect(page.getByTestId('default-limit-form')).toHaveCount(0);
  await page.goto(`${S}/credits`);
  await expect(page.getByTestId('topup-form')).toHaveCount(0);
  await page.goto(`${S}/prices`);
  await expect(page.getByTestId('add-price')).toHaveCount(0);
  await page.goto(`${S}/audit`);
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
});

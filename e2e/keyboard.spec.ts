// Keyboard only: create a key, edit its limit and revoke it without touching the mouse — Tab to each
// control, Enter/Space to press, typing into fields; dialogs take focus, keep Tab inside, close on
// Escape and give focus back.
import { expect, test, type Page } from '@playwright/test';
import { DEMO, DEMO_SLUG, uid } from './helpers';

/** Presses Tab until the focused element matches `selector` (a CSS selector), at most `max` times. */
async function tabTo(page: Page, selector: string, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => !!document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

const focused = (page: Page) => page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? '');

test('create, edit and revoke a key with the keyboard only', async ({ page }) => {
  // sign in: type and press Enter
  await page.goto('/login');
  await tabTo(page, 'input[name="email"]');
  await page.keyboard.type(DEMO.owner.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(DEMO.owner.password);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/w/${DEMO_SLUG}$`));

  // to the keys page through the main navigation
  await tabTo(page, `nav[aria-label="Main"] a[href="/w/${DEMO_SLUG}/keys"]`);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/w/${DEMO_SLUG}/keys$`));
  await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible();

  // create: the dialog takes focus on its first field
  await tabTo(page, '[data-testid="create-key"]');
  await page.keyboard.press('Enter');
  const create = page.getByRole('dialog', { name: 'Create API key' });
  await expect(create.getByLabel('Name')).toBeFocused();
  const name = `keyboard ${uid()}`;
  await page.keyboard.type(name);
  // Tab moves through the dialog only
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]')), await focused(page)).toBe(true);
  }
  await tabTo(page, 'dialog[open] input[name="spendLimit"]');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('7.5');
  await tabTo(page, 'dialog[open] select[name="spendLimitPeriod"]');
  await page.keyboard.press('ArrowUp'); // monthly -> weekly
  await expect(create.getByLabel('Period')).toHaveValue('weekly');
  await tabTo(page, 'dialog[open] input[name="name"]');
  await page.keyboard.press('Enter'); // submits the form
  const reveal = page.getByTestId('new-key-dialog');
  await expect(reveal.getByTestId('new-key-secret')).toBeVisible();
  await expect(reveal.getByRole('button', { name: 'I have saved it' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(reveal).toHaveCount(0);
  const row = page.locator(`[data-testid="key-row"][data-key-name="${name}"]`);
  await expect(row.getByTestId('key-limit')).toHaveText('$7.50 per week');

  // edit: Escape closes and gives focus back to Edit; then change the limit and save with Enter
  await tabTo(page, `button[aria-label="Edit ${name}"]`);
  await page.keyboard.press('Enter');
  const edit = page.getByRole('dialog', { name: `Edit “${name}”` });
  await expect(edit.getByLabel('Name')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(edit).toHaveCount(0);
  await expect(row.getByTestId('edit-key')).toBeFocused();
  await page.keyboard.press('Enter');
  await tabTo(page, 'dialog[open] input[name="spendLimit"]');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('12');
  await page.keyboard.press('Enter');
  await expect(edit).toHaveCount(0);
  await expect(row.getByTestId('key-limit')).toHaveText('$12.00 per week');

  // revoke: the confirmation focuses Cancel (the safe choice); Tab to "Revoke key", then Space
  await tabTo(page, `button[aria-label="Revoke ${name}"]`);
  await page.keyboard.press('Enter');
  const revoke = page.getByRole('dialog', { name: `Revoke “${name}”?` });
  await expect(revoke.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await tabTo(page, 'dialog[open] [data-testid="confirm-revoke"]');
  await page.keyboard.press('Space');
  await expect(revoke).toHaveCount(0);
  await expect(row.getByTestId('key-status')).toHaveText('revoked');
});

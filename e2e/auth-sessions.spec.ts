// "Sign out of all sessions" in the user menu ends every session of the user, a copied cookie included.
import { expect, test } from '@playwright/test';
import { uid } from './helpers';

test('sign out of all sessions: this browser and a copied session are both signed out', async ({ page, browser }) => {
  const id = uid();
  const email = `sessions-${id}@example.com`;
  await page.goto('/signup');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct-horse-battery');
  await page.getByLabel('Workspace name').fill(`Sessions ${id}`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(new RegExp(`/w/sessions-${id}$`));

  // Someone holds a copy of the session cookie (another device, or a stolen cookie).
  const other = await browser.newContext();
  await other.addCookies(await page.context().cookies());
  const copy = await other.newPage();
  await copy.goto(`/w/sessions-${id}`);
  await expect(copy).toHaveURL(new RegExp(`/w/sessions-${id}$`));

  await page.locator('button[aria-haspopup="menu"]').click();
  await page.getByRole('menuitem', { name: 'Sign out of all sessions' }).click();
  await expect(page).toHaveURL(/\/login\?signedOut=all$/);
  await expect(page.getByTestId('login-notice')).toHaveText('You were signed out of all sessions, on every device.');

  await copy.goto(`/w/sessions-${id}`);
  await expect(copy).toHaveURL(/\/login/);
  await other.close();

  // Signing in again works.
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct-horse-battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/w/sessions-${id}$`));
});

// Sign-up, sign-in, invitations by link, and what a MEMBER may not do.
import { expect, test } from '@playwright/test';
import { DEMO, DEMO_SLUG, login, shot, uid } from './helpers';

test('sign up: a new user gets a workspace of their own and lands in it', async ({ page }) => {
  const id = uid();
  await page.goto('/signup');
  await page.getByLabel('Name', { exact: true }).fill('Sam Signup');
  await page.getByLabel('Email').fill(`signup-${id}@example.com`);
  await page.getByLabel('Password').fill('correct-horse-battery');
  await page.getByLabel('Workspace name').fill(`Signup ${id}`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(new RegExp(`/w/signup-${id}$`));
  await expect(page.getByRole('combobox', { name: 'Workspace' })).toContainText(`Signup ${id} (owner)`);
  // The owner of the new workspace can manage it.
  await page.goto(`/w/signup-${id}/keys`);
  await expect(page.getByText('No API keys yet')).toBeVisible();
  await expect(page.getByTestId('create-key').first()).toBeVisible();
});

test('sign in with the demo owner; a wrong password shows an error', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(DEMO.owner.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Wrong email or password.')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);

  // The form is reset after a failed attempt (React 19 form actions): type both again.
  await page.getByLabel('Email').fill(DEMO.owner.email);
  await page.getByLabel('Password').fill(DEMO.owner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${DEMO_SLUG}$`));
});

test('owner invites by link as MEMBER; the invitee joins Acme AI as MEMBER and cannot change roles', async ({ page, browser }) => {
  await login(page, DEMO.owner);
  await page.goto(`/w/${DEMO_SLUG}/settings/members`);
  await expect(page.getByTestId('role-select').first()).toBeVisible(); // the owner has role controls
  await page.getByTestId('invite-role').selectOption('MEMBER');
  await page.getByTestId('create-invite').click();
  const link = (await page.getByTestId('invite-link').textContent())?.trim() ?? '';
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}$/);
  await shot(page, 'settings-members-owner');

  // A stranger opens the link in a fresh browser (no session) and signs up through it.
  const ctx = await browser.newContext();
  const guest = await ctx.newPage();
  const email = `invitee-${uid()}@example.com`;
  await guest.goto(new URL(link).pathname);
  await expect(guest.getByRole('heading', { name: 'Join Acme AI' })).toBeVisible();
  await expect(guest.getByText('You were invited as MEMBER')).toBeVisible();
  await guest.getByLabel('Name', { exact: true }).fill('Ivy Invitee');
  await guest.getByLabel('Email').fill(email);
  await guest.getByLabel('Password').fill('invitee-password-123');
  await guest.getByRole('button', { name: 'Create account and join' }).click();
  await expect(guest).toHaveURL(new RegExp(`/w/${DEMO_SLUG}$`));

  // They are a MEMBER: the members page has no role or removal controls for them.
  await guest.goto(`/w/${DEMO_SLUG}/settings/members`);
  const me = guest.locator(`[data-testid="member-row"][data-email="${email}"]`);
  await expect(me.getByTestId('member-role')).toHaveText('Member');
  await expect(guest.getByTestId('member-row').first()).toBeVisible();
  await expect(guest.getByTestId('role-select')).toHaveCount(0);
  await expect(guest.getByTestId('remove-member')).toHaveCount(0);
  await expect(guest.getByTestId('create-invite')).toHaveCount(0);
  await expect(guest.getByText('Only owners can change members and roles.')).toBeVisible();
  await shot(guest, 'settings-members-member');

  // The link works once.
  await guest.goto(new URL(link).pathname);
  await expect(guest.getByText('Invitation not valid')).toBeVisible();
  await ctx.close();

  // The owner sees the new member with their role.
  await page.reload();
  await expect(page.locator(`[data-testid="member-row"][data-email="${email}"]`).getByTestId('role-select')).toHaveValue('MEMBER');
});

test('a MEMBER (demo) sees members but no role controls', async ({ page }) => {
  await login(page, DEMO.member);
  await page.goto(`/w/${DEMO_SLUG}/settings/members`);
  await expect(page.locator(`[data-testid="member-row"][data-email="${DEMO.owner.email}"]`).getByTestId('member-role')).toHaveText('Owner');
  await expect(page.getByTestId('role-select')).toHaveCount(0);
  await expect(page.getByTestId('remove-member')).toHaveCount(0);
});

test('bad sign-up input gets a message on the field and creates nothing', async ({ page }) => {
  const id = uid();
  await page.goto('/signup');
  // Skip the browser's own checks (a forged or scripted post would): the server must refuse on its own.
  await page.locator('form').evaluate((f: HTMLFormElement) => (f.noValidate = true));
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password').fill('short');
  await page.getByLabel('Workspace name').fill(`Bad ${id}`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Enter a valid email address')).toBeVisible();
  await expect(page.getByText('Use at least 10 characters')).toBeVisible();
  await expect(page).toHaveURL(/\/signup$/);

  // An email that already has an account: a clear message, and the existing account is untouched.
  await page.locator('form').evaluate((f: HTMLFormElement) => (f.noValidate = true));
  await page.getByLabel('Email').fill(DEMO.owner.email.toUpperCase());
  await page.getByLabel('Password').fill('a-new-password-123');
  await page.getByLabel('Workspace name').fill(`Bad ${id}`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('An account with this email already exists. Sign in instead.').first()).toBeVisible();
  await expect(page).toHaveURL(/\/signup$/);

  // Nothing was created: no workspace "Bad …", and the owner still signs in with the old password only.
  await login(page, DEMO.owner);
  const r = await page.goto(`/w/bad-${id}`);
  expect(r?.status()).toBe(404);
  await page.context().clearCookies();
  await page.goto('/login');
  await page.getByLabel('Email').fill(DEMO.owner.email);
  await page.getByLabel('Password').fill('a-new-password-123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Wrong email or password.')).toBeVisible();
});

test('a signed-in user accepts an invitation and switches between their two workspaces', async ({ page, browser }) => {
  // The owner of Acme AI makes an ADMIN invitation link.
  await login(page, DEMO.owner);
  await page.goto(`/w/${DEMO_SLUG}/settings/members`);
  await page.getByTestId('invite-role').selectOption('ADMIN');
  await page.getByTestId('create-invite').click();
  const link = (await page.getByTestId('invite-link').textContent())?.trim() ?? '';

  // Someone with a workspace of their own, signed in, opens it and accepts.
  const ctx = await browser.newContext();
  const me = await ctx.newPage();
  const id = uid();
  await me.goto('/signup');
  await me.getByLabel('Email').fill(`switcher-${id}@example.com`);
  await me.getByLabel('Password').fill('switcher-password-1');
  await me.getByLabel('Workspace name').fill(`Own ${id}`);
  await me.getByRole('button', { name: 'Create account' }).click();
  await expect(me).toHaveURL(new RegExp(`/w/own-${id}$`));
  await me.goto(new URL(link).pathname);
  await expect(me.getByRole('heading', { name: 'Join Acme AI' })).toBeVisible();
  await me.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(me).toHaveURL(new RegExp(`/w/${DEMO_SLUG}$`));

  // Both workspaces are in the switcher, each with this user's role there; switching changes workspace.
  const switcher = me.getByRole('combobox', { name: 'Workspace' });
  await expect(switcher).toHaveValue(DEMO_SLUG);
  await expect(switcher.locator('option')).toHaveCount(2);
  const options = await switcher.locator('option').allTextContents();
  expect(options).toEqual(expect.arrayContaining(['Acme AI (admin)', `Own ${id} (owner)`]));
  expect(options).toHaveLength(2);
  await switcher.selectOption(`own-${id}`);
  await expect(me).toHaveURL(new RegExp(`/w/own-${id}$`));
  await expect(me.getByRole('combobox', { name: 'Workspace' })).toHaveValue(`own-${id}`);
  // As ADMIN of Acme AI they manage keys there; in their own workspace, as OWNER, too.
  await me.getByRole('combobox', { name: 'Workspace' }).selectOption(DEMO_SLUG);
  await expect(me).toHaveURL(new RegExp(`/w/${DEMO_SLUG}$`));
  await me.goto(`/w/${DEMO_SLUG}/keys`);
  await expect(me.getByTestId('create-key').first()).toBeVisible();
  await ctx.close();
});

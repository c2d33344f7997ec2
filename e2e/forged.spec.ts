// Forged server-action calls. The UI hides controls a role may not use, but server actions are public
// endpoints: here a MEMBER replays a real action request (captured from an OWNER's browser, so the action
// id and body format are genuine) with their own session cookie. The server must refuse, and nothing changes.
import { expect, test, type Browser, type Page, type Request } from '@playwright/test';
import { DEMO, DEMO_SLUG, login, uid } from './helpers';

/** Runs `act` and returns the server-action POST it caused (Next sends the action id in `next-action`). */
async function captureAction(page: Page, act: () => Promise<void>): Promise<Request> {
  const [req] = await Promise.all([page.waitForRequest((r) => r.method() === 'POST' && !!r.headers()['next-action']), act()]);
  return req;
}

/** Replays `req` from a fresh MEMBER session, with `body` in place of the original body. */
async function replayAsMember(browser: Browser, req: Request, body: string) {
  const ctx = await browser.newContext();
  const member = await ctx.newPage();
  await login(member, DEMO.member);
  const h = req.headers();
  const r = await member.request.post(req.url(), {
    headers: { 'next-action': h['next-action'], 'content-type': h['content-type'] ?? 'text/plain;charset=UTF-8', accept: 'text/x-component', 'next-router-state-tree': h['next-router-state-tree'] ?? '' },
    data: body,
  });
  const text = await r.text();
  await ctx.close();
  return { status: r.status(), text };
}

test('a MEMBER replaying a key edit action is refused; the key is unchanged', async ({ page, browser }) => {
  await login(page, DEMO.owner);
  await page.goto(`/w/${DEMO_SLUG}/keys`);
  const name = `e2e forged ${uid()}`;
  await page.getByTestId('create-key').first().click();
  const create = page.getByRole('dialog', { name: 'Create API key' });
  await create.getByLabel(/^Name/).fill(name);
  await create.getByRole('button', { name: 'Create key' }).click();
  await page.getByRole('button', { name: 'I have saved it' }).click();
  await page.locator(`[data-testid="key-row"][data-key-name="${name}"]`).getByRole('link').click();
  await expect(page.getByRole('heading', { name })).toBeVisible();

  // The owner renames the key; we keep the request the browser sent.
  const ownerName = `${name} owner`;
  await page.getByTestId('edit-key').click();
  await page.getByRole('dialog').getByLabel(/^Name/).fill(ownerName);
  const req = await captureAction(page, () => page.getByRole('dialog').getByRole('button', { name: 'Save changes' }).click());
  await expect(page.getByRole('heading', { name: ownerName })).toBeVisible();
  const body = req.postData() ?? '';
  expect(body).toContain(ownerName);

  // The member sends the same action with another name.
  const forged = body.replace(ownerName, 'forged by member');
  const r = await replayAsMember(browser, req, forged);
  expect(r.status).toBe(200); // actions answer errors as values
  expect(r.text).toContain('"code":"forbidden"');
  expect(r.text).not.toContain('forged by member');

  await page.reload();
  await expect(page.getByRole('heading', { name: ownerName })).toBeVisible();
  await expect(page.getByText('forged by member')).toHaveCount(0);
});

test('a MEMBER replaying a role change to promote themselves is refused', async ({ page, browser }) => {
  await login(page, DEMO.owner);
  await page.goto(`/w/${DEMO_SLUG}/settings/members`);
  const memberRow = page.locator(`[data-testid="member-row"][data-email="${DEMO.member.email}"]`);
  const select = memberRow.getByTestId('role-select');
  await expect(select).toHaveValue('MEMBER');
  // The owner promotes the member to ADMIN (captured) and demotes them back.
  const req = await captureAction(page, async () => void (await select.selectOption('ADMIN')));
  await expect(select).toHaveValue('ADMIN');
  await expect(select).toBeEnabled();
  await page.reload();
  await expect(memberRow.getByTestId('role-select')).toHaveValue('ADMIN');
  await memberRow.getByTestId('role-select').selectOption('MEMBER');
  await expect(memberRow.getByTestId('role-select')).toBeEnabled();
  await page.reload();
  await expect(memberRow.getByTestId('role-select')).toHaveValue('MEMBER');

  // The member replays "make me ADMIN" with their own session.
  const r = await replayAsMember(browser, req, req.postData() ?? '');
  expect(r.text).toContain('"code":"forbidden"');
  await page.reload();
  await expect(memberRow.getByTestId('role-select')).toHaveValue('MEMBER');
});

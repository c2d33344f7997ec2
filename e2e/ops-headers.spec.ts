// Security headers on console pages (proxy.ts, next.config.js) and on the JSON APIs, with the console's
// scripts running under the nonce-based CSP: hydrated pages, no CSP violation on the way.
import { expect, test, type Page } from '@playwright/test';
import { DEMO, DEMO_SLUG, login } from './helpers';

function watchCsp(page: Page) {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

test('console pages carry CSP (nonce on every script), frame-ancestors none, nosniff, Referrer-Policy; pages still work', async ({ page }) => {
  const violations = watchCsp(page);
  for (const path of ['/login', '/signup']) {
    const res = await page.goto(path);
    expect(res!.status()).toBe(200);
    const h = res!.headers();
    const csp = h['content-security-policy'] ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, `${path} CSP: ${csp}`).toBeTruthy();
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).toContain(`frame-ancestors 'none'`);
    expect(csp).not.toContain('unsafe-eval');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['strict-transport-security']).toBeUndefined(); // plain http, no trusted proxy
    const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.nonce));
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((n) => n === nonce)).toBe(true);
  }
  // A fresh nonce per request.
  const again = (await page.goto('/login'))!.headers()['content-security-policy'];
  expect(again).not.toBe((await page.request.get('/login')).headers()['content-security-policy']);

  // Client-side behaviour under the CSP: sign in, navigate, open a dialog.
  await login(page, DEMO.owner);
  await page.goto(`/w/${DEMO_SLUG}/keys`);
  await expect(page.getByTestId('create-key').first()).toBeVisible();
  await page.getByTestId('create-key').first().click();
  await expect(page.getByRole('dialog', { name: 'Create API key' })).toBeVisible();
  expect(violations).toEqual([]);
});

test('JSON APIs are nosniff: Next routes and the lean server', async ({ request }) => {
  for (const path of ['/api/v1/workspace', '/api/health', '/api/v1/models', '/api/auth/session']) {
    const r = await request.get(path);
    expect(r.headers()['x-content-type-options'], path).toBe('nosniff');
  }
  const health = await request.get('/api/health');
  expect(await health.json()).toEqual({ status: 'ok' });
  expect((await request.get('/api/ready')).status()).toBe(200);
});

// Shared helpers for the browser journeys: demo users, sign-in, unique names, screenshots.
import { expect, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';

export const DEMO_SLUG = 'acme-ai';
export const DEMO = {
  owner: { email: 'owner@demo.keycap.dev', password: 'keycap-demo-owner' },
  admin: { email: 'admin@demo.keycap.dev', password: 'keycap-demo-admin' },
  member: { email: 'member@demo.keycap.dev', password: 'keycap-demo-member' },
} as const;

export const uid = () => randomBytes(4).toString('hex');

/** Signs in through the login form and waits for the workspace (or `next`) to load. */
export async function login(page: Page, user: { email: string; password: string }, next?: string) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(next ? new RegExp(next.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : /\/w\/[^/]+/);
}

/** Full-page screenshot into e2e/screenshots (git-ignored), for looking at the UI. */
export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}

// The demo workspace, used by `npm run seed:demo`, `npm start` on an empty SQLite database and the e2e tests.
// Whether it may be seeded at all, and where its secrets go: ./policy.
import { randomBytes } from 'node:crypto';
import { db } from '../db';
import { hashPassword } from '../auth/password';
import { createWorkspace } from '../services/workspaces';
import { createKey } from '../services/keys';
import type { Ctx } from '../context';
import type { DemoCredentials } from './policy';

export const DEMO_USERS = [
  { role: 'OWNER', email: 'owner@demo.keycap.dev', name: 'Olivia Owner' },
  { role: 'ADMIN', email: 'admin@demo.keycap.dev', name: 'Adam Admin' },
  { role: 'MEMBER', email: 'member@demo.keycap.dev', name: 'Mia Member' },
] as const;

/** Well-known passwords for the browser tests only (e2e/helpers.ts); scripts/e2e-server.mjs asks for them. */
const TEST_PASSWORDS: Record<(typeof DEMO_USERS)[number]['role'], string> = {
  OWNER: 'keycap-demo-owner',
  ADMIN: 'keycap-demo-admin',
  MEMBER: 'keycap-demo-member',
};

/** Seeds the demo workspace. Passwords are random (see the returned credentials) unless `testPasswords`. */
export async function seedDemo({ testPasswords = false }: { testPasswords?: boolean } = {}): Promise<DemoCredentials> {
  const users = DEMO_USERS.map((u) => ({ ...u, password: testPasswords ? TEST_PASSWORDS[u.role] : randomBytes(15).toString('base64url') }));
  const ids: string[] = [];
  for (const u of users) {
    const user = await db.user.create({ data: { email: u.email, name: u.name, passwordHash: await hashPassword(u.password) } });
    ids.push(user.id);
  }
  const ws = await db.$transaction((tx) => createWorkspace(tx, 'Acme AI', ids[0], DEMO_USERS[0].email));
  await db.membership.createMany({
    data: [
      { workspaceId: ws.id, userId: ids[1], role: 'ADMIN' },
      { workspaceId: ws.id, userId: ids[2], role: 'MEMBER' },
    ],
  });
  const ctx: Ctx = { workspaceId: ws.id, workspaceSlug: ws.slug, actor: { kind: 'system', label: 'demo seed' } };
  await db.workspace.update({ where: { id: ws.id }, data: { monthlyBudgetNano: 500_000_000_000n } });
  const admin = await createKey(ctx, { name: 'Demo admin key', type: 'ADMIN' });
  const inference = await createKey(ctx, { name: 'Demo inference key', type: 'INFERENCE', spendLimit: 25, spendLimitPeriod: 'daily' });
  const extra = await import('./extra').catch(() => null);
  if (extra?.seedDemoExtras) await extra.seedDemoExtras(ctx, { ownerId: ids[0] });
  return {
    workspaceName: ws.name,
    workspaceSlug: ws.slug,
    users: users.map(({ role, email, password }) => ({ role, email, password })),
    keys: [
      { type: 'ADMIN', name: admin.key.name, secret: admin.secret },
      { type: 'INFERENCE', name: inference.key.name, secret: inference.secret },
    ],
  };
}

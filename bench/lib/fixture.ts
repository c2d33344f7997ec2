// A workspace with credit, an optional budget and keys, made through the real services (as the CLI does).
// Imported only after bench/run.ts has pointed DATABASE_URL at the bench's own fresh database.
import { randomBytes } from 'node:crypto';
import { db } from '../../lib/db';
import type { Ctx } from '../../lib/context';
import { createWorkspace } from '../../lib/services/workspaces';
import { createKey } from '../../lib/services/keys';
import { addCredits } from '../../lib/services/credits';
import { authenticateKey, type AuthedKey } from '../../lib/api/auth-key';
import type { Period } from '../../lib/periods';

export interface BenchKey {
  id: string;
  secret: string;
  authed: () => Promise<AuthedKey>;
}

export async function benchWorkspace(name: string, opts: { creditUsd?: number; budgetUsd?: number | null } = {}) {
  const tag = randomBytes(4).toString('hex');
  const user = await db.user.create({ data: { email: `bench-${tag}@bench.keycap.dev` } });
  const ws = await db.$transaction((tx) => createWorkspace(tx, `${name} ${tag}`, user.id, user.email, { defaultKeyLimit: null }));
  const ctx: Ctx = { workspaceId: ws.id, workspaceSlug: ws.slug, actor: { kind: 'user', userId: user.id, role: 'OWNER', label: user.email } };
  // addCredits takes at most $1e9 per call.
  for (let left = opts.creditUsd ?? 0; left > 0; left -= 1e9) await addCredits(ctx, { bucket: 'USD', usd: Math.min(left, 1e9), note: 'bench credit' });
  if (opts.budgetUsd != null) await db.workspace.update({ where: { id: ws.id }, data: { monthlyBudgetNano: BigInt(Math.round(opts.budgetUsd * 1e9)) } });
  const key = async (input: { name?: string; spendLimit?: number | null; spendLimitPeriod?: Period } = {}): Promise<BenchKey> => {
    const { key, secret } = await createKey(ctx, { name: input.name ?? `bench-${randomBytes(3).toString('hex')}`, ...input });
    return { id: key.id, secret, authed: () => authenticateKey(`Bearer ${secret}`) };
  };
  return { ws, ctx, user, key };
}

// Rolling an API key: a new secret for the same key (same id, limits, spend and history), while the old
// secret keeps working for a grace period (default 24 h, 0 = refused at once) so deployments can switch
// without downtime. Both secrets' last 6 characters and the grace end are in the audit log.
import { z } from 'zod';
import { db } from '../db';
import type { Ctx } from '../context';
import { requirePermission } from '../context';
import { audit } from '../audit';
import { badRequest } from '../errors';
import { generateSecret, hashSecret } from '../keys/secret';
import { parseInput } from '../schemas/parse';
import { getKeyRow, keyObject, type KeyObject } from './keys';
import { onLimitChanged } from './limit-hooks';

export const rollKeySchema = z.strictObject({
  gracePeriodHours: z.number().min(0, 'must be ≥ 0').max(720, 'must be ≤ 720 (30 days)').optional(),
});

export interface Rolled {
  key: KeyObject;
  secret: string;
  previousSecretLast6: string;
  previousSecretExpiresAt: string | null;
}

export async function rollKey(ctx: Ctx, id: string, raw: unknown = {}): Promise<Rolled> {
  requirePermission(ctx, 'keys.manage');
  const { gracePeriodHours = 24 } = parseInput(rollKeySchema, raw ?? {});
  const before = await getKeyRow(ctx, id);
  if (before.revokedAt) throw badRequest(null, `API key "${before.name}" is revoked; a revoked key cannot be rolled. Create a new key.`, 'api_key_revoked');
  const secret = generateSecret(before.type);
  const now = new Date();
  const until = gracePeriodHours > 0 ? new Date(now.getTime() + Math.round(gracePeriodHours * 3600_000)) : null;
  const row = await db.$transaction(async (tx) => {
    const k = await tx.apiKey.update({
      where: { id: before.id },
      data: { hash: hashSecret(secret), last6: secret.slice(-6), previousHash: until ? before.hash : null, previousHashExpiresAt: until },
    });
    await audit(
      tx,
      ctx,
      'api_key.roll',
      { type: 'api_key', id: k.id },
      { secretLast6: before.last6 },
      { secretLast6: k.last6, previousSecretLast6: before.last6, previousSecretWorksUntil: until?.toISOString() ?? null },
    );
    return k;
  });
  await onLimitChanged(ctx.workspaceId); // caches drop the key: the new secret and the grace apply at once here
  return { key: await keyObject(row), secret, previousSecretLast6: before.last6, previousSecretExpiresAt: until?.toISOString() ?? null };
}

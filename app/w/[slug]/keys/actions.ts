'use server';
// Keys page server actions: thin adapters over lib/services/keys.ts. The wrapper checks the session,
// membership and permission; the service validates the input (400 naming the field) and audits.
import { z } from 'zod';
import { workspaceAction } from '@/lib/action';
import { createKey, revokeKey, updateKey } from '@/lib/services/keys';
import { rollKey } from '@/lib/services/key-roll';
import { getWorkspace } from '@/lib/services/workspace-settings';

const keyId = z.string().trim().min(1, 'must not be empty').max(64);

/** Input is validated by the service against createKeySchema (strict: unknown fields → 400). */
export const createKeyAction = workspaceAction('keys.manage', z.unknown(), (ctx, input) => createKey(ctx, input));

export const updateKeyAction = workspaceAction('keys.manage', z.strictObject({ id: keyId, patch: z.unknown() }), (ctx, { id, patch }) =>
  updateKey(ctx, id, patch),
);

export const revokeKeyAction = workspaceAction('keys.manage', z.strictObject({ id: keyId }), (ctx, { id }) => revokeKey(ctx, id));

/** A new secret; the old one keeps working for `gracePeriodHours` (the service validates it). */
export const rollKeyAction = workspaceAction('keys.manage', z.strictObject({ id: keyId, gracePeriodHours: z.unknown() }), (ctx, { id, gracePeriodHours }) =>
  rollKey(ctx, id, { gracePeriodHours }),
);

/** The workspace's default rate limits, for the hints of the create and edit dialogs (they apply to keys without their own). */
export const rateDefaultsAction = workspaceAction('keys.manage', z.strictObject({}), async (ctx) => {
  const ws = await getWorkspace(ctx, undefined, { forecast: false });
  return { rpm: ws.defaultRateLimitRpm, tpm: ws.defaultRateLimitTpm };
});

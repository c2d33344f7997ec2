'use server';
// Settings → Webhooks: OWNER/ADMIN (webhooks.manage). Thin adapters over lib/webhooks/service.
import { z } from 'zod';
import { workspaceAction } from '@/lib/action';
import { createEndpointSchema, idSchema, rotateWithIdSchema, updateWithIdSchema } from '@/lib/webhooks/schemas';
import { createEndpoint, deleteEndpoint, resendDelivery, rotateSecret, sendTestEvent, updateEndpoint } from '@/lib/webhooks/service';

export const createEndpointAction = workspaceAction('webhooks.manage', createEndpointSchema, (ctx, input) => createEndpoint(ctx, input));

export const updateEndpointAction = workspaceAction('webhooks.manage', updateWithIdSchema, (ctx, { id, ...rest }) => updateEndpoint(ctx, id, rest));

export const deleteEndpointAction = workspaceAction('webhooks.manage', idSchema, (ctx, { id }) => deleteEndpoint(ctx, id));

export const rotateSecretAction = workspaceAction('webhooks.manage', rotateWithIdSchema, (ctx, { id, ...rest }) => rotateSecret(ctx, id, rest));

export const sendTestAction = workspaceAction('webhooks.manage', idSchema, (ctx, { id }) => sendTestEvent(ctx, id));

export const resendAction = workspaceAction(
  'webhooks.manage',
  z.strictObject({ id: z.string().min(1).max(64), deliveryId: z.string().min(1).max(64) }),
  (ctx, { id, deliveryId }) => resendDelivery(ctx, id, deliveryId),
);

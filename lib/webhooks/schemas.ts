// Input schemas for webhook endpoints, shared by the console form, server actions and /api/v1/webhooks.
import { z } from 'zod';
import { ALERT_EVENT_TYPES } from './events';

const url = z.string().trim().min(1, 'is required').max(2048, 'must be at most 2048 characters');
const events = z
  .array(z.enum(ALERT_EVENT_TYPES, { error: `must be one of ${ALERT_EVENT_TYPES.join(', ')}` }))
  .min(1, 'subscribe to at least one event');
const description = z.string().trim().max(200, 'must be at most 200 characters');

export const createEndpointSchema = z.strictObject({
  url: url.describe('Absolute http(s) URL that receives the events (at most 2048 characters; private and loopback addresses are refused).'),
  events: events.default([...ALERT_EVENT_TYPES]).describe('Alert events to subscribe to (at least one); default: all of them.'),
  description: description.nullable().optional().describe('A note for humans, at most 200 characters.'),
  enabled: z.boolean().default(true).describe('Whether deliveries are sent (default true).'),
});

export const updateEndpointSchema = z.strictObject({
  url: url.optional().describe('New absolute http(s) URL.'),
  events: events.optional().describe('New set of subscribed alert events (at least one).'),
  description: description.nullable().optional().describe('New note (at most 200 characters), or null.'),
  enabled: z.boolean().optional().describe('false stops deliveries (pending ones are cancelled); true re-enables and clears an automatic disable.'),
});

export const idSchema = z.strictObject({ id: z.string().min(1, 'is required').max(64) });

export const MAX_OVERLAP_HOURS = 168;
export const DEFAULT_OVERLAP_HOURS = 24;
/** POST /webhooks/{id}/rotate-secret: how long the replaced secret keeps signing too (0 = not at all). */
export const rotateSecretSchema = z.strictObject({
  overlapHours: z
    .number({ error: `must be a number of hours from 0 to ${MAX_OVERLAP_HOURS}` })
    .min(0, 'must be ≥ 0')
    .max(MAX_OVERLAP_HOURS, `must be ≤ ${MAX_OVERLAP_HOURS} (7 days)`)
    .default(DEFAULT_OVERLAP_HOURS)
    .describe(`Hours the replaced secret keeps signing too, as a second signature (0–${MAX_OVERLAP_HOURS}, default ${DEFAULT_OVERLAP_HOURS}; 0 = it stops at once).`),
});
export const rotateWithIdSchema = rotateSecretSchema.extend({ id: z.string().min(1).max(64) });
export const resendSchema = z.strictObject({ deliveryId: z.string().min(1, 'is required').max(64) });
export const updateWithIdSchema = updateEndpointSchema.extend({ id: z.string().min(1).max(64) });

export const listDeliveriesQuery = z.strictObject({
  limit: z.coerce.number().int('must be an integer').min(1, 'must be ≥ 1').max(100, 'must be ≤ 100').default(50).describe('Deliveries per page, 1–100.'),
  page: z.coerce.number().int('must be an integer').min(1, 'must be ≥ 1').default(1).describe('Page number, from 1.'),
  status: z
    .enum(['PENDING', 'DELIVERED', 'FAILED', 'CANCELLED'], { error: 'must be PENDING, DELIVERED, FAILED or CANCELLED' })
    .optional()
    .describe('Only deliveries with this status.'),
});

export type CreateEndpointInput = z.input<typeof createEndpointSchema>;
export type UpdateEndpointInput = z.input<typeof updateEndpointSchema>;
export type RotateSecretInput = z.input<typeof rotateSecretSchema>;

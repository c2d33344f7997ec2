// Webhook event types. The alert events can be subscribed to; `webhook.test` is only ever sent
// by "send test event" to the one endpoint it was asked for.
export const ALERT_EVENT_TYPES = [
  'api_key.spend_limit.warning',
  'api_key.spend_limit.reached',
  'api_key.spend_limit.resolved',
  'api_key.spend_limit.forecast',
  'workspace.spend_budget.warning',
  'workspace.spend_budget.reached',
  'workspace.spend_budget.resolved',
  'workspace.spend_budget.forecast',
] as const;
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];
export const TEST_EVENT_TYPE = 'webhook.test';
export type EventType = AlertEventType | typeof TEST_EVENT_TYPE;

export const EVENT_DESCRIPTIONS: Record<AlertEventType, string> = {
  'api_key.spend_limit.warning': 'A key reached 80 % of its spend limit',
  'api_key.spend_limit.reached': 'A key reached 100 % of its spend limit',
  'api_key.spend_limit.resolved': 'A key fell back below a threshold it had alerted on (limit raised or removed, window reset, key revoked)',
  'api_key.spend_limit.forecast': 'At its 24 h spend rate, a key will reach its limit within 24 hours',
  'workspace.spend_budget.warning': 'The workspace reached 80 % of its monthly budget',
  'workspace.spend_budget.reached': 'The workspace reached 100 % of its monthly budget',
  'workspace.spend_budget.resolved': 'The workspace fell back below a budget threshold it had alerted on (budget raised or removed, new month)',
  'workspace.spend_budget.forecast': 'At its 24 h spend rate, the workspace will reach its monthly budget within 24 hours',
};

/** Endpoint.events is stored as a comma-separated list. */
export const encodeEvents = (events: readonly string[]) => [...new Set(events)].join(',');
export const decodeEvents = (s: string): AlertEventType[] =>
  s.split(',').filter((e): e is AlertEventType => (ALERT_EVENT_TYPES as readonly string[]).includes(e));

/** The envelope every delivery carries (its JSON is stored once in WebhookEvent.payload and sent as is). */
export interface WebhookPayload<D = unknown> {
  id: string;
  type: EventType;
  createdAt: string;
  data: D;
}

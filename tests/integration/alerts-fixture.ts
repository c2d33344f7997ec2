// Shared by the alert tests: a loopback receiver verifying signatures (cleared after each test), a workspace
// with one endpoint pointing at it, and spend recorded through the real metering transaction.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import { recordUsage } from '@/lib/metering/record';
import { createEndpoint } from '@/lib/webhooks/service';
import { drainOnce } from '@/lib/webhooks/worker';
import { makeWorkspace, usd, type TestWorkspace } from './helpers';
import { startReceiver, type Receiver } from './webhooks-receiver';

export interface SentEvent {
  id: string;
  type: string;
  data: { object: Record<string, unknown>; alert: Record<string, unknown> };
}

/** Call at the top of a test file: starts the receiver for the file and returns the helpers bound to it. */
export function alertReceiver() {
  let rx!: Receiver;
  beforeAll(async () => {
    rx = await startReceiver();
  });
  afterAll(() => rx.close());
  afterEach(() => {
    rx.received.length = 0;
    rx.reply = () => ({ status: 200, body: 'ok' });
  });
  const rid = () => `req_${randomBytes(8).toString('hex')}`;
  return {
    rx: () => rx,
    rid,
    /** A workspace whose one endpoint is the receiver (subscribed to every event type). */
    async setup(name: string) {
      const t = await makeWorkspace(name);
      rx.secret = (await createEndpoint(t.ownerCtx, { url: rx.url })).secret;
      return t;
    },
    /** Records `dollars` of usage (at `at`, default now) and, unless drain is false, delivers what it fired. */
    async spend(t: TestWorkspace, apiKeyId: string | null, dollars: number, at?: Date, o: { drain?: boolean } = {}) {
      await recordUsage({ workspaceId: t.ws.id, apiKeyId, requestId: rid(), model: 'test-model', costNano: usd(dollars), at });
      if (o.drain !== false) await drainOnce({ workspaceId: t.ws.id });
    },
    /** The received events of one type, in arrival order. */
    ofType: (type: string) => rx.received.filter((r) => r.json.type === type).map((r) => r.json as unknown as SentEvent),
  };
}

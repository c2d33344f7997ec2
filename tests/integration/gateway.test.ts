// The built-in gateway over real HTTP — the lean data-plane server users run — driven by the official
// openai SDK, against a loopback upstream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI, { APIError } from 'openai';
import { db } from '@/lib/db';
import { setPrice } from '@/lib/services/prices';
import { windowSpend } from '@/lib/metering/spend';
import { reconcile } from '@/lib/metering/reconcile';
import { startUpstream, type Upstream } from '../support/upstream';
import { listenDataPlane } from '../support/dataplane';
import { gateWorkspace } from './fixtures/workspace';

let upstream: Upstream;
let server: Awaited<ReturnType<typeof listenDataPlane>>;

beforeAll(async () => {
  upstream = await startUpstream({ chunkDelayMs: 40, chunks: 6 });
  process.env.UPSTREAM_BASE_URL = upstream.url;
  server = await listenDataPlane();
});
afterAll(async () => {
  delete process.env.UPSTREAM_BASE_URL;
  await server?.close();
  await upstream?.close();
});

async function setup(limitUsd: number) {
  const w = await gateWorkspace({ creditUsd: 100 });
  // $1000/Mtok in, $2000/Mtok out: one upstream call (10 in, 20 out) costs $0.05
  await setPrice(w.ctx, { model: 'up-model', inputUsdPerMtok: 1000, outputUsdPerMtok: 2000, defaultReserveUsd: 0.01 });
  await setPrice(w.ctx, { model: 'fail-500', inputUsdPerMtok: 1, outputUsdPerMtok: 1 });
  const k = await w.key({ name: 'sdk key', spendLimit: limitUsd, spendLimitPeriod: 'daily' });
  const client = new OpenAI({ apiKey: k.secret, baseURL: `${server.base}/api/v1`, maxRetries: 0 });
  return { w, k, client };
}

describe('gateway with the official openai SDK', () => {
  it('completes a chat (plain and streaming), bills usage, then refuses with 402 key_spend_limit_exceeded', async () => {
    const { w, k, client } = await setup(0.1);
    const r = await client.chat.completions.create({ model: 'up-model', messages: [{ role: 'user', content: 'hi' }], max_tokens: 20 });
    expect(r.choices[0].message.content).toBe('hello from upstream');
    expect(r.usage?.total_tokens).toBe(30);
    const stream = await client.chat.completions.create({ model: 'up-model', messages: [{ role: 'user', content: 'hi' }], stream: true, max_tokens: 20 });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('w0 w1 w2 w3 w4 w5 ');
    // the gateway asked the upstream for the usage chunk
    expect(upstream.requests.at(-1)?.body.stream_options).toEqual({ include_usage: true });
    await expect.poll(async () => (await windowSpend(k.id, 'daily', new Date())).spentNano).toBe(100_000_000n);
    const err = await client.chat.completions.create({ model: 'up-model', messages: [{ role: 'user', content: 'hi' }] }).catch((e) => e);
    expect(err).toBeInstanceOf(APIError);
    expect(err.status).toBe(402);
    expect(err.code).toBe('key_spend_limit_exceeded');
    expect(err.message).toContain('sdk key');
    expect(await db.usageEvent.count({ where: { workspaceId: w.ws.id } })).toBe(2);
  });

  it('bills a stream in full when the client disconnects early', async () => {
    const { k, client } = await setup(10);
    const before = upstream.streamsFinished;
    const ac = new AbortController();
    const stream = await client.chat.completions.create({ model: 'up-model', messages: [{ role: 'user', content: 'hi' }], stream: true }, { signal: ac.signal });
    try {
      for await (const _chunk of stream) {
        ac.abort(); // leave after the first chunk
      }
    } catch {
      /* aborted */
    }
    await expect.poll(() => upstream.streamsFinished, { timeout: 5000 }).toBe(before + 1);
    await expect.poll(async () => (await windowSpend(k.id, 'daily', new Date())).spentNano, { timeout: 5000 }).toBe(50_000_000n);
    expect((await windowSpend(k.id, 'daily', new Date())).reservedNano).toBe(0n);
  });

  it('passes upstream errors through and charges nothing', async () => {
    const { w, k, client } = await setup(10);
    const err = await client.chat.completions.create({ model: 'fail-500', messages: [{ role: 'user', content: 'hi' }] }).catch((e) => e);
    expect(err.status).toBe(500);
    expect(err.message).toContain('upstream exploded');
    expect(await db.usageEvent.count({ where: { workspaceId: w.ws.id } })).toBe(0);
    const s = await windowSpend(k.id, 'daily', new Date());
    expect(s.spentNano + s.reservedNano).toBe(0n);
  });

  it('embeddings are billed from usage; models lists the priced models; unpriced models are refused', async () => {
    const { w, k, client } = await setup(10);
    const e = await client.embeddings.create({ model: 'up-model', input: 'abc' });
    expect(e.usage.prompt_tokens).toBe(7);
    expect((await windowSpend(k.id, 'daily', new Date())).spentNano).toBe(7_000n * 1000n); // 7 tokens × $1000/Mtok
    const list = await client.models.list();
    expect(list.data.map((m) => m.id)).toEqual(expect.arrayContaining(['keycap-echo', 'up-model']));
    const err = await client.chat.completions.create({ model: 'unpriced', messages: [{ role: 'user', content: 'x' }] }).catch((x) => x);
    expect(err.status).toBe(400);
    expect(err.code).toBe('model_not_priced');
    expect((await reconcile({ workspaceId: w.ws.id, dryRun: true })).drift).toBe(0);
  });

  it('keycap-echo answers deterministically, streaming too, and is billed at its price', async () => {
    const { k, client } = await setup(10);
    const r = await client.chat.completions.create({ model: 'keycap-echo', messages: [{ role: 'user', content: 'one two three' }] });
    expect(r.choices[0].message.content).toBe('Echo: one two three');
    expect(r.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 4 });
    const s = await client.chat.completions.create({ model: 'keycap-echo', messages: [{ role: 'user', content: 'one two three' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage = null;
    for await (const c of s) {
      text += c.choices[0]?.delta?.content ?? '';
      if (c.usage) usage = c.usage;
    }
    expect(text).toBe('Echo: one two three');
    expect(usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 4 });
    // 2 × (4 in × $1/Mtok + 4 out × $2/Mtok) = $0.000024
    await expect.poll(async () => (await windowSpend(k.id, 'daily', new Date())).spentNano).toBe(24_000n);
  });
});

// The gateway against upstreams that misbehave, over real HTTP (lean server -> loopback upstream):
// an upstream that never answers (504 upstream_timeout, nothing charged, reservation released) and an
// upstream whose SSE uses \r\n\n separators (the usage chunk after them is billed exactly, not the estimate).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { setPrice } from '@/lib/services/prices';
import { reconcile } from '@/lib/metering/reconcile';
import { listenDataPlane } from '../support/dataplane';
import { gateWorkspace } from './fixtures/workspace';

let server: Awaited<ReturnType<typeof listenDataPlane>>;
let upstream: http.Server;
const env = { ...process.env };

beforeAll(async () => {
  upstream = http.createServer(async (req, res) => {
    let raw = '';
    for await (const c of req) raw += c;
    const body = JSON.parse(raw || '{}');
    if (body.model === 'slow-model') return; // never answers
    if (body.model === 'nousage-model') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }] }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunk = (o: unknown) => `data: ${JSON.stringify(o)}\r\n\n`;
    res.write(chunk({ id: 'x', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }] }));
    res.write(chunk({ id: 'x', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
    res.write(chunk({ id: 'x', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 } }));
    res.end('data: [DONE]\r\n\n');
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  process.env.UPSTREAM_BASE_URL = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  process.env.UPSTREAM_TIMEOUT_MS = '300';
  server = await listenDataPlane();
});
afterAll(async () => {
  process.env.UPSTREAM_BASE_URL = env.UPSTREAM_BASE_URL;
  if (env.UPSTREAM_BASE_URL === undefined) delete process.env.UPSTREAM_BASE_URL;
  if (env.UPSTREAM_TIMEOUT_MS === undefined) delete process.env.UPSTREAM_TIMEOUT_MS;
  await server?.close();
  upstream.closeAllConnections();
  await new Promise((r) => upstream.close(r));
});

async function setup() {
  const w = await gateWorkspace({ creditUsd: 10 });
  await setPrice(w.ctx, { model: 'slow-model', inputUsdPerMtok: 1000, outputUsdPerMtok: 2000, defaultReserveUsd: 0.01 });
  await setPrice(w.ctx, { model: 'nousage-model', inputUsdPerMtok: 3, outputUsdPerMtok: 7, defaultReserveUsd: 0.123456789 });
  await setPrice(w.ctx, { model: 'crlf-model', inputUsdPerMtok: 1000, outputUsdPerMtok: 2000, defaultReserveUsd: 0.5 });
  const k = await w.key();
  return { w, k };
}
const chat = (secret: string, body: unknown) =>
  fetch(`${server.base}/api/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('gateway upstream', () => {
  it('an upstream that does not answer in UPSTREAM_TIMEOUT_MS gets a 504, releases the reservation and charges nothing', async () => {
    const { w, k } = await setup();
    const t0 = Date.now();
    const r = await chat(k.secret, { model: 'slow-model', messages: [{ role: 'user', content: 'hi' }] });
    expect(r.status).toBe(504);
    const body = await r.json();
    expect(body.error).toMatchObject({ type: 'upstream_error', code: 'upstream_timeout' });
    expect(body.error.message).toContain('300 ms');
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.headers.get('x-keycap-charged')).toBe('false');
    const res = await db.reservation.findMany({ where: { workspaceId: w.ws.id } });
    expect(res.map((x) => x.status)).toEqual(['RELEASED']);
    expect(await db.usageEvent.count({ where: { workspaceId: w.ws.id } })).toBe(0);
    expect((await reconcile({ workspaceId: w.ws.id, dryRun: true })).drift).toBe(0);
  });

  it('bills the usage chunk that follows a \\r\\n\\n separator exactly, not the estimate', async () => {
    const { w, k } = await setup();
    const r = await chat(k.secret, { model: 'crlf-model', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(text).toContain('"content":"hi"');
    expect(text).not.toContain('prompt_tokens'); // the client did not ask for usage: the chunk is consumed
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
    let ev = null;
    for (let i = 0; i < 50 && !ev; i++) {
      ev = await db.usageEvent.findFirst({ where: { workspaceId: w.ws.id } });
      if (!ev) await new Promise((res) => setTimeout(res, 20));
    }
    expect(ev).toMatchObject({ promptTokens: 11, completionTokens: 7, amountNano: 11n * 1_000_000n + 7n * 2_000_000n, notes: null });
  });

  it('an upstream answer without usage is billed the reserved estimate, to the nano-dollar', async () => {
    const { w, k } = await setup();
    const r = await chat(k.secret, { model: 'nousage-model', messages: [{ role: 'user', content: 'hi' }] });
    expect(r.status).toBe(200);
    const [res] = await db.reservation.findMany({ where: { workspaceId: w.ws.id } });
    const ev = await db.usageEvent.findFirstOrThrow({ where: { workspaceId: w.ws.id } });
    expect(ev.amountNano).toBe(res.estimateNano);
    expect(res.estimateNano % 1000n).not.toBe(0n); // an estimate a float round trip could not keep exact
    expect(ev.notes).toContain('billed the reserved estimate');
  });
});

// The built-in OpenAI-compatible gateway: admit (reserve) -> forward to the upstream (or keycap-echo)
// -> settle with the real usage, or release when the upstream failed before usage existed.
// Streams pass through as SSE; a client that disconnects is still billed in full (we keep reading upstream).
import { randomBytes } from 'node:crypto';
import type { ApiCtx } from '../api/handler';
import { json, readJson } from '../api/handler';
import { AppError, badRequest } from '../errors';
import { upstreamApiKey, upstreamBaseUrl } from '../config';
import { getPrice, type PriceRow } from '../services/prices';
import { admit, headroomHeaders, type Authorization } from '../metering/gate';
import { recordUsage } from '../metering/record';
import { releaseReservation } from '../metering/reservations';
import { countTokens, echoEmbedding, echoReply, ECHO_MODEL } from './echo';
import { SSE_DONE, sseData, takeEvents } from './sse';

type Body = Record<string, unknown> & { model?: unknown; stream?: unknown; messages?: unknown };

const newRequestId = () => `kcreq_${randomBytes(12).toString('hex')}`;

async function parse(req: Request): Promise<{ body: Body; model: string; price: PriceRow }> {
  const body = (await readJson(req)) as Body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest(null, 'Request body must be a JSON object.');
  if (typeof body.model !== 'string' || !body.model) throw badRequest('model', 'model is required.');
  return { body, model: body.model, price: null as unknown as PriceRow };
}

async function priced(ctx: ApiCtx, model: string): Promise<PriceRow> {
  const price = await getPrice(ctx.workspaceId, model);
  if (!price)
    throw new AppError(400, 'invalid_request_error', 'model_not_priced', `Model "${model}" has no price in this workspace, so its spend cannot be capped. An owner or admin can add it under Settings → Prices.`, 'model');
  if (model !== ECHO_MODEL && !upstreamBaseUrl())
    throw new AppError(400, 'invalid_request_error', 'model_not_available', `No upstream is configured (UPSTREAM_BASE_URL), so only the built-in "${ECHO_MODEL}" model answers here.`, 'model');
  return price;
}

function estimate(price: PriceRow, promptText: string, maxTokens: number | null): bigint {
  const promptTokens = BigInt(Math.ceil(promptText.length / 4) + 8);
  const out = maxTokens !== null ? BigInt(maxTokens) * price.outputNanoPerToken : (price.defaultReserveNano ?? 0n);
  return promptTokens * price.inputNanoPerToken + out;
}

const maxTokensOf = (b: Body): number | null => {
  const v = b.max_completion_tokens ?? b.max_tokens;
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 10_000_000) throw badRequest('max_tokens', 'max_tokens must be a positive integer.');
  return v;
};

async function settleUsage(ctx: ApiCtx, a: Authorization, model: string, requestId: string, usage: { prompt: number; completion: number } | null, started: number, fallbackUsd: number) {
  try {
    await recordUsage({
      workspaceId: ctx.workspaceId,
      apiKeyId: ctx.key.id,
      requestId,
      model,
      reservationId: a.reservationId,
      executionTimeMs: Date.now() - started,
      ...(usage
        ? { promptTokens: usage.prompt, completionTokens: usage.completion }
        : { costNano: BigInt(Math.round(fallbackUsd * 1e9)), notes: 'upstream sent no usage; billed the reserved estimate' }),
    });
  } catch (e) {
    console.error('[gateway] settle failed; the reservation will expire', e);
  }
}

function upstreamHeaders() {
  const h: Record<string, string> = { 'content-type': 'application/json' };
  if (upstreamApiKey()) h.authorization = `Bearer ${upstreamApiKey()}`;
  return h;
}

/** Pass an upstream error through unchanged (no charge). */
async function passThroughError(res: Response, a: Authorization): Promise<Response> {
  await releaseReservation(a.reservationId);
  const text = await res.text();
  return new Response(text, { status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? 'application/json', 'x-keycap-charged': 'false' } });
}

async function upstreamFailed(e: unknown, a: Authorization): Promise<Response> {
  await releaseReservation(a.reservationId);
  return json(
    { error: { type: 'upstream_error', code: 'upstream_unreachable', message: `The upstream API could not be reached (${(e as Error)?.message ?? e}). Nothing was charged.`, param: null } },
    { status: 502 },
  );
}

export async function chatCompletions(req: Request, ctx: ApiCtx): Promise<Response> {
  const { body, model } = await parse(req);
  if (!Array.isArray(body.messages) || body.messages.length === 0) throw badRequest('messages', 'messages must be a non-empty array.');
  const price = await priced(ctx, model);
  const maxTokens = maxTokensOf(body);
  const stream = body.stream === true;
  const a = await admit(ctx.key, estimate(price, JSON.stringify(body.messages), maxTokens), model);
  const headers = { ...headroomHeaders(a.remaining), 'x-keycap-reservation-id': a.reservationId };
  const requestId = newRequestId();
  const started = Date.now();

  if (model === ECHO_MODEL) {
    const r = echoReply(body.messages as { role?: string; content?: unknown }[], maxTokens);
    const id = `chatcmpl-${requestId}`;
    const created = Math.floor(started / 1000);
    const usage = { prompt_tokens: r.promptTokens, completion_tokens: r.completionTokens, total_tokens: r.promptTokens + r.completionTokens };
    if (!stream) {
      await settleUsage(ctx, a, model, requestId, { prompt: r.promptTokens, completion: r.completionTokens }, started, a.reservedUsd);
      return json(
        { id, object: 'chat.completion', created, model, choices: [{ index: 0, message: { role: 'assistant', content: r.content }, finish_reason: r.finish }], usage },
        { headers: { ...headers, 'x-keycap-request-id': requestId } },
      );
    }
    const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    const delay = Number(process.env.ECHO_STREAM_DELAY_MS ?? 0);
    async function* chunks() {
      yield sseData({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
      for (let i = 0; i < r.words.length; i++) {
        if (delay) await new Promise((res) => setTimeout(res, delay));
        yield sseData({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta: { content: (i ? ' ' : '') + r.words[i] }, finish_reason: null }] });
      }
      yield sseData({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta: {}, finish_reason: r.finish }] });
      if (includeUsage) yield sseData({ id, object: 'chat.completion.chunk', created, model, choices: [], usage });
      yield SSE_DONE;
    }
    return sseResponse(chunks(), () => settleUsage(ctx, a, model, requestId, { prompt: r.promptTokens, completion: r.completionTokens }, started, a.reservedUsd), headers, requestId, req.signal);
  }

  // Forward to the upstream, asking for the usage chunk when streaming.
  const upstreamBody = stream ? { ...body, stream_options: { ...((body.stream_options as object) ?? {}), include_usage: true } } : body;
  let res: Response;
  try {
    res = await fetch(`${upstreamBaseUrl()}/chat/completions`, { method: 'POST', headers: upstreamHeaders(), body: JSON.stringify(upstreamBody), redirect: 'error' });
  } catch (e) {
    return upstreamFailed(e, a);
  }
  if (!res.ok) return passThroughError(res, a);
  if (!stream || !res.body) {
    const data = (await res.json()) as { usage?: { prompt_tokens?: number; completion_tokens?: number } };
    const u = data.usage ? { prompt: data.usage.prompt_tokens ?? 0, completion: data.usage.completion_tokens ?? 0 } : null;
    await settleUsage(ctx, a, model, requestId, u, started, a.reservedUsd);
    return json(data, { headers: { ...headers, 'x-keycap-request-id': requestId } });
  }
  // Pass the upstream SSE through; the usage chunk is consumed by the client only if it asked for it.
  const clientWantsUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  let usage: { prompt: number; completion: number } | null = null;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  async function* relay() {
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += value;
      const [events, rest] = takeEvents(buf);
      buf = rest;
      for (const data of events) {
        if (data === '[DONE]') {
          yield SSE_DONE;
          continue;
        }
        try {
          const obj = JSON.parse(data) as { usage?: { prompt_tokens?: number; completion_tokens?: number } | null; choices?: unknown[] };
          if (obj.usage) usage = { prompt: obj.usage.prompt_tokens ?? 0, completion: obj.usage.completion_tokens ?? 0 };
          if (obj.usage && !clientWantsUsage && Array.isArray(obj.choices) && obj.choices.length === 0) continue;
        } catch {
          /* not JSON: pass through as is */
        }
        yield `data: ${data}\n\n`;
      }
    }
  }
  return sseResponse(relay(), () => settleUsage(ctx, a, model, requestId, usage, started, a.reservedUsd), headers, requestId, req.signal);
}

/**
 * Streams `source` to the client. If the client goes away, the source is still read to the end
 * (so the upstream's usage arrives) and `onEnd` settles the full cost.
 */
function sseResponse(source: AsyncGenerator<string>, onEnd: () => Promise<void>, headers: Record<string, string>, requestId: string, signal?: AbortSignal): Response {
  const enc = new TextEncoder();
  let clientGone = false;
  signal?.addEventListener('abort', () => (clientGone = true));
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      clientGone = true;
    },
  });
  void (async () => {
    try {
      for await (const chunk of source) {
        if (clientGone) continue;
        try {
          controller.enqueue(enc.encode(chunk));
        } catch {
          clientGone = true;
        }
      }
    } catch (e) {
      console.error('[gateway] stream source failed', e);
    } finally {
      await onEnd();
      if (!clientGone)
        try {
          controller.close();
        } catch {
          /* already closed */
        }
    }
  })();
  return new Response(body, {
    headers: { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-keycap-request-id': requestId },
  });
}

export async function embeddings(req: Request, ctx: ApiCtx): Promise<Response> {
  const { body, model } = await parse(req);
  const inputs = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input.map(String) : null;
  if (!inputs || inputs.length === 0) throw badRequest('input', 'input must be a string or a non-empty array of strings.');
  const price = await priced(ctx, model);
  const a = await admit(ctx.key, estimate(price, inputs.join(' '), 0), model);
  const headers = { ...headroomHeaders(a.remaining), 'x-keycap-reservation-id': a.reservationId };
  const requestId = newRequestId();
  const started = Date.now();
  if (model === ECHO_MODEL) {
    const tokens = inputs.reduce((n, s) => n + countTokens(s), 0);
    await settleUsage(ctx, a, model, requestId, { prompt: tokens, completion: 0 }, started, a.reservedUsd);
    return json(
      { object: 'list', model, data: inputs.map((s, index) => ({ object: 'embedding', index, embedding: echoEmbedding(s) })), usage: { prompt_tokens: tokens, total_tokens: tokens } },
      { headers: { ...headers, 'x-keycap-request-id': requestId } },
    );
  }
  let res: Response;
  try {
    res = await fetch(`${upstreamBaseUrl()}/embeddings`, { method: 'POST', headers: upstreamHeaders(), body: JSON.stringify(body), redirect: 'error' });
  } catch (e) {
    return upstreamFailed(e, a);
  }
  if (!res.ok) return passThroughError(res, a);
  const data = (await res.json()) as { usage?: { prompt_tokens?: number } };
  await settleUsage(ctx, a, model, requestId, data.usage ? { prompt: data.usage.prompt_tokens ?? 0, completion: 0 } : null, started, a.reservedUsd);
  return json(data, { headers: { ...headers, 'x-keycap-request-id': requestId } });
}

// The built-in OpenAI-compatible gateway: admit (reserve) -> forward to the upstream (or keycap-echo)
// -> settle with the real usage, or release when the upstream failed before usage existed.
// Streams pass through as SSE; a client that disconnects is still billed in full (we keep reading upstream).
// The upstream gets UPSTREAM_TIMEOUT_MS for its headers and between stream chunks: past it, a 504 (or, mid-
// stream, the end of the stream) and nothing but the estimate is billed.
import { randomBytes } from 'node:crypto';
import { AppError, badRequest } from '../errors';
import { echoStreamDelayMs, upstreamApiKey, upstreamBaseUrl, upstreamTimeoutMs } from '../config';
import { log } from '../ops/log';
import { getPrice, type PriceRow } from '../metering/lookups';
import { admitOrRefuse, headroomHeaders } from '../metering/gate';
import { rateHeaders } from '../metering/limits';
import { recordUsage } from '../metering/record';
import { releaseReservation } from '../metering/reservations';
import type { Admitted, AuthedKey } from '../metering/types';
import { consoleOrigin, json, jsonBody, type DpRequest, type DpResponse } from '../dataplane/http';
import { countTokens, echoEmbedding, echoReply, ECHO_MODEL } from './echo';
import { SSE_DONE, sseData, sseEvents } from './sse';

type Body = Record<string, unknown> & { model?: unknown; stream?: unknown; messages?: unknown };
type Usage = { prompt: number; completion: number };

const newRequestId = () => `kcreq_${randomBytes(12).toString('hex')}`;

function parse(req: DpRequest): { body: Body; model: string } {
  const body = jsonBody(req) as Body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest(null, 'Request body must be a JSON object.');
  if (typeof body.model !== 'string' || !body.model) throw badRequest('model', 'model is required.');
  return { body, model: body.model };
}

async function priced(key: AuthedKey, model: string): Promise<PriceRow> {
  const price = await getPrice(key.workspaceId, model);
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

interface Call {
  key: AuthedKey;
  a: Admitted;
  /** the reserved estimate, exact (billed when the upstream reports no usage) */
  estimateNano: bigint;
  model: string;
  requestId: string;
  started: number;
}

async function settleUsage(c: Call, usage: Usage | null, note?: string) {
  try {
    await recordUsage({
      workspaceId: c.key.workspaceId,
      apiKeyId: c.key.id,
      requestId: c.requestId,
      model: c.model,
      reservationId: c.a.reservationId,
      executionTimeMs: Date.now() - c.started,
      live: { bounded: false }, // the upstream's own usage report is the truth
      ...(usage
        ? { promptTokens: usage.prompt, completionTokens: usage.completion }
        : { costNano: c.estimateNano, notes: note ?? 'upstream sent no usage; billed the reserved estimate' }),
    });
  } catch (e) {
    log.error({ err: e, reqId: c.requestId, workspaceId: c.key.workspaceId, keyId: c.key.id, model: c.model }, 'gateway settle failed; the reservation will expire');
  }
}

function upstreamHeaders() {
  const h: Record<string, string> = { 'content-type': 'application/json' };
  if (upstreamApiKey()) h.authorization = `Bearer ${upstreamApiKey()}`;
  return h;
}

const release = (c: Call) => releaseReservation(c.key.workspaceId, c.a.reservationId, c.key.id);

/** A fetch whose timer covers the headers and is re-armed by `touch()` for every chunk read afterwards. */
function upstreamFetch(path: string, body: unknown) {
  const ac = new AbortController();
  const ms = upstreamTimeoutMs();
  let timer = setTimeout(() => ac.abort(new DOMException('upstream timeout', 'TimeoutError')), ms);
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => ac.abort(new DOMException('upstream timeout', 'TimeoutError')), ms);
  };
  const done = () => clearTimeout(timer);
  const res = fetch(`${upstreamBaseUrl()}${path}`, { method: 'POST', headers: upstreamHeaders(), body: JSON.stringify(body), redirect: 'error', signal: ac.signal });
  return { res, touch, done, timedOut: () => ac.signal.aborted };
}

/** Upstream unreachable or too slow: nothing charged, the reservation released, a clear 502 / 504. */
async function upstreamFailed(e: unknown, c: Call, timedOut: boolean): Promise<DpResponse> {
  await release(c);
  log.warn({ err: e, reqId: c.requestId, workspaceId: c.key.workspaceId, keyId: c.key.id, model: c.model }, timedOut ? 'upstream timed out' : 'upstream unreachable');
  if (timedOut)
    return json(
      { error: { type: 'upstream_error', code: 'upstream_timeout', message: `The upstream API did not answer within ${upstreamTimeoutMs().toLocaleString('en-US')} ms (UPSTREAM_TIMEOUT_MS). Nothing was charged.`, param: null } },
      504,
      { 'x-keycap-charged': 'false' },
    );
  return json(
    { error: { type: 'upstream_error', code: 'upstream_unreachable', message: `The upstream API could not be reached (${(e as Error)?.message ?? e}). Nothing was charged.`, param: null } },
    502,
    { 'x-keycap-charged': 'false' },
  );
}

/** Pass an upstream error through unchanged (no charge). */
async function passThroughError(res: Response, c: Call): Promise<DpResponse> {
  await release(c);
  const text = await res.text().catch(() => '');
  return { status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? 'application/json', 'x-keycap-charged': 'false' }, body: text };
}

async function* textChunks(body: ReadableStream<Uint8Array>, touch: () => void): AsyncGenerator<string> {
  const dec = new TextDecoder();
  const reader = body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    touch();
    yield dec.decode(value, { stream: true });
  }
  const tail = dec.decode();
  if (tail) yield tail;
}

/**
 * Streams `source` to the client. If the client goes away, the source is still read to the end (so the
 * upstream's usage arrives) and `onEnd` settles the full cost.
 */
function sseResponse(source: AsyncGenerator<string>, onEnd: () => Promise<void>, headers: Record<string, string>, signal: AbortSignal): DpResponse {
  // A queue between the source (always drained to the end) and the client (which may go away).
  const queue: string[] = [];
  let wake = null as (() => void) | null;
  let ended = false;
  void (async () => {
    try {
      for await (const chunk of source) {
        if (signal.aborted) continue;
        queue.push(chunk);
        wake?.();
      }
    } catch (e) {
      log.warn({ err: e }, 'gateway stream source failed');
    } finally {
      await onEnd();
      ended = true;
      wake?.();
    }
  })();
  async function* toClient() {
    for (;;) {
      while (queue.length) yield queue.shift()!;
      if (ended || signal.aborted) return;
      await new Promise<void>((r) => (wake = r));
      wake = null;
    }
  }
  return { status: 200, headers: { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive' }, body: toClient() };
}

export async function chatCompletions(req: DpRequest, key: AuthedKey): Promise<DpResponse> {
  const { body, model } = parse(req);
  if (!Array.isArray(body.messages) || body.messages.length === 0) throw badRequest('messages', 'messages must be a non-empty array.');
  const price = await priced(key, model);
  const maxTokens = maxTokensOf(body);
  const stream = body.stream === true;
  const est = estimate(price, JSON.stringify(body.messages), maxTokens);
  const a = await admitOrRefuse(key, est, model, consoleOrigin(req));
  const c: Call = { key, a, estimateNano: est, model, requestId: newRequestId(), started: Date.now() };
  const headers = { ...headroomHeaders(a.remaining), ...rateHeaders(a.rate), 'x-keycap-reservation-id': a.reservationId, 'x-keycap-request-id': c.requestId };

  if (model === ECHO_MODEL) {
    const r = echoReply(body.messages as { role?: string; content?: unknown }[], maxTokens);
    const id = `chatcmpl-${c.requestId}`;
    const created = Math.floor(c.started / 1000);
    const usage = { prompt_tokens: r.promptTokens, completion_tokens: r.completionTokens, total_tokens: r.promptTokens + r.completionTokens };
    const used = { prompt: r.promptTokens, completion: r.completionTokens };
    if (!stream) {
      await settleUsage(c, used);
      return json({ id, object: 'chat.completion', created, model, choices: [{ index: 0, message: { role: 'assistant', content: r.content }, finish_reason: r.finish }], usage }, 200, headers);
    }
    const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    const delay = echoStreamDelayMs();
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
    return sseResponse(chunks(), () => settleUsage(c, used), headers, req.signal);
  }

  // Forward to the upstream, asking for the usage chunk when streaming.
  const upstreamBody = stream ? { ...body, stream_options: { ...((body.stream_options as object) ?? {}), include_usage: true } } : body;
  const up = upstreamFetch('/chat/completions', upstreamBody);
  let res: Response;
  try {
    res = await up.res;
  } catch (e) {
    up.done();
    return upstreamFailed(e, c, up.timedOut());
  }
  if (!res.ok) {
    up.done();
    return passThroughError(res, c);
  }
  if (!stream || !res.body) {
    let data: { usage?: { prompt_tokens?: number; completion_tokens?: number } };
    try {
      data = (await res.json()) as typeof data;
    } catch (e) {
      return upstreamFailed(e, c, up.timedOut());
    } finally {
      up.done();
    }
    const u = data.usage ? { prompt: data.usage.prompt_tokens ?? 0, completion: data.usage.completion_tokens ?? 0 } : null;
    await settleUsage(c, u);
    return json(data, 200, headers);
  }
  // Pass the upstream SSE through; the usage chunk reaches the client only if it asked for it.
  const clientWantsUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  let usage: Usage | null = null;
  const upstreamBodyStream = res.body;
  async function* relay() {
    try {
      for await (const data of sseEvents(textChunks(upstreamBodyStream, up.touch))) {
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
    } finally {
      up.done();
    }
  }
  return sseResponse(relay(), () => settleUsage(c, usage, up.timedOut() ? 'upstream stream timed out before its usage; billed the reserved estimate' : undefined), headers, req.signal);
}

export async function embeddings(req: DpRequest, key: AuthedKey): Promise<DpResponse> {
  const { body, model } = parse(req);
  const inputs = typeof body.input === 'string' ? [body.input] : Array.isArray(body.input) ? body.input.map(String) : null;
  if (!inputs || inputs.length === 0) throw badRequest('input', 'input must be a string or a non-empty array of strings.');
  const price = await priced(key, model);
  const est = estimate(price, inputs.join(' '), 0);
  const a = await admitOrRefuse(key, est, model, consoleOrigin(req));
  const c: Call = { key, a, estimateNano: est, model, requestId: newRequestId(), started: Date.now() };
  const headers = { ...headroomHeaders(a.remaining), ...rateHeaders(a.rate), 'x-keycap-reservation-id': a.reservationId, 'x-keycap-request-id': c.requestId };
  if (model === ECHO_MODEL) {
    const tokens = inputs.reduce((n, s) => n + countTokens(s), 0);
    await settleUsage(c, { prompt: tokens, completion: 0 });
    return json(
      { object: 'list', model, data: inputs.map((s, index) => ({ object: 'embedding', index, embedding: echoEmbedding(s) })), usage: { prompt_tokens: tokens, total_tokens: tokens } },
      200,
      headers,
    );
  }
  const up = upstreamFetch('/embeddings', body);
  let res: Response;
  let data: { usage?: { prompt_tokens?: number } };
  try {
    res = await up.res;
    if (!res.ok) {
      up.done();
      return passThroughError(res, c);
    }
    data = (await res.json()) as typeof data;
  } catch (e) {
    return upstreamFailed(e, c, up.timedOut());
  } finally {
    up.done();
  }
  await settleUsage(c, data.usage ? { prompt: data.usage.prompt_tokens ?? 0, completion: 0 } : null);
  return json(data, 200, headers);
}

// A small OpenAI-compatible upstream for tests, on loopback. Deterministic usage:
// chat: prompt_tokens 10, completion_tokens 20; embeddings: prompt_tokens 7. Model "fail-500" answers 500.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Upstream {
  url: string;
  requests: { path: string; body: Record<string, unknown> }[];
  streamsFinished: number;
  close(): Promise<void>;
}

export async function startUpstream(opts: { chunkDelayMs?: number; chunks?: number } = {}): Promise<Upstream> {
  const state: Upstream = { url: '', requests: [], streamsFinished: 0, close: async () => {} };
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const c of req) raw += c;
    const body = raw ? JSON.parse(raw) : {};
    state.requests.push({ path: req.url ?? '', body });
    if (body.model === 'fail-500') {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'upstream exploded', type: 'server_error', code: 'boom' } }));
      return;
    }
    if (req.url === '/v1/embeddings') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', model: body.model, data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }], usage: { prompt_tokens: 7, total_tokens: 7 } }));
      return;
    }
    if (req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    const usage = { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 };
    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'chatcmpl-up', object: 'chat.completion', created: 1, model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: 'hello from upstream' }, finish_reason: 'stop' }], usage }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const n = opts.chunks ?? 5;
    for (let i = 0; i < n; i++) {
      res.write(`data: ${JSON.stringify({ id: 'chatcmpl-up', object: 'chat.completion.chunk', created: 1, model: body.model, choices: [{ index: 0, delta: { content: `w${i} ` }, finish_reason: null }] })}\n\n`);
      if (opts.chunkDelayMs) await new Promise((r) => setTimeout(r, opts.chunkDelayMs));
    }
    res.write(`data: ${JSON.stringify({ id: 'chatcmpl-up', object: 'chat.completion.chunk', created: 1, model: body.model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
    if (body.stream_options?.include_usage) res.write(`data: ${JSON.stringify({ id: 'chatcmpl-up', object: 'chat.completion.chunk', created: 1, model: body.model, choices: [], usage })}\n\n`);
    res.end('data: [DONE]\n\n');
    state.streamsFinished++;
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = () => new Promise((r) => server.close(() => r()));
  return state;
}

// The machine's ceiling for the bench: a bare node:http server that answers POST /api/v1/gate/authorize with
// the same 401 envelope the gate gives a request without a key, and, with `--upstream`, a minimal
// OpenAI-compatible /v1/chat/completions (fixed usage) for the gateway-overhead row. No framework, no DB.
//   node bench/lib/bare-server.mjs PORT [--upstream]
import http from 'node:http';

const port = Number(process.argv[2]);
const upstream = process.argv.includes('--upstream');
const unauthorized = JSON.stringify({ error: { type: 'authentication_error', code: 'invalid_api_key', message: 'Missing API key. Send it as "Authorization: Bearer <key>".', param: null } });
const completion = (model) =>
  JSON.stringify({ id: 'chatcmpl-bare', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }], usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 } });

http
  .createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (upstream && req.url === '/v1/chat/completions') {
        let model = 'bench-model';
        try {
          model = JSON.parse(Buffer.concat(chunks).toString()).model ?? model;
        } catch {
          /* keep the default */
        }
        const body = completion(model);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      res.writeHead(401, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(unauthorized) });
      res.end(unauthorized);
    });
  })
  .listen(port, '127.0.0.1', () => console.log(`bare server on ${port}`));

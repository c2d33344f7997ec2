// postWebhook against a real listener on 127.0.0.1: every SSRF spelling of "this machine" is refused
// before a connection is made, and a name that resolves to loopback is refused at connect time.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from './http';
import type { Resolver } from './ssrf';

let server: http.Server;
let port = 0;
let hits = 0;
beforeAll(async () => {
  server = http.createServer((_req, res) => {
    hits++;
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE_URLS;
  hits = 0;
});

const stub = (address: string): Resolver => async () => [{ address, family: address.includes(':') ? 6 : 4 }];

describe('postWebhook SSRF refusal', () => {
  it.each(['http://127.0.0.1:PORT/', 'http://2130706433:PORT/', 'http://0177.0.0.1:PORT/', 'http://0x7f.1:PORT/', 'http://[::ffff:127.0.0.1]:PORT/', 'http://[2002:7f00:1::]:PORT/', 'http://[64:ff9b::7f00:1]:PORT/'])(
    'refuses %s without connecting',
    async (u) => {
      const r = await postWebhook(u.replace('PORT', String(port)), {}, '{}', { timeoutMs: 1000 });
      expect(r).toMatchObject({ ok: false, statusCode: null, error: expect.stringMatching(/^Refused: /) });
      expect(hits).toBe(0);
    },
  );

  it.each(['127.0.0.1', '::ffff:127.0.0.1'])('refuses a name resolving to %s at connect time', async (address) => {
    const r = await postWebhook(`http://hooks.example:${port}/`, {}, '{}', { timeoutMs: 1000, resolve: stub(address) });
    expect(r).toMatchObject({ ok: false, statusCode: null, error: expect.stringMatching(/^Refused: .*not a public address/) });
    expect(hits).toBe(0);
  });

  it('refuses localhost through the system resolver', async () => {
    const r = await postWebhook(`http://localhost:${port}/`, {}, '{}', { timeoutMs: 1000 });
    expect(r.error).toMatch(/^Refused: /);
    expect(hits).toBe(0);
  });

  it('connects when private URLs are allowed (the listener is real)', async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = 'true';
    const r = await postWebhook(`http://hooks.example:${port}/`, {}, '{}', { timeoutMs: 1000, resolve: stub('127.0.0.1') });
    expect(r).toMatchObject({ ok: true, statusCode: 200 });
    expect(hits).toBe(1);
  });
});

// Sign-in throttling end to end: next-auth's own request handling (@auth/core's Auth() with our config,
// exactly what /api/auth/* runs: CSRF, the credentials callback, the jwt callback), the real database. The client address reaches sign-in the way Next serves it: the socket address in the
// header lib/auth stamps on every request (a client cannot set it), or X-Forwarded-For behind
// TRUST_PROXY proxies.
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Auth } from '@auth/core';
import { authConfig } from '@/lib/auth/config';
import { signUp } from '@/lib/services/users';
import { db } from '@/lib/db';

const BASE = 'http://localhost:3000';
// next-auth logs every refused sign-in as an error; the tests refuse many on purpose.
const config = { ...authConfig, logger: { error: () => {}, warn: () => {}, debug: () => {} } };
const PEER_HEADER = 'x-keycap-peer-addr';
const PASSWORD = 'the right password';
const email = () => `t-${randomBytes(4).toString('hex')}@test.dev`;
const ipv4 = (prefix: string) => `${prefix}.${1 + Math.floor(Math.random() * 250)}`;
const randomIp = () => `${1 + Math.floor(Math.random() * 220)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

const cookiesOf = (r: Response) => r.headers.getSetCookie().map((c) => c.split(';')[0]);

interface From {
  /** the socket address (what Next/our stamp exposes) */
  peer?: string;
  xff?: string;
}

/** One sign-in through POST /api/auth/callback/credentials; `code` is next-auth's error code, null on success. */
async function signIn(emailAddr: string, password: string, from: From) {
  const headers: Record<string, string> = {};
  if (from.peer) headers[PEER_HEADER] = from.peer;
  if (from.xff) headers['x-forwarded-for'] = from.xff;
  const c = await Auth(new Request(`${BASE}/api/auth/csrf`, { headers }), config);
  const { csrfToken } = (await c.json()) as { csrfToken: string };
  const started = Date.now();
  const r = await Auth(
    new Request(`${BASE}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(c).join('; ') },
      body: new URLSearchParams({ email: emailAddr, password, csrfToken, callbackUrl: `${BASE}/` }).toString(),
    }),
    config,
  );
  const ms = Date.now() - started;
  const location = new URL(r.headers.get('location') ?? '/', BASE);
  const session = cookiesOf(r).find((c) => c.startsWith('authjs.session-token='));
  const code = session ? null : (location.searchParams.get('code') ?? location.searchParams.get('error') ?? 'unknown');
  return { code, session: session ?? null, ms };
}

async function user() {
  const e = email();
  await signUp({ email: e, password: PASSWORD });
  return e;
}

const savedEnv = { TRUST_PROXY: process.env.TRUST_PROXY, LOGIN_SLOW_MS: process.env.LOGIN_SLOW_MS };
afterEach(() => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('sign-in throttling', () => {
  it('counts parallel wrong passwords: a burst gets at most the limit of guesses, then the pair is locked', async () => {
    process.env.LOGIN_SLOW_MS = '0';
    const e = await user();
    const peer = ipv4('198.51.100');
    const results = await Promise.all(Array.from({ length: 12 }, () => signIn(e, 'wrong password', { peer })));
    expect(results.every((r) => r.code !== null)).toBe(true);
    // At most 5 (LOGIN_MAX_FAILURES) passwords were checked; the rest were refused as locked.
    expect(results.filter((r) => r.code === 'credentials').length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r.code === 'locked').length).toBeGreaterThanOrEqual(7);
    // Every password that was checked and wrong is on the account's counter: none lost to a race.
    const counted = await db.loginThrottle.findUnique({ where: { key: `acct:${e}` } });
    expect(counted?.failures).toBe(results.filter((r) => r.code === 'credentials').length);
    // Even the right password is refused from that address now.
    expect((await signIn(e, PASSWORD, { peer })).code).toBe('locked');
  });

  it('counts every one of parallel wrong passwords: 4 at once and 1 more reach the limit of 5', async () => {
    process.env.LOGIN_SLOW_MS = '0';
    const e = await user();
    const peer = ipv4('198.51.100');
    const burst = await Promise.all(Array.from({ length: 4 }, () => signIn(e, 'wrong password', { peer })));
    expect(burst.map((r) => r.code)).toEqual(['credentials', 'credentials', 'credentials', 'credentials']);
    expect((await db.loginThrottle.findUnique({ where: { key: `acct:${e}` } }))?.failures).toBe(4);
    expect((await signIn(e, 'wrong password', { peer })).code).toBe('credentials');
    expect((await signIn(e, PASSWORD, { peer })).code).toBe('locked');
  });

  it('a spoofed X-Forwarded-For does not escape the per-IP limit (TRUST_PROXY off)', async () => {
    process.env.LOGIN_SLOW_MS = '0';
    delete process.env.TRUST_PROXY;
    const peer = ipv4('203.0.113');
    // 20 failures (4 × LOGIN_MAX_FAILURES) on 5 different accounts, each with a made-up X-Forwarded-For.
    for (let i = 0; i < 5; i++) {
      const e = email();
      for (let j = 0; j < 4; j++) expect((await signIn(e, 'wrong password', { peer, xff: randomIp() })).code).toBe('credentials');
    }
    const victim = await user();
    expect((await signIn(victim, PASSWORD, { peer, xff: randomIp() })).code).toBe('locked');
    // The same account from another address is unaffected.
    expect((await signIn(victim, PASSWORD, { peer: ipv4('192.0.2') })).code).toBeNull();
  });

  it('with TRUST_PROXY=1 the address is the one the proxy appended, not what the client wrote before it', async () => {
    process.env.LOGIN_SLOW_MS = '0';
    process.env.TRUST_PROXY = '1';
    const proxy = '10.9.8.7';
    const client = ipv4('198.18.0');
    for (let i = 0; i < 5; i++) {
      const e = email();
      // the client forges both the left of X-Forwarded-For and the peer header; only the proxy's entry counts
      for (let j = 0; j < 4; j++) expect((await signIn(e, 'wrong password', { peer: randomIp(), xff: `${randomIp()}, ${client}` })).code).toBe('credentials');
    }
    const victim = await user();
    expect((await signIn(victim, PASSWORD, { peer: proxy, xff: `${randomIp()}, ${client}` })).code).toBe('locked');
    expect((await signIn(victim, PASSWORD, { peer: proxy, xff: `${client}, ${ipv4('192.0.2')}` })).code).toBeNull();
  });

  it('five wrong guesses by a stranger do not stop the owner signing in with the right password', async () => {
    process.env.LOGIN_SLOW_MS = '600';
    const e = await user();
    const home = ipv4('192.0.2');
    expect((await signIn(e, PASSWORD, { peer: home })).code).toBeNull(); // the owner's usual address
    const stranger = ipv4('203.0.113');
    for (let i = 0; i < 5; i++) expect((await signIn(e, 'wrong password', { peer: stranger })).code).toBe('credentials');
    // The stranger is stopped for this account…
    expect((await signIn(e, PASSWORD, { peer: stranger })).code).toBe('locked');
    // …the owner is not: from a new address on the slow path (a delay), from a known address at once.
    const travelling = await signIn(e, PASSWORD, { peer: ipv4('100.64.0') });
    expect(travelling.code).toBeNull();
    expect(travelling.ms).toBeGreaterThanOrEqual(550);
    const atHome = await signIn(e, PASSWORD, { peer: home });
    expect(atHome.code).toBeNull();
    expect(atHome.ms).toBeLessThan(600);
  });
});

describe('client address', () => {
  it('the socket address is stamped on every request, over whatever the client sent', async () => {
    const { installPeerAddressHeader } = await import('@/lib/auth/client-ip');
    installPeerAddressHeader();
    let seen: string | undefined;
    const server = http.createServer((req, res) => {
      seen = req.headers[PEER_HEADER] as string | undefined;
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: '6.6.6.6', 'x-forwarded-for': '6.6.6.6' } }).then((r) => r.text());
      expect(seen).toBe('127.0.0.1');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

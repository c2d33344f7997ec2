// lib/ops/log.ts: JSON lines with the level, never a secret.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrub } from './log';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const dest = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { lines, log: createLogger(dest as never) };
}

describe('log', () => {
  it('writes JSON with the level, the message and the request context', () => {
    const { lines, log } = capture();
    log.warn({ reqId: 'kcreq_1', workspaceId: 'ws1', keyId: 'k1' }, 'upstream timed out');
    expect(lines[0]).toMatchObject({ level: 40, msg: 'upstream timed out', reqId: 'kcreq_1', workspaceId: 'ws1', keyId: 'k1' });
    log.debug('not at info');
    expect(lines).toHaveLength(1);
  });

  it('redacts authorization headers, secrets, passwords and tokens, and masks key-like text', () => {
    const { lines, log } = capture();
    const key = 'kc_inf_0123456789abcdefghijABCDEFGHIJ012345';
    log.error(
      { headers: { authorization: `Bearer ${key}`, host: 'x' }, secret: 'whsec_abcdefghijkl', user: { password: 'hunter2hunter2' }, token: 't0k3n', err: new Error(`upstream said: bad key ${key}`) },
      `request with ${key} failed (Authorization: Bearer sk-live-123456)`,
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of [key, 'whsec_abcdefghijkl', 'hunter2hunter2', 't0k3n', 'sk-live-123456']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ headers: { authorization: '[redacted]', host: 'x' }, secret: '[redacted]', user: { password: '[redacted]' }, token: '[redacted]' });
    expect(lines[0].msg).toBe('request with kc_inf_… failed (Authorization: Bearer [redacted])');
    expect((lines[0].err as { message: string }).message).toBe('upstream said: bad key kc_inf_…');
  });

  it('scrub leaves ordinary text alone', () => {
    expect(scrub('kc_inf_ prefix only, kcreq_0123456789abcdef, bearer of news')).toBe('kc_inf_ prefix only, kcreq_0123456789abcdef, bearer of news');
  });
});

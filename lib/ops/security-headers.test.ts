import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, servedOverHttps } from './security-headers';

describe('security headers', () => {
  it('CSP: nonce and strict-dynamic for scripts, no framing, eval only in dev, upgrade only over https', () => {
    const prod = contentSecurityPolicy('abc123', { dev: false, https: false });
    expect(prod).toContain(`script-src 'self' 'nonce-abc123' 'strict-dynamic'`);
    expect(prod).toContain(`frame-ancestors 'none'`);
    expect(prod).toContain(`object-src 'none'`);
    expect(prod).not.toContain('unsafe-eval');
    expect(prod).not.toContain('upgrade-insecure-requests');
    expect(contentSecurityPolicy('n', { dev: true, https: false })).toContain(`'unsafe-eval'`);
    expect(contentSecurityPolicy('n', { dev: false, https: true })).toMatch(/; upgrade-insecure-requests$/);
  });

  it('https when APP_URL is https, or a trusted proxy forwards https', () => {
    expect(servedOverHttps('https://keycap.example.com', 0, null)).toBe(true);
    expect(servedOverHttps('http://localhost:3000', 0, 'https')).toBe(false); // untrusted header
    expect(servedOverHttps('http://localhost:3000', 1, 'https')).toBe(true);
    expect(servedOverHttps('http://localhost:3000', 1, 'https, http')).toBe(true);
    expect(servedOverHttps('http://localhost:3000', 1, 'http')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { publicOrigin } from './origin';

const h = (o: Record<string, string>) => new Headers(o);

describe('publicOrigin', () => {
  it('APP_URL wins when configured (trailing slash dropped)', () => {
    expect(publicOrigin(h({ host: 'evil.example' }), 'https://keycap.acme.dev/')).toBe('https://keycap.acme.dev');
  });
  it('otherwise the request origin: Host, or the proxy headers', () => {
    expect(publicOrigin(h({ host: '10.0.0.5:3000' }), undefined)).toBe('http://10.0.0.5:3000');
    expect(publicOrigin(h({ host: 'internal:3000', 'x-forwarded-host': 'console.acme.dev', 'x-forwarded-proto': 'https' }), undefined)).toBe('https://console.acme.dev');
    expect(publicOrigin(h({ host: '[::1]:3100' }), undefined)).toBe('http://[::1]:3100');
    expect(publicOrigin(h({ host: 'a.example, b.example', 'x-forwarded-proto': 'https,http' }), undefined)).toBe('https://a.example');
  });
  it('never a made-up localhost: null without a usable host', () => {
    expect(publicOrigin(null, undefined)).toBeNull();
    expect(publicOrigin(h({}), undefined)).toBeNull();
    expect(publicOrigin(h({ host: 'bad host/"><script>' }), undefined)).toBeNull();
    expect(publicOrigin(h({ host: 'ok.example', 'x-forwarded-proto': 'javascript' }), undefined)).toBe('http://ok.example');
  });
});

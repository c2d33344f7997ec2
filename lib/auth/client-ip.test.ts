import { describe, expect, it } from 'vitest';
import { clientIp, PEER_HEADER, trustedProxies } from './client-ip';

const h = (o: Record<string, string>) => new Headers(o);

describe('trustedProxies', () => {
  it('is off by default and reads a number of proxies', () => {
    expect(trustedProxies(undefined)).toBe(0);
    expect(trustedProxies('')).toBe(0);
    expect(trustedProxies('false')).toBe(0);
    expect(trustedProxies('0')).toBe(0);
    expect(trustedProxies('true')).toBe(1);
    expect(trustedProxies('2')).toBe(2);
    expect(trustedProxies('loopback')).toBe(0); // invalid: the safe default, with a warning
  });
});

describe('clientIp', () => {
  it('without proxies: the socket address only, whatever X-Forwarded-For says', () => {
    expect(clientIp(h({ [PEER_HEADER]: '203.0.113.7', 'x-forwarded-for': '1.2.3.4' }), 0)).toBe('203.0.113.7');
    expect(clientIp(h({ 'x-forwarded-for': '1.2.3.4' }), 0)).toBe('unknown');
    expect(clientIp(h({ [PEER_HEADER]: '::ffff:198.51.100.2' }), 0)).toBe('198.51.100.2');
  });

  it('behind N proxies: the Nth entry from the right', () => {
    const xff = 'forged, 198.51.100.9, 10.0.0.2';
    expect(clientIp(h({ [PEER_HEADER]: '10.0.0.3', 'x-forwarded-for': xff }), 1)).toBe('10.0.0.2');
    expect(clientIp(h({ [PEER_HEADER]: '10.0.0.3', 'x-forwarded-for': xff }), 2)).toBe('198.51.100.9');
    expect(clientIp(h({ 'x-forwarded-for': '198.51.100.9' }), 3)).toBe('198.51.100.9'); // fewer entries: the leftmost
    expect(clientIp(h({ 'x-forwarded-for': 'forged, not-an-ip' }), 1)).toBe('unknown');
    expect(clientIp(h({ [PEER_HEADER]: '192.0.2.1' }), 1)).toBe('192.0.2.1'); // no header: the socket
  });

  it('strips ports and counts IPv6 per /64', () => {
    expect(clientIp(h({ 'x-forwarded-for': '198.51.100.9:4711' }), 1)).toBe('198.51.100.9');
    expect(clientIp(h({ 'x-forwarded-for': '[2001:db8:a:b:1:2:3:4]:443' }), 1)).toBe('2001:db8:a:b::/64');
    expect(clientIp(h({ [PEER_HEADER]: '2001:db8:a:b:ffff::1' }), 0)).toBe('2001:db8:a:b::/64');
    expect(clientIp(h({ [PEER_HEADER]: '2001:0db8:000a:000b::9' }), 0)).toBe('2001:db8:a:b::/64');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { LookupAddress } from 'node:dns';
import { assertPublicWebhookUrl, classifyAddress, guardedLookup, isPrivateAddress, type Resolver } from './ssrf';

afterEach(() => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE_URLS;
});

const resolver =
  (map: Record<string, string[]>): Resolver =>
  async (h: string) => {
    if (!map[h]) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
    return map[h].map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('isPrivateAddress', () => {
  it.each([
    // IPv4: loopback, RFC 1918, link-local / cloud metadata, CGNAT, "this network", multicast, broadcast
    '127.0.0.1', '127.255.0.9', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.0.10', '169.254.169.254', '100.64.1.1',
    '0.0.0.0', '0.1.2.3', '224.0.0.1', '255.255.255.255',
    // IPv4 special-purpose: benchmarking, documentation, IETF protocol, 6to4 relay, reserved, AS112, AMT
    '198.18.0.1', '198.19.255.254', '192.0.2.1', '198.51.100.7', '203.0.113.9', '192.0.0.8', '192.88.99.1', '240.0.0.1', '192.175.48.1', '192.52.193.1',
    // IPv6: unspecified, loopback, unique-local, link-local (with zone), site-local, multicast
    '::', '::1', 'fd00::1', 'fc12:3456::1', 'fe80::1', 'fe80::1%eth0', 'fec0::1', 'ff02::1',
    // IPv4-mapped (both spellings) and SIIT-translated with a private IPv4 inside
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:a9fe:a9fe', '::ffff:0:127.0.0.1',
    // deprecated IPv4-compatible, and anything else outside 2000::/3
    '::127.0.0.1', '::7f00:1', '::8.8.8.8', '1::1', '4000::1', '5f00::1',
    // 6to4, Teredo, NAT64 (well-known and local-use prefixes): refused whatever they embed
    '2002:7f00:1::', '2002:a00:1::1', '2002:808:808::1', '2001:0::1', '2001:0:4136:e378:8000:63bf:80ff:fffe', '64:ff9b::a00:1', '64:ff9b::7f00:1',
    '64:ff9b::808:808', '64:ff9b:1::1', '64:ff9b:1::808:808',
    // benchmarking, documentation, discard-only, ORCHID, AMT, AS112
    '2001:2::1', '2001:db8::1', '3fff::1', '100::1', '2001:10::1', '2001:20::1', '2001:3::1', '2001:4:112::1',
    // not an IP (including non-canonical IPv4 spellings, which URL parsing normalises before we get here)
    '[::1]', 'not-an-ip', '2130706433', '0x7f.1', '',
  ])('%s is refused', (ip) => expect(isPrivateAddress(ip)).toBe(true));

  it.each(['93.184.216.34', '8.8.8.8', '1.1.1.1', '172.32.0.1', '192.169.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8', '::ffff:808:808', '[2606:4700:4700::1111]'])(
    '%s is public',
    (ip) => expect(isPrivateAddress(ip)).toBe(false),
  );

  it('names the range, and the IPv4 address embedded in transition addresses', () => {
    expect(classifyAddress('2002:7f00:1::')).toMatchObject({ allowed: false, range: '6to4', embeddedIPv4: '127.0.0.1', embeddedRange: 'loopback' });
    // Teredo: server 65.54.227.120, client (obfuscated, bit-inverted) 127.0.0.1
    expect(classifyAddress('2001:0:4136:e378:8000:63bf:80ff:fffe')).toMatchObject({ allowed: false, range: 'teredo', embeddedIPv4: '127.0.0.1', embeddedRange: 'loopback' });
    expect(classifyAddress('64:ff9b::a00:1')).toMatchObject({ allowed: false, range: 'rfc6052', embeddedIPv4: '10.0.0.1', embeddedRange: 'private' });
    expect(classifyAddress('::ffff:127.0.0.1')).toMatchObject({ allowed: false, range: 'loopback', address: '127.0.0.1', embeddedIPv4: '127.0.0.1' });
    expect(classifyAddress('::ffff:8.8.8.8')).toMatchObject({ allowed: true, range: 'unicast', address: '8.8.8.8' });
    expect(classifyAddress('64:ff9b::808:808')).toMatchObject({ allowed: false, range: 'rfc6052', embeddedIPv4: '8.8.8.8', embeddedRange: 'unicast' });
    expect(classifyAddress('::7f00:1')).toMatchObject({ allowed: false, range: 'ipv4Compatible' });
    expect(classifyAddress('4000::1')).toMatchObject({ allowed: false, range: 'reserved' });
    expect(classifyAddress('2001:2::1')).toMatchObject({ allowed: false, range: 'benchmarking' });
    expect(classifyAddress('2606:4700:4700::1111')).toMatchObject({ allowed: true, range: 'unicast' });
    expect(classifyAddress('nope')).toMatchObject({ allowed: false, range: 'invalid' });
  });
});

describe('assertPublicWebhookUrl', () => {
  it('accepts public http(s) URLs', async () => {
    const r = resolver({ 'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'] });
    await expect(assertPublicWebhookUrl('https://hooks.example.com/x', r)).resolves.toBeInstanceOf(URL);
    await expect(assertPublicWebhookUrl('http://8.8.8.8:8080/x', r)).resolves.toBeInstanceOf(URL);
    await expect(assertPublicWebhookUrl('http://[2606:4700:4700::1111]/x', r)).resolves.toBeInstanceOf(URL);
    await expect(assertPublicWebhookUrl('http://[::ffff:8.8.8.8]/x', r)).resolves.toBeInstanceOf(URL);
  });

  it.each([
    ['ftp://hooks.example.com/x', /only http/],
    ['javascript:alert(1)', /only http/],
    ['hooks.example.com/x', /absolute/],
    ['http://10.0.0.1/x', /10\.0\.0\.1 is not a public address \(private\)/],
    ['http://[fd00::1]/x', /fd00::1 is not a public address \(uniqueLocal\)/],
    // decimal, octal, hex and short IPv4 spellings: the URL parser turns them into 127.0.0.1
    ['http://2130706433/', /127\.0\.0\.1 is not a public address \(loopback\)/],
    ['http://0177.0.0.1/', /127\.0\.0\.1 is not a public address \(loopback\)/],
    ['http://0x7f.1/', /127\.0\.0\.1 is not a public address \(loopback\)/],
    ['http://0x7f000001:8080/', /127\.0\.0\.1 is not a public address \(loopback\)/],
    ['http://127.1/', /127\.0\.0\.1 is not a public address \(loopback\)/],
    ['http://0/', /0\.0\.0\.0 is not a public address \(unspecified\)/],
    ['http://[::ffff:127.0.0.1]/', /loopback/],
    ['http://[::ffff:a9fe:a9fe]/latest/meta-data', /169\.254\.169\.254.*linkLocal/],
    ['http://[2002:7f00:1::]/', /2002:7f00:1:: is not a public address \(6to4 embedding 127\.0\.0\.1, loopback\)/],
    ['http://[2001:0::1]/', /teredo/],
    ['http://[64:ff9b::7f00:1]/', /\(rfc6052 embedding 127\.0\.0\.1, loopback\)/],
    ['http://[64:ff9b:1::a00:1]/', /rfc6052/],
    ['http://[2001:2::1]/', /benchmarking/],
    ['http://[::127.0.0.1]/', /ipv4Compatible/],
    ['http://[fe80::1%25eth0]/', /./], // zone ids are not valid in URLs at all
    ['https://rebind.example/x', /resolves to 127\.0\.0\.1/],
    ['https://rebind6.example/x', /resolves to ::1, which is not a public address \(loopback\)/],
    ['https://mapped.example/x', /resolves to ::ffff:127\.0\.0\.1/],
    ['https://sixtofour.example/x', /resolves to 2002:c0a8:101::1, which is not a public address \(6to4 embedding 192\.168\.1\.1, private\)/],
    ['https://mixed.example/x', /resolves to 192\.168\.1\.1/],
    ['https://foo.localhost/x', /localhost/],
    ['https://nxdomain.example/x', /could not be resolved/],
  ])('refuses %s', async (url, msg) => {
    const r = resolver({
      'rebind.example': ['127.0.0.1'],
      'rebind6.example': ['::1'],
      'mapped.example': ['::ffff:127.0.0.1'],
      'sixtofour.example': ['2002:c0a8:101::1'],
      'mixed.example': ['93.184.216.34', '192.168.1.1'],
      'foo.localhost': ['93.184.216.34'], // *.localhost is loopback by definition (RFC 6761), whatever a resolver says
    });
    await expect(assertPublicWebhookUrl(url, r)).rejects.toMatchObject({ status: 400, param: 'url', message: expect.stringMatching(msg) });
  });

  it('refuses localhost through the system resolver (no stub)', async () => {
    await expect(assertPublicWebhookUrl('http://localhost:3000/hook')).rejects.toMatchObject({ status: 400, param: 'url', message: expect.stringMatching(/localhost/) });
    await expect(assertPublicWebhookUrl('http://localhost./hook')).rejects.toMatchObject({ status: 400, param: 'url' });
  });

  it('WEBHOOK_ALLOW_PRIVATE_URLS=true allows private addresses, never other schemes', async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = 'true';
    await expect(assertPublicWebhookUrl('http://127.0.0.1:3000/x')).resolves.toBeInstanceOf(URL);
    await expect(assertPublicWebhookUrl('http://[2002:7f00:1::]/x')).resolves.toBeInstanceOf(URL);
    await expect(assertPublicWebhookUrl('file:///etc/passwd')).rejects.toMatchObject({ param: 'url' });
  });
});

describe('guardedLookup (connect time)', () => {
  const look = (r: Resolver, host: string, all: boolean) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: string | LookupAddress[] }>((res) =>
      guardedLookup(r)(host, { all }, (err, address) => res({ err, address })),
    );

  it.each([['a.example', '127.0.0.1'], ['b.example', '::1'], ['c.example', '::ffff:7f00:1'], ['d.example', '2002:a9fe:a9fe::'], ['e.example', '64:ff9b::a00:1'], ['f.example', '2001::1']])(
    'refuses %s resolving to %s',
    async (host, address) => {
      const r = resolver({ [host]: ['93.184.216.34', address] });
      for (const all of [true, false]) {
        const { err } = await look(r, host, all);
        expect(err).toMatchObject({ code: 'EPRIVATEADDRESS', message: expect.stringContaining(address) });
      }
    },
  );

  it('refuses localhost through the system resolver', async () => {
    const { err } = await look((h) => import('./ssrf').then((m) => m.systemResolver(h)), 'localhost', false);
    expect(err).toMatchObject({ code: 'EPRIVATEADDRESS' });
  });

  it('passes public addresses through', async () => {
    const r = resolver({ 'ok.example': ['93.184.216.34', '2606:4700:4700::1111'] });
    expect(await look(r, 'ok.example', false)).toEqual({ err: null, address: '93.184.216.34' });
    expect((await look(r, 'ok.example', true)).address).toHaveLength(2);
  });
});

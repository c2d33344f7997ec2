import { afterEach, describe, expect, it } from 'vitest';
import { assertPublicWebhookUrl, isPrivateAddress, v6Groups } from './ssrf';

afterEach(() => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE_URLS;
});

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1', '127.255.0.9', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.0.10', '169.254.169.254', '100.64.1.1',
    '0.0.0.0', '0.1.2.3', '224.0.0.1', '255.255.255.255', '198.18.0.1',
    '::', '::1', 'fd00::1', 'fc12:3456::1', 'fe80::1', 'fe80::1%eth0', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1',
    '::ffff:10.0.0.1', '::ffff:a9fe:a9fe', '::127.0.0.1', '64:ff9b::a00:1', '2001:db8::1', '[::1]', 'not-an-ip',
  ])('%s is private', (ip) => expect(isPrivateAddress(ip)).toBe(true));

  it.each(['93.184.216.34', '8.8.8.8', '1.1.1.1', '172.32.0.1', '192.169.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8', '64:ff9b::808:808'])(
    '%s is public',
    (ip) => expect(isPrivateAddress(ip)).toBe(false),
  );

  it('expands IPv6 forms', () => {
    expect(v6Groups('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(v6Groups('fd00::1:2')).toEqual([0xfd00, 0, 0, 0, 0, 0, 1, 2]);
    expect(v6Groups('::ffff:127.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
  });
});

describe('assertPublicWebhookUrl', () => {
  const resolver = (map: Record<string, string[]>) => async (h: string) => {
    if (!map[h]) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
    return map[h].map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

  it('accepts public http(s) URLs', async () => {
    const r = resolver({ 'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'] });
    await expect(assertPublicWebhookUrl('https://hooks.example.com/x', r)).resolves.toBeInstanceOf(URL);
    await expect(assertPublicWebhookUrl('http://8.8.8.8:8080/x', r)).resolves.toBeInstanceOf(URL);
  });

  it.each([
    ['ftp://hooks.example.com/x', /only http/],
    ['javascript:alert(1)', /only http/],
    ['hooks.example.com/x', /absolute/],
    ['http://10.0.0.1/x', /private/],
    ['http://[fd00::1]/x', /private/],
    ['https://rebind.example/x', /resolves to 127\.0\.0\.1/],
    ['https://mixed.example/x', /resolves to 192\.168\.1\.1/],
    ['https://nxdomain.example/x', /could not be resolved/],
  ])('refuses %s', async (url, msg) => {
    const r = resolver({ 'rebind.example': ['127.0.0.1'], 'mixed.example': ['93.184.216.34', '192.168.1.1'] });
    await expect(assertPublicWebhookUrl(url, r)).rejects.toMatchObject({ status: 400, param: 'url', message: expect.stringMatching(msg) });
  });

  it('WEBHOOK_ALLOW_PRIVATE_URLS=true allows private addresses, never other schemes', async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = 'true';
    await expect(assertPublicWebhookUrl('http://127.0.0.1:3000/x')).resolves.toBeInstanceOf(URL);
    await expect(assertPublicWebhookUrl('file:///etc/passwd')).rejects.toMatchObject({ param: 'url' });
  });
});

import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, newMessageId, sign, signedHeaders, signingSecrets } from './signing';

describe('Standard Webhooks signing', () => {
  it('produces headers the standardwebhooks package verifies', () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({ id: 'msg_1', type: 'webhook.test', data: { é: 'ü' } });
    const h = signedHeaders(secret, 'msg_1', body);
    expect(new Webhook(secret).verify(body, h)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body + ' ', h)).toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, h)).toThrow();
  });

  it('matches the reference HMAC of id.timestamp.body with the base64-decoded key', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const key = Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64');
    const expected = createHmac('sha256', key).update('msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}').digest('base64');
    expect(sign(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(`v1,${expected}`);
    // the same as the package's own signer
    expect(sign(secret, 'msg_x', 1614265330, 'b')).toBe(new Webhook(secret).sign('msg_x', new Date(1614265330_000), 'b'));
  });

  it('signs with every active secret, space-separated; a receiver with either secret accepts', () => {
    const [current, previous, stranger] = [generateWebhookSecret(), generateWebhookSecret(), generateWebhookSecret()];
    const body = '{"id":"msg_2"}';
    const h = signedHeaders([current, previous], 'msg_2', body);
    const [a, b] = h['webhook-signature'].split(' ');
    const ts = Number(h['webhook-timestamp']);
    expect([a, b]).toEqual([sign(current, 'msg_2', ts, body), sign(previous, 'msg_2', ts, body)]);
    expect(new Webhook(current).verify(body, h)).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, h)).toEqual(JSON.parse(body));
    expect(() => new Webhook(stranger).verify(body, h)).toThrow();
    expect(() => signedHeaders([], 'msg_2', body)).toThrow();
  });

  it('the previous secret signs only until its overlap ends', () => {
    const e = { secret: 'whsec_new', previousSecret: 'whsec_old', previousSecretExpiresAt: new Date('2030-01-02T00:00:00Z') };
    expect(signingSecrets(e, new Date('2030-01-01T23:59:59Z'))).toEqual(['whsec_new', 'whsec_old']);
    expect(signingSecrets(e, new Date('2030-01-02T00:00:00Z'))).toEqual(['whsec_new']);
    expect(signingSecrets({ ...e, previousSecretExpiresAt: null }, new Date(0))).toEqual(['whsec_new']);
    expect(signingSecrets({ ...e, previousSecret: null }, new Date(0))).toEqual(['whsec_new']);
  });

  it('message ids are unique msg_ ids', () => {
    const ids = new Set(Array.from({ length: 100 }, newMessageId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^msg_[0-9a-f]{24}$/);
  });
});

import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, newMessageId, sign, signedHeaders } from './signing';

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

  it('message ids are unique msg_ ids', () => {
    const ids = new Set(Array.from({ length: 100 }, newMessageId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^msg_[0-9a-f]{24}$/);
  });
});

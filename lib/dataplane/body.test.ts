import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds, parseJsonText, readLimited } from './body';

describe('request bodies', () => {
  it('measures nesting outside strings only', () => {
    expect(jsonDepthExceeds('{"a":[[1]]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":[[[1]]]}', 3)).toBe(true);
    expect(jsonDepthExceeds('{"a":"[[[[[[\\"[[[["}', 1)).toBe(false);
    expect(jsonDepthExceeds('['.repeat(20_000), 64)).toBe(true);
  });

  it('parses JSON, refusing deep nesting with 400 before JSON.parse runs', () => {
    expect(parseJsonText('')).toEqual({});
    expect(parseJsonText('{"x":1}')).toEqual({ x: 1 });
    expect(() => parseJsonText('['.repeat(20_000) + ']'.repeat(20_000))).toThrow(expect.objectContaining({ status: 400, code: 'json_too_deep' }));
    expect(() => parseJsonText('{oops')).toThrow(expect.objectContaining({ status: 400, code: 'invalid_json' }));
  });

  it('stops reading at the size limit with 413', async () => {
    let pulled = 0;
    async function* chunks() {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield new Uint8Array(64 * 1024);
      }
    }
    await expect(readLimited(chunks())).rejects.toMatchObject({ status: 413, code: 'body_too_large' });
    expect(pulled).toBeLessThan(20); // 1 MiB default: the other ~60 MB were never read
    await expect(readLimited(chunks(), 50_000_000)).rejects.toMatchObject({ status: 413 });
  });
});

import { describe, expect, it } from 'vitest';
import { sseEvents } from './sse';

async function collect(chunks: string[]) {
  async function* src() {
    for (const c of chunks) yield c;
  }
  const out: string[] = [];
  for await (const d of sseEvents(src())) out.push(d);
  return out;
}

const usage = '{"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":20}}';

describe('sseEvents', () => {
  for (const [name, sep] of [
    ['\\n\\n', '\n\n'],
    ['\\r\\n\\r\\n', '\r\n\r\n'],
    ['\\r\\n\\n', '\r\n\n'],
    ['CR only', '\r\r'],
  ] as const) {
    it(`keeps every event with ${name} separators, the usage chunk included`, async () => {
      const text = `data: {"a":1}${sep}data: ${usage}${sep}data: [DONE]${sep}`;
      expect(await collect([text])).toEqual(['{"a":1}', usage, '[DONE]']);
      // split at every position: events cut across chunks still arrive whole
      for (let i = 1; i < text.length; i++) expect(await collect([text.slice(0, i), text.slice(i)])).toEqual(['{"a":1}', usage, '[DONE]']);
    });
  }

  it('joins multi-line data, ignores comments and other fields', async () => {
    expect(await collect([': keep-alive\n\nevent: x\nid: 1\ndata: a\ndata: b\n\n'])).toEqual(['a\nb']);
  });
});

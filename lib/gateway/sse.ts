// Minimal SSE helpers for OpenAI-style streams: `data: {...}\n\n` lines ending with `data: [DONE]`.
export const sseData = (obj: unknown) => `data: ${JSON.stringify(obj)}\n\n`;
export const SSE_DONE = 'data: [DONE]\n\n';

/** Splits a growing text buffer into complete SSE events; returns [events' data payloads, rest]. */
export function takeEvents(buf: string): [string[], string] {
  const out: string[] = [];
  let idx: number;
  while ((idx = buf.search(/\r?\n\r?\n/)) !== -1) {
    const block = buf.slice(0, idx);
    buf = buf.slice(idx + (buf[idx] === '\r' ? 4 : 2));
    const data = block
      .split(/\r?\n/)
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trimStart())
      .join('\n');
    if (data) out.push(data);
  }
  return [out, buf];
}

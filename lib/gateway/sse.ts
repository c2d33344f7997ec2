// OpenAI-style SSE: `data: {...}\n\n` events ending with `data: [DONE]`. Upstream streams are parsed with
// eventsource-parser (every separator the spec allows: \n\n, \r\n\r\n, \r\n\n, CR-only), so no event —
// least of all the final usage chunk — is lost to a separator we did not expect.
import { createParser } from 'eventsource-parser';

export const sseData = (obj: unknown) => `data: ${JSON.stringify(obj)}\n\n`;
export const SSE_DONE = 'data: [DONE]\n\n';

/** The `data` payloads of the events in a text stream, as they complete. */
export async function* sseEvents(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  const ready: string[] = [];
  const parser = createParser({ onEvent: (e) => void ready.push(e.data) });
  for await (const chunk of chunks) {
    parser.feed(chunk);
    while (ready.length) yield ready.shift()!;
  }
  // The stream is over, so a trailing CR is a line end (the parser waits to see whether an LF follows it).
  // As the spec says, an event cut off before its blank line is still not dispatched.
  parser.feed('\n');
  parser.reset({ consume: true });
  while (ready.length) yield ready.shift()!;
}

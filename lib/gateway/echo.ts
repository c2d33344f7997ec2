// keycap-echo: a deterministic built-in model so a newcomer can try caps and refusals with no upstream.
// Tokens are whitespace-separated words; the reply echoes the last user message.
import { createHash } from 'node:crypto';

export const ECHO_MODEL = 'keycap-echo';

type Msg = { role?: string; content?: unknown };

const text = (c: unknown): string =>
  typeof c === 'string' ? c : Array.isArray(c) ? c.map((p) => (typeof p === 'object' && p && 'text' in p ? String((p as { text: unknown }).text) : '')).join(' ') : '';

export const countTokens = (s: string) => s.split(/\s+/).filter(Boolean).length;

export function echoReply(messages: Msg[], maxTokens: number | null) {
  const promptTokens = messages.reduce((n, m) => n + 1 + countTokens(text(m.content)), 0);
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  let words = ['Echo:', ...text(lastUser?.content).split(/\s+/).filter(Boolean)];
  let finish: 'stop' | 'length' = 'stop';
  if (maxTokens !== null && words.length > maxTokens) {
    words = words.slice(0, Math.max(0, maxTokens));
    finish = 'length';
  }
  return { words, content: words.join(' '), promptTokens, completionTokens: words.length, finish };
}

export function echoEmbedding(input: string, dims = 8): number[] {
  const h = createHash('sha256').update(input).digest();
  return Array.from({ length: dims }, (_, i) => (h[i] - 128) / 128);
}

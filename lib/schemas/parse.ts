// zod -> AppError(400) naming the first failing field.
import type { z } from 'zod';
import { AppError } from '../errors';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  let param = issue.path.map(String).join('.') || null;
  let message = issue.message;
  const unknownKeys = (i: typeof issue) => (i as { keys: string[] }).keys.map((k) => [...i.path.map(String), k].join('.')).join(', ');
  if (issue.code === 'unrecognized_keys') {
    param = unknownKeys(issue);
    message = `Unknown field${(issue as { keys: string[] }).keys.length > 1 ? 's' : ''}: ${param}`;
  } else if (param) message = `${param}: ${message}`;
  const fields: Record<string, string> = {};
  for (const i of r.error.issues) {
    const p = i.code === 'unrecognized_keys' ? unknownKeys(i) : i.path.map(String).join('.');
    if (p && !fields[p]) fields[p] = i.message;
  }
  throw new AppError(400, 'invalid_request_error', 'invalid_request', message, param, { fields });
}

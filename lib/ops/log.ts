// The process's logger (pino): JSON lines on stdout, level LOG_LEVEL (info). Pretty, human lines when
// LOG_PRETTY=1, or by default when not in production and stdout is a terminal (`npm run dev`); pino-pretty
// is a devDependency, so a production install without it simply logs JSON.
//
// Never a secret: authorization/cookie headers, `secret`, `password`, tokens and API keys are redacted by
// path, and anything that looks like a Keycap key (kc_adm_… / kc_inf_…) or a Bearer credential is masked
// in messages and error texts.
//
// The data plane logs warnings and errors only (no line per successful request) unless LOG_ACCESS=1.
// Lines about a request carry `reqId` (the x-request-id the lean server returns) and, where known,
// `workspaceId` and `keyId`. One logger per process, on globalThis: every bundle (the lean server's,
// Next's route bundles) writes through the same one.
import pino, { type Logger, type LoggerOptions, type DestinationStream } from 'pino';
import path from 'node:path';
import { env, logAccess, logLevel, logPretty } from '../config';

/** What a log line about a data-plane request carries. */
export interface ReqCtx {
  reqId: string;
  workspaceId?: string;
  keyId?: string;
}

const REDACT = [
  'authorization', 'cookie', 'secret', 'password', 'passwordHash', 'token', 'apiKey', 'api_key', 'signingSecret', 'previousSecret',
  'headers.authorization', 'headers.cookie', 'headers["set-cookie"]', 'req.headers.authorization', 'req.headers.cookie',
  '*.authorization', '*.cookie', '*.secret', '*.password', '*.passwordHash', '*.token', '*.apiKey', '*.api_key', '*.signingSecret', '*.previousSecret',
];

const KEY_LIKE = /\b(kc_(?:adm|inf)_)[0-9A-Za-z]{6,}/g;
const BEARER = /\b(Bearer\s+)[^\s"',;()]{6,}/g;
const WHSEC = /\b(whsec_)[0-9A-Za-z+/=_-]{6,}/g;
/** Masks key-like secrets in free text (messages, error texts). */
export const scrub = (s: string): string => s.replace(KEY_LIKE, '$1…').replace(BEARER, '$1[redacted]').replace(WHSEC, '$1…');

function errSerializer(e: unknown) {
  const o = pino.stdSerializers.err(e as Error) as unknown as Record<string, unknown>;
  if (!o || typeof o !== 'object') return o;
  for (const k of ['message', 'stack'] as const) if (typeof o[k] === 'string') o[k] = scrub(o[k] as string);
  return o;
}

export function loggerOptions(level: string = logLevel()): LoggerOptions {
  return {
    level,
    base: { pid: process.pid },
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: { err: errSerializer, error: errSerializer },
    hooks: {
      // Free text can carry secrets (an upstream's error echoing a key): mask them in string arguments.
      logMethod(args, method) {
        for (let i = 0; i < args.length; i++) if (typeof args[i] === 'string') args[i] = scrub(args[i] as string);
        method.apply(this, args as Parameters<typeof method>);
      },
    },
  };
}

/** A logger writing to `dest` (tests), or to stdout (pretty when configured). */
export function createLogger(dest?: DestinationStream, opts: Partial<LoggerOptions> = {}): Logger {
  const o = { ...loggerOptions(), ...opts };
  if (dest) return pino(o, dest);
  const pretty = logPretty() ? prettyStream() : null;
  return pretty ? pino(o, pretty) : pino(o);
}

// pino-pretty in this thread (no worker transport: nothing for a bundler to trace), resolved from the app
// root at run time, and only when asked for.
function prettyStream(): DestinationStream | null {
  try {
    const mod = process.getBuiltinModule?.('node:module') as typeof import('node:module') | undefined;
    if (!mod) return null;
    const req = mod.createRequire(path.join(env('KEYCAP_ROOT') ?? process.cwd(), 'package.json'));
    const pretty = req('pino-pretty') as (o: Record<string, unknown>) => DestinationStream;
    return pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  } catch {
    return null; // not installed (production): JSON it is
  }
}

const g = globalThis as typeof globalThis & { __keycapLog?: Logger };
/** The process logger. */
export const log: Logger = (g.__keycapLog ??= createLogger());

/** LOG_ACCESS=1: an info line per data-plane request (read once). */
export const accessLogEnabled: boolean = logAccess();

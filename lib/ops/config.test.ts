// lib/config.ts: one schema for every variable; a bad value is an error naming it (never a silent NaN).
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, env, hotCacheTtlMs, maxBodyBytes, validateConfig } from '../config';

const saved = { ...process.env };
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

const problem = (source: Record<string, string | undefined>) => {
  try {
    validateConfig(source);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return { variable: (e as ConfigError).variable, message: (e as Error).message };
  }
  return null;
};

describe('validateConfig', () => {
  it('accepts an empty environment with the documented defaults', () => {
    const c = validateConfig({});
    expect(c).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', DB_PROVIDER: 'sqlite', KEY_CACHE_TTL_MS: 2000, DB_POOL_SIZE: 10, RESERVATION_TTL_SECONDS: 600 });
    expect(c).toMatchObject({ KEYCAP_GROUP_COMMIT: true, WEBHOOK_ALLOW_PRIVATE_URLS: false, LOG_LEVEL: 'info', LOG_ACCESS: false, TRUST_PROXY: 0, METRICS_TOKEN: undefined });
  });

  it('names the variable and the reason: KEY_CACHE_TTL_MS=abc is not NaN', () => {
    expect(problem({ KEY_CACHE_TTL_MS: 'abc' })).toEqual({ variable: 'KEY_CACHE_TTL_MS', message: 'invalid configuration: KEY_CACHE_TTL_MS must be a number ≥ 0 (got "abc")' });
    expect(problem({ DB_POOL_SIZE: '2.5' })?.message).toContain('DB_POOL_SIZE must be an integer ≥ 1 and ≤ 1000 (got "2.5")');
    expect(problem({ PORT: '70000' })?.message).toContain('PORT must be an integer ≥ 1 and ≤ 65535');
    expect(problem({ DB_PROVIDER: 'mysql' })?.message).toContain('DB_PROVIDER must be one of sqlite, postgresql (got "mysql")');
    expect(problem({ KEYCAP_GROUP_COMMIT: 'nope' })?.message).toContain('KEYCAP_GROUP_COMMIT must be true or false (got "nope")');
    expect(problem({ LOG_LEVEL: 'loud' })?.message).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
    expect(problem({ UPSTREAM_BASE_URL: 'api.openai.com/v1' })?.message).toContain('UPSTREAM_BASE_URL must be an http:// or https:// URL');
    expect(problem({ TRUST_PROXY: 'loopback' })?.message).toContain('TRUST_PROXY must be a number of proxies (0-20), true or false');
    expect(problem({ KEYCAP_SCRYPT_N: '20000' })?.message).toContain('KEYCAP_SCRYPT_N must be a power of 2');
  });

  it('lists every problem in one line, and checks variables that go together', () => {
    const p = problem({ DB_POOL_SIZE: '0', LOGIN_MAX_FAILURES: 'x' });
    expect(p?.variable).toBe('DB_POOL_SIZE');
    expect(p?.message.split('\n')).toHaveLength(1);
    expect(p?.message).toMatch(/DB_POOL_SIZE .*; LOGIN_MAX_FAILURES must be an integer ≥ 1 \(got "x"\)$/);
    expect(problem({ DB_PROVIDER: 'postgresql' })?.message).toContain('DATABASE_URL is required when DB_PROVIDER=postgresql');
    expect(problem({ DB_PROVIDER: 'sqlite', DATABASE_URL: 'postgresql://u:p@h/db' })?.variable).toBe('DB_PROVIDER');
    expect(problem({ AUTH_GITHUB_ID: 'id' })?.message).toContain('AUTH_GITHUB_SECRET is required when AUTH_GITHUB_ID is set');
  });

  it('never echoes a secret value', () => {
    const p = problem({ AUTH_SECRET: 'short-secret' });
    expect(p?.message).toContain('AUTH_SECRET must be at least 16 characters');
    expect(p?.message).not.toContain('short-secret');
  });
});

describe('accessors', () => {
  it('read their variable when called (tests change the environment), parsed once per value, and throw naming it', () => {
    process.env.KEYCAP_MAX_BODY_BYTES = '1000';
    expect(maxBodyBytes()).toBe(1000);
    process.env.KEYCAP_MAX_BODY_BYTES = '2000';
    expect(maxBodyBytes()).toBe(2000);
    delete process.env.KEYCAP_MAX_BODY_BYTES;
    expect(maxBodyBytes()).toBe(1_048_576);
    process.env.KEY_CACHE_TTL_MS = 'abc';
    expect(() => hotCacheTtlMs()).toThrow('KEY_CACHE_TTL_MS must be a number ≥ 0 (got "abc")');
    process.env.KEY_CACHE_TTL_MS = ' 0 ';
    expect(hotCacheTtlMs()).toBe(0);
    process.env.UPSTREAM_BASE_URL = 'https://api.example.com/v1/';
    expect(env('UPSTREAM_BASE_URL')).toBe('https://api.example.com/v1');
  });
});

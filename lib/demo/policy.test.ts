// The demo seed's decision (never on PostgreSQL, NODE_ENV=production or KEYCAP_DEMO=false), the
// credentials file it writes instead of printing secrets, and the data directory's permissions.
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEMO_CREDENTIALS_FILE, demoSeedBlocker, demoSkippedLine, writeDemoCredentials } from './policy';

const run = promisify(execFile);
mkdirSync(path.resolve('tmp'), { recursive: true });
const base = mkdtempSync(path.resolve('tmp/demo-policy-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const mode = (p: string) => statSync(p).mode & 0o777;

describe('demoSeedBlocker', () => {
  it('allows the demo on the embedded SQLite default (development, test, no env at all)', () => {
    expect(demoSeedBlocker({})).toBeNull();
    expect(demoSeedBlocker({ NODE_ENV: 'development' })).toBeNull();
    expect(demoSeedBlocker({ NODE_ENV: 'test', DB_PROVIDER: 'sqlite' })).toBeNull();
    expect(demoSeedBlocker({ KEYCAP_DEMO: 'true' })).toBeNull();
  });

  it('refuses with NODE_ENV=production, KEYCAP_DEMO=false and on PostgreSQL, saying why', () => {
    expect(demoSeedBlocker({ NODE_ENV: 'production' })).toBe('NODE_ENV=production');
    expect(demoSeedBlocker({ NODE_ENV: 'production', KEYCAP_DEMO: 'true' })).toBe('NODE_ENV=production');
    for (const off of ['false', 'FALSE', '0', 'no', 'off']) expect(demoSeedBlocker({ KEYCAP_DEMO: off })).toBe(`KEYCAP_DEMO=${off}`);
    expect(demoSeedBlocker({ DB_PROVIDER: 'postgresql' })).toMatch(/PostgreSQL/);
    expect(demoSeedBlocker({ DB_PROVIDER: 'postgresql', KEYCAP_DEMO: 'true' })).toMatch(/PostgreSQL/);
  });

  it('the skipped line names the reason and the CLI command to create a workspace', () => {
    const line = demoSkippedLine('NODE_ENV=production');
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toContain('NODE_ENV=production');
    expect(line).toContain('npm run --silent keycap -- workspace create --name');
  });
});

describe('demo credentials file', () => {
  const creds = { workspaceName: 'Acme AI', workspaceSlug: 'acme-ai', users: [{ role: 'OWNER', email: 'o@x', password: 'pw-1234567890' }], keys: [{ type: 'ADMIN', name: 'k', secret: 'kc_adm_x' }] };

  it('is created 0600 in a 0700 directory', () => {
    const dir = path.join(base, 'fresh', 'data');
    const file = writeDemoCredentials(dir, creds);
    expect(file).toBe(path.join(dir, DEMO_CREDENTIALS_FILE));
    expect(mode(file)).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(creds);
  });

  it('replaces an older, world-readable file with a 0600 one', () => {
    const dir = path.join(base, 'old');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, DEMO_CREDENTIALS_FILE), 'old', { mode: 0o644 });
    chmodSync(path.join(dir, DEMO_CREDENTIALS_FILE), 0o644);
    const file = writeDemoCredentials(dir, creds);
    expect(mode(file)).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).keys[0].secret).toBe('kc_adm_x');
  });
});

describe('data directory and SQLite file permissions', () => {
  it('databaseUrl() creates the data directory 0700', async () => {
    const dir = path.join(base, 'config-data');
    vi.stubEnv('KEYCAP_DATA_DIR', dir);
    vi.stubEnv('DATABASE_URL', ''); // empty: the default file in the data directory
    vi.stubEnv('DB_PROVIDER', 'sqlite');
    vi.resetModules();
    try {
      const { databaseUrl } = await import('../config');
      expect(databaseUrl()).toBe(`file:${path.join(dir, 'keycap.db')}`);
      expect(mode(dir)).toBe(0o700);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it('scripts/migrate.mjs creates the data directory 0700 and the SQLite file 0600, and tightens older ones', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DB_PROVIDER: 'sqlite' };
    delete env.DATABASE_URL;
    const fresh = path.join(base, 'migrate-fresh');
    await run(process.execPath, ['scripts/migrate.mjs'], { env: { ...env, KEYCAP_DATA_DIR: fresh } });
    expect(mode(fresh)).toBe(0o700);
    expect(mode(path.join(fresh, 'keycap.db'))).toBe(0o600);

    // a data directory from an earlier version (or created by someone else's mkdir) with default modes
    const old = path.join(base, 'migrate-old');
    mkdirSync(old, { mode: 0o755 });
    chmodSync(old, 0o755);
    writeFileSync(path.join(old, 'keycap.db'), '', { mode: 0o644 });
    chmodSync(path.join(old, 'keycap.db'), 0o644);
    await run(process.execPath, ['scripts/migrate.mjs'], { env: { ...env, KEYCAP_DATA_DIR: old } });
    expect(mode(old)).toBe(0o700);
    expect(mode(path.join(old, 'keycap.db'))).toBe(0o600);
  }, 60_000);
});

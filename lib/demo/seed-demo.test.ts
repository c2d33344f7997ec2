// scripts/seed-demo.ts as `npm start` runs it (--if-empty), on a fresh SQLite database of its own: refused
// where the demo does not belong, and otherwise seeded with its secrets in a 0600 file, not in the log.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const TSX = path.resolve('node_modules/tsx/dist/cli.mjs');
mkdirSync(path.resolve('tmp'), { recursive: true });
const base = mkdtempSync(path.resolve('tmp/seed-demo-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const mode = (p: string) => statSync(p).mode & 0o777;

/** A migrated, empty SQLite database in its own data directory, and a runner for the seed script against it. */
async function freshDataDir(name: string) {
  const dir = path.join(base, name);
  const env: NodeJS.ProcessEnv = { ...process.env, KEYCAP_DATA_DIR: dir, DB_PROVIDER: 'sqlite', KEYCAP_SCRYPT_N: '16384', NODE_ENV: 'development' };
  for (const k of ['DATABASE_URL', 'KEYCAP_DEMO', 'KEYCAP_DEMO_TEST_PASSWORDS']) delete env[k];
  await exec(process.execPath, ['scripts/migrate.mjs'], { env });
  const seed = async (extra: Record<string, string> = {}, args = ['--if-empty']) => {
    try {
      const r = await exec(process.execPath, [TSX, 'scripts/seed-demo.ts', ...args], { env: { ...env, ...extra }, timeout: 120_000 });
      return { code: 0, out: r.stdout + r.stderr };
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      return { code: err.code ?? -1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
    }
  };
  const users = () => {
    const c = new Database(path.join(dir, 'keycap.db'), { readonly: true });
    try {
      return (c.prepare('SELECT count(*) AS n FROM "User"').get() as { n: number }).n;
    } finally {
      c.close();
    }
  };
  return { dir, seed, users };
}

describe('scripts/seed-demo.ts', () => {
  it.each([
    [{ NODE_ENV: 'production' }, 'NODE_ENV=production'],
    [{ KEYCAP_DEMO: 'false' }, 'KEYCAP_DEMO=false'],
  ])('skips an empty database with %o: one line saying why and how to create a workspace', async (env, reason) => {
    const t = await freshDataDir(`skip-${reason.replace(/\W/g, '')}`);
    const r = await t.seed(env);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(reason);
    expect(lines[0]).toContain('npm run --silent keycap -- workspace create');
    expect(t.users()).toBe(0);
    // asked for explicitly (npm run seed:demo), it refuses with a non-zero exit
    const explicit = await t.seed(env, []);
    expect(explicit.code).toBe(1);
    expect(explicit.out).toContain(reason);
    expect(t.users()).toBe(0);
  }, 60_000);

  it('seeds the SQLite default with random passwords; secrets only in the 0600 credentials file, never in the log', async () => {
    const t = await freshDataDir('seed');
    const r = await t.seed();
    expect(r.code).toBe(0);
    expect(t.users()).toBe(3);
    const file = path.join(t.dir, 'demo-credentials.json');
    expect(mode(file)).toBe(0o600);
    expect(mode(t.dir)).toBe(0o700);
    expect(mode(path.join(t.dir, 'keycap.db'))).toBe(0o600);
    const creds = JSON.parse(readFileSync(file, 'utf8')) as { users: { role: string; email: string; password: string }[]; keys: { type: string; secret: string }[] };
    expect(creds.users.map((u) => u.role)).toEqual(['OWNER', 'ADMIN', 'MEMBER']);
    expect(creds.keys.map((k) => k.type)).toEqual(['ADMIN', 'INFERENCE']);
    for (const u of creds.users) expect(u.password).not.toMatch(/^keycap-demo-/);
    // the log: the sign-in email and the file's path, no secret
    expect(r.out).toContain('owner@demo.keycap.dev');
    expect(r.out).toContain(path.relative(process.cwd(), file));
    expect(r.out).not.toMatch(/kc_(adm|inf)_/);
    for (const u of creds.users) expect(r.out).not.toContain(u.password);

    // The next start finds users: nothing seeded again, the same pointer printed, the file untouched.
    const again = await t.seed();
    expect(again.code).toBe(0);
    expect(t.users()).toBe(3);
    expect(again.out).toContain('owner@demo.keycap.dev');
    expect(again.out).not.toMatch(/kc_(adm|inf)_/);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(creds);
  }, 120_000);
});

// When the demo workspace may be seeded, and where its secrets go. Pure and dependency-free (no database,
// no Prisma client), so scripts/seed-demo.ts can decide before touching anything.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const DEMO_CREDENTIALS_FILE = 'demo-credentials.json';

/** How to create a real workspace instead (README, "Admin CLI"). */
export const CREATE_WORKSPACE_HINT = `npm run --silent keycap -- workspace create --name "My team" --owner you@example.com --password '…'`;

export interface DemoEnv {
  NODE_ENV?: string;
  KEYCAP_DEMO?: string;
  DB_PROVIDER?: string;
}

const OFF = new Set(['false', '0', 'no', 'off']);

/**
 * Why the demo workspace (known emails, sign-in passwords, API keys) must not be seeded here, or null when
 * it may be. It is for trying Keycap on the embedded SQLite default: never on PostgreSQL (a real,
 * shared deployment), never with NODE_ENV=production, never with KEYCAP_DEMO=false.
 */
export function demoSeedBlocker(env: DemoEnv = process.env): string | null {
  const demo = env.KEYCAP_DEMO?.trim().toLowerCase();
  if (demo && OFF.has(demo)) return `KEYCAP_DEMO=${env.KEYCAP_DEMO}`;
  if (env.NODE_ENV?.trim().toLowerCase() === 'production') return 'NODE_ENV=production';
  if (env.DB_PROVIDER === 'postgresql') return 'the database is PostgreSQL (the demo is only seeded into the embedded SQLite default)';
  return null;
}

/** The one line printed instead of seeding. */
export const demoSkippedLine = (reason: string) =>
  `[keycap] demo workspace not seeded: ${reason}. Create a workspace with the admin CLI: ${CREATE_WORKSPACE_HINT}`;

export interface DemoCredentials {
  workspaceName: string;
  workspaceSlug: string;
  users: { role: string; email: string; password: string }[];
  keys: { type: string; name: string; secret: string }[];
}

/**
 * Writes the demo's passwords and API key secrets to `<dir>/demo-credentials.json`, readable by the owner
 * only (file 0600; the directory is created 0700). A previous file is removed first, so the secrets are
 * never written into a file with wider permissions. Returns the file's path.
 */
export function writeDemoCredentials(dir: string, creds: DemoCredentials): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, DEMO_CREDENTIALS_FILE);
  rmSync(file, { force: true });
  writeFileSync(file, `${JSON.stringify(creds, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return file;
}

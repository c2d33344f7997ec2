// scripts/check-container.mjs (in `npm run lint`): the repository's container files pass; broken ones are refused by name.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = path.resolve('scripts/check-container.mjs');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function lintWith(edit: (files: Record<string, string>) => void) {
  const dir = mkdtempSync(path.join(tmpdir(), 'kc-container-'));
  dirs.push(dir);
  const files: Record<string, string> = {};
  for (const f of ['Dockerfile', '.dockerignore', 'docker-compose.yml']) files[f] = readFileSync(f, 'utf8');
  edit(files);
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
  const r = spawnSync(process.execPath, [script, '--dir', dir], { encoding: 'utf8', env: { ...process.env, PATH: '' } });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('check-container', () => {
  it('passes on the repository', () => {
    expect(execFileSync(process.execPath, [script], { encoding: 'utf8' })).toContain('look right');
  });

  it('refuses a root runtime, a missing HEALTHCHECK, latest tags and a single stage', () => {
    const r = lintWith((f) => {
      f.Dockerfile = 'FROM node:latest\nWORKDIR /app\nCOPY . .\nCMD ["npm", "start"]\n';
    });
    expect(r.code).toBe(1);
    expect(r.out).toContain('FROM node:latest: do not use the "latest" tag');
    expect(r.out).toContain('not multi-stage');
    expect(r.out).toContain('no USER: it would run as root');
    expect(r.out).toContain('no HEALTHCHECK');
    const root = lintWith((f) => {
      f.Dockerfile = f.Dockerfile.replace('USER node', 'USER root');
    });
    expect(root.out).toContain('the runtime stage runs as root');
  });

  it('refuses a compose file that does not parse or lacks the worker / a shared AUTH_SECRET', () => {
    expect(lintWith((f) => (f['docker-compose.yml'] = 'services:\n\tdb:\n')).out).toContain('does not parse: line 2: tab in indentation');
    const noWorker = lintWith((f) => {
      f['docker-compose.yml'] = f['docker-compose.yml'].replace('command: ["npm", "run", "worker"]', 'command: ["sleep", "1"]');
    });
    expect(noWorker.out).toContain('no webhook worker service');
    const secrets = lintWith((f) => {
      f['docker-compose.yml'] = f['docker-compose.yml'].replace('  keycap-2:\n    image: keycap:local\n    environment: *keycap-env', '  keycap-2:\n    image: keycap:local\n    environment:\n      DB_PROVIDER: postgresql\n      DATABASE_URL: postgresql://x@db/k\n      AUTH_SECRET: other\n      KEYCAP_DISABLE_INPROCESS_WORKER: "true"');
    });
    expect(secrets.out).toContain('the instances must share one AUTH_SECRET');
    const ignore = lintWith((f) => (f['.dockerignore'] = '.git\n'));
    expect(ignore.out).toContain('.dockerignore: does not exclude node_modules');
  });
});


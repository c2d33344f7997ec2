// The admin CLI as a user runs it (tsx scripts/keycap.ts … --json), against the integration database.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { hashSecret } from '@/lib/keys/secret';

const run = promisify(execFile);
const TSX = path.resolve('node_modules/tsx/dist/cli.mjs');

/** Runs the CLI; resolves with its exit code and parsed JSON output (every call uses --json). */
async function cli(...args: string[]): Promise<{ code: number; out: Record<string, unknown> }> {
  try {
    const { stdout } = await run(process.execPath, [TSX, 'scripts/keycap.ts', ...args, '--json'], { env: process.env, timeout: 60_000 });
    return { code: 0, out: JSON.parse(stdout.trim().split('\n').pop()!) };
  } catch (e) {
    const err = e as { code?: number; stdout?: string };
    return { code: err.code ?? -1, out: JSON.parse((err.stdout ?? '').trim().split('\n').pop() || '{}') };
  }
}

describe('admin CLI', () => {
  it('creates a workspace and keys, adds credits, sets a price and reconciles with no drift', async () => {
    const id = randomBytes(3).toString('hex');
    const ws = await cli('workspace', 'create', '--name', `CLI ${id}`, '--owner', `cli-${id}@test.dev`, '--password', 'long enough pw');
    expect(ws.code).toBe(0);
    expect(ws.out).toMatchObject({ slug: `cli-${id}`, name: `CLI ${id}`, owner: `cli-${id}@test.dev` });
    const row = await db.workspace.findUniqueOrThrow({ where: { slug: `cli-${id}` }, include: { memberships: true } });
    expect(row.memberships.map((m) => m.role)).toEqual(['OWNER']);

    const key = await cli('key', 'create', '--workspace', `cli-${id}`, '--type', 'INFERENCE', '--name', 'backend prod', '--limit', '5', '--period', 'daily');
    expect(key.code).toBe(0);
    const secret = String(key.out.secret);
    expect(secret).toMatch(/^kc_inf_/);
    expect(key.out.key).toMatchObject({ name: 'backend prod', type: 'INFERENCE', spendLimit: 5, spendLimitPeriod: 'daily' });
    const stored = await db.apiKey.findUniqueOrThrow({ where: { hash: hashSecret(secret) } });
    expect(stored.spendLimitNano).toBe(5_000_000_000n);

    const credits = await cli('credits', 'add', '--workspace', `cli-${id}`, '--bucket', 'USD', '--usd', '12.5', '--note', 'invoice 42');
    expect(credits.code).toBe(0);
    expect(credits.out).toMatchObject({ bucket: 'USD', amountUsd: 12.5, balanceUsd: 12.5 });
    const topup = await db.creditTopUp.findFirstOrThrow({ where: { workspaceId: row.id } });
    expect(topup.note).toBe('invoice 42');
    expect(topup.amountNano).toBe(12_500_000_000n);
    expect(topup.actorLabel).toBe('cli');

    const price = await cli('price', 'set', '--workspace', `cli-${id}`, '--model', 'gpt-cli', '--input', '2.5', '--output', '10');
    expect(price.code).toBe(0);
    expect(price.out).toEqual({ model: 'gpt-cli', inputUsdPerMtok: 2.5, outputUsdPerMtok: 10 });

    const rec = await cli('reconcile', '--workspace', `cli-${id}`, '--dry-run');
    expect(rec.code).toBe(0);
    expect(rec.out).toMatchObject({ drift: 0, workspaces: 1 });
  }, 120_000);

  it('bad input exits 2 with a message naming the problem, and changes nothing', async () => {
    const id = randomBytes(3).toString('hex');
    await cli('workspace', 'create', '--name', `CLI bad ${id}`, '--owner', `cli-bad-${id}@test.dev`, '--password', 'long enough pw');
    const before = await db.apiKey.count();
    const neg = await cli('key', 'create', '--workspace', `cli-bad-${id}`, '--type', 'INFERENCE', '--name', 'x', '--limit', '-1', '--period', 'daily');
    expect(neg.code).toBe(2);
    expect(JSON.stringify(neg.out)).toMatch(/spendLimit/);
    const zero = await cli('key', 'create', '--workspace', `cli-bad-${id}`, '--type', 'INFERENCE', '--name', 'x', '--limit', '0', '--period', 'daily');
    expect(zero.code).toBe(2); // a $0 limit needs --confirm-zero-limit
    const missing = await cli('credits', 'add', '--workspace', `cli-bad-${id}`, '--bucket', 'USD', '--usd', '5');
    expect(missing.code).toBe(2);
    expect(JSON.stringify(missing.out)).toContain('--note');
    const noWs = await cli('reconcile', '--workspace', 'no-such-workspace');
    expect(noWs.code).toBe(2);
    expect(await db.apiKey.count()).toBe(before);
  }, 120_000);

  it('takes --flag=value, refuses an unknown flag (or one the command does not take) by name with exit 2, and a bad config with 78', async () => {
    const id = randomBytes(3).toString('hex');
    const ws = await cli('workspace', 'create', `--name=CLI eq ${id}`, `--owner=cli-eq-${id}@test.dev`, '--password=long enough pw');
    expect(ws.code).toBe(0);
    expect(ws.out).toMatchObject({ slug: `cli-eq-${id}`, name: `CLI eq ${id}` });
    const key = await cli('key', 'create', `--workspace=cli-eq-${id}`, '--type=INFERENCE', '--name=eq key', '--limit=2', '--period=weekly');
    expect(key.code).toBe(0);
    expect(key.out.key).toMatchObject({ name: 'eq key', spendLimit: 2, spendLimitPeriod: 'weekly' });

    const before = await db.apiKey.count();
    const unknown = await cli('key', 'create', `--workspace=cli-eq-${id}`, '--type=INFERENCE', '--name=x', '--limt=5');
    expect(unknown.code).toBe(2);
    expect(unknown.out).toEqual({ error: { message: 'unknown flag --limt', code: 'cli_error' } });
    const wrong = await cli('reconcile', '--limit', '5');
    expect(wrong.code).toBe(2);
    expect(JSON.stringify(wrong.out)).toContain('reconcile does not take --limit');
    const noValue = await cli('credits', 'add', `--workspace=cli-eq-${id}`, '--bucket', 'USD', '--usd', '5', '--note');
    expect(noValue.code).toBe(2);
    expect(JSON.stringify(noValue.out)).toContain('--note needs a value');
    expect(await db.apiKey.count()).toBe(before);

    // Text mode: the message and the usage on stderr.
    const text = await run(process.execPath, [TSX, 'scripts/keycap.ts', 'reconcile', '--bogus'], { env: process.env, timeout: 60_000 }).then(() => ({ code: 0, stderr: '' }), (e) => e as { code: number; stderr: string });
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/^error: unknown flag --bogus\n\nKeycap admin CLI/);

    const bad = await run(process.execPath, [TSX, 'scripts/keycap.ts', 'reconcile'], { env: { ...process.env, KEY_CACHE_TTL_MS: 'abc' }, timeout: 60_000 }).then(() => ({ code: 0, stderr: '' }), (e) => e as { code: number; stderr: string });
    expect(bad.code).toBe(78);
    expect(bad.stderr.trim()).toBe('error: invalid configuration: KEY_CACHE_TTL_MS must be a number ≥ 0 (got "abc")');
  }, 120_000);
});

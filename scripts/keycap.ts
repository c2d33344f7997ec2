// Admin CLI: npm run --silent keycap -- <command> [--json]. Uses the same services as the console and API.
import { db } from '../lib/db';
import type { Ctx } from '../lib/context';
import { isAppError } from '../lib/errors';
import { hashPassword } from '../lib/auth/password';
import { createWorkspace } from '../lib/services/workspaces';
import { createKey } from '../lib/services/keys';
import { addCredits } from '../lib/services/credits';
import { setPrice } from '../lib/services/prices';
import { reconcile } from '../lib/metering/reconcile';

const USAGE = `Keycap admin CLI
  workspace create --name N --owner EMAIL --password PW
  key create --workspace SLUG --type ADMIN|INFERENCE --name N [--limit USD --period daily|weekly|monthly|total] [--confirm-zero-limit]
  credits add --workspace SLUG --bucket USD|BUNDLED_CREDITS --usd AMOUNT --note TEXT
  price set --workspace SLUG --model M --input USD_PER_MTOK --output USD_PER_MTOK
  reconcile [--workspace SLUG] [--dry-run]
Add --json to print one JSON object.`;

function parseArgs(argv: string[]) {
  const pos: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) flags[a.slice(2)] = true;
      else flags[a.slice(2)] = argv[++i];
    } else pos.push(a);
  }
  return { pos, flags };
}

class CliError extends Error {}
const need = (flags: Record<string, string | true>, name: string): string => {
  const v = flags[name];
  if (typeof v !== 'string' || !v) throw new CliError(`missing --${name}`);
  return v;
};

async function wsCtx(slug: string): Promise<Ctx> {
  const ws = await db.workspace.findUnique({ where: { slug } });
  if (!ws) throw new CliError(`no workspace with slug "${slug}"`);
  return { workspaceId: ws.id, workspaceSlug: ws.slug, actor: { kind: 'system', label: 'cli' } };
}

async function run(pos: string[], flags: Record<string, string | true>): Promise<{ text: string; json: unknown }> {
  const cmd = pos[0] === 'reconcile' ? 'reconcile' : pos.slice(0, 2).join(' ');
  switch (cmd) {
    case 'workspace create': {
      const email = need(flags, 'owner').trim().toLowerCase();
      const name = need(flags, 'name');
      const password = need(flags, 'password');
      let user = await db.user.findUnique({ where: { email } });
      if (!user) {
        if (password.length < 10) throw new CliError('--password must be at least 10 characters');
        user = await db.user.create({ data: { email, passwordHash: await hashPassword(password) } });
      }
      const ws = await db.$transaction((tx) => createWorkspace(tx, name, user.id, `cli:${email}`));
      return { text: `Created workspace "${ws.name}" (id ${ws.id}, slug ${ws.slug}) owned by ${email}`, json: { id: ws.id, slug: ws.slug, name: ws.name, owner: email } };
    }
    case 'key create': {
      const ctx = await wsCtx(need(flags, 'workspace'));
      const input: Record<string, unknown> = { name: need(flags, 'name'), type: need(flags, 'type') };
      if (typeof flags.limit === 'string') input.spendLimit = flags.limit;
      if (typeof flags.period === 'string') input.spendLimitPeriod = flags.period;
      if (flags['confirm-zero-limit']) input.confirmZeroLimit = true;
      if (typeof flags.limit === 'string' && typeof flags.period !== 'string') input.spendLimitPeriod = 'monthly';
      const { key, secret } = await createKey(ctx, input);
      const limit = key.spendLimit === null ? 'no limit' : `$${key.spendLimit} ${key.spendLimitPeriod}`;
      return { text: `Created ${key.type} key "${key.name}" (${key.id}, ${limit})\nSecret (shown only now): ${secret}`, json: { key, secret } };
    }
    case 'credits add': {
      const ctx = await wsCtx(need(flags, 'workspace'));
      const r = await addCredits(ctx, { bucket: need(flags, 'bucket') as 'USD', usd: need(flags, 'usd'), note: need(flags, 'note') });
      return { text: `Added $${r.amountUsd} to ${r.bucket}; balance now $${r.balanceUsd}`, json: r };
    }
    case 'price set': {
      const ctx = await wsCtx(need(flags, 'workspace'));
      const r = await setPrice(ctx, { model: need(flags, 'model'), inputUsdPerMtok: need(flags, 'input'), outputUsdPerMtok: need(flags, 'output') });
      const out = { model: r.model, inputUsdPerMtok: Number(r.inputNanoPerToken) / 1000, outputUsdPerMtok: Number(r.outputNanoPerToken) / 1000 };
      return { text: `Price for ${out.model}: $${out.inputUsdPerMtok}/Mtok input, $${out.outputUsdPerMtok}/Mtok output`, json: out };
    }
    case 'reconcile': {
      const slug = typeof flags.workspace === 'string' ? flags.workspace : null;
      const workspaceId = slug ? (await wsCtx(slug)).workspaceId : undefined;
      const r = await reconcile({ workspaceId, dryRun: !!flags['dry-run'] });
      const lines = r.details.map((d) => `  ${d.table} ${d.key} ${d.field}: stored ${d.stored}, ledger says ${d.expected}`);
      return { text: `Reconciled ${r.workspaces} workspace(s), ${r.events} ledger events: drift ${r.drift}${r.drift && !flags['dry-run'] ? ' (fixed)' : ''}\n${lines.join('\n')}`.trim(), json: r };
    }
    default:
      throw new CliError(pos.length ? `unknown command "${pos.join(' ')}"` : 'no command');
  }
}

async function main() {
  const { pos, flags } = parseArgs(process.argv.slice(2));
  const asJson = !!flags.json;
  if (flags.help || pos.length === 0) {
    console.log(USAGE);
    return 0;
  }
  try {
    const r = await run(pos, flags);
    console.log(asJson ? JSON.stringify(r.json) : r.text);
    return 0;
  } catch (e) {
    const msg = e instanceof CliError ? e.message : isAppError(e) ? `${e.message}${e.param ? ` (field: ${e.param})` : ''}` : String((e as Error)?.stack ?? e);
    if (asJson) console.log(JSON.stringify({ error: { message: msg, code: isAppError(e) ? e.code : 'cli_error' } }));
    else console.error(`error: ${msg}${e instanceof CliError ? `\n\n${USAGE}` : ''}`);
    return e instanceof CliError || isAppError(e) ? 2 : 1;
  }
}

main().then((code) => process.exit(code));

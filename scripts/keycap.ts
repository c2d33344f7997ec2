// Admin CLI: npm run --silent keycap -- <command> [--json]. Uses the same services as the console and API.
// Flags are parsed by node:util parseArgs (`--name x` and `--name=x`); an unknown flag, or one the command
// does not take, is an error naming it (exit 2, with the usage). The configuration is validated first
// (lib/config.ts): a bad value is one line naming the variable (exit 78).
import { parseArgs as parseNodeArgs } from 'node:util';
import type { Ctx } from '../lib/context';
import { isAppError } from '../lib/errors';
import { ConfigError, validateConfig } from '../lib/config';

const USAGE = `Keycap admin CLI
  workspace create --name N --owner EMAIL --password PW
  key create --workspace SLUG --type ADMIN|INFERENCE --name N [--limit USD --period daily|weekly|monthly|total] [--confirm-zero-limit]
  credits add --workspace SLUG --bucket USD|BUNDLED_CREDITS --usd AMOUNT --note TEXT
  price set --workspace SLUG --model M --input USD_PER_MTOK --output USD_PER_MTOK
  reconcile [--workspace SLUG] [--dry-run]
Add --json to print one JSON object.`;

const OPTIONS = {
  name: { type: 'string' },
  owner: { type: 'string' },
  password: { type: 'string' },
  workspace: { type: 'string' },
  type: { type: 'string' },
  limit: { type: 'string' },
  period: { type: 'string' },
  'confirm-zero-limit': { type: 'boolean' },
  bucket: { type: 'string' },
  usd: { type: 'string' },
  note: { type: 'string' },
  model: { type: 'string' },
  input: { type: 'string' },
  output: { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
type Flags = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };

/** The flags each command takes (besides --json and --help). */
const COMMAND_FLAGS: Record<string, (keyof typeof OPTIONS)[]> = {
  'workspace create': ['name', 'owner', 'password'],
  'key create': ['workspace', 'type', 'name', 'limit', 'period', 'confirm-zero-limit'],
  'credits add': ['workspace', 'bucket', 'usd', 'note'],
  'price set': ['workspace', 'model', 'input', 'output'],
  reconcile: ['workspace', 'dry-run'],
};

class CliError extends Error {}

/** Parses argv strictly. `--limit -1` stays a value (parseArgs alone would call it ambiguous). */
function parseCli(argv: string[]): { pos: string[]; flags: Flags } {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : null;
    const next = argv[i + 1];
    if (name && (OPTIONS as Record<string, { type: string }>)[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
  let parsed;
  try {
    parsed = parseNodeArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = /'([^']+)'/.exec(err.message)?.[1] ?? '?';
      throw new CliError(`unknown flag ${flag}`);
    }
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = /'(--?[\w-]+)/.exec(err.message)?.[1] ?? '?';
      throw new CliError(`${flag} needs a value (e.g. ${flag} VALUE or ${flag}=VALUE)`);
    }
    throw new CliError(err.message);
  }
  const flags = parsed.values as Flags;
  const pos = parsed.positionals;
  const cmd = pos[0] === 'reconcile' ? 'reconcile' : pos.slice(0, 2).join(' ');
  const allowed = COMMAND_FLAGS[cmd];
  if (allowed) {
    for (const f of Object.keys(flags) as (keyof typeof OPTIONS)[]) {
      if (f !== 'json' && f !== 'help' && !allowed.includes(f)) throw new CliError(`${cmd} does not take --${f}`);
    }
  }
  return { pos, flags };
}

const need = (flags: Flags, name: keyof typeof OPTIONS): string => {
  const v = flags[name];
  if (typeof v !== 'string' || !v) throw new CliError(`missing --${name}`);
  return v;
};

// The services (and their database client) load only after the configuration was validated.
const deps = async () => {
  const [{ db }, { hashPassword }, { createWorkspace }, { createKey }, { addCredits }, { setPrice }, { reconcile }] = await Promise.all([
    import('../lib/db'),
    import('../lib/auth/password'),
    import('../lib/services/workspaces'),
    import('../lib/services/keys'),
    import('../lib/services/credits'),
    import('../lib/services/prices'),
    import('../lib/metering/reconcile'),
  ]);
  return { db, hashPassword, createWorkspace, createKey, addCredits, setPrice, reconcile };
};
type Deps = Awaited<ReturnType<typeof deps>>;

async function wsCtx({ db }: Deps, slug: string): Promise<Ctx> {
  const ws = await db.workspace.findUnique({ where: { slug } });
  if (!ws) throw new CliError(`no workspace with slug "${slug}"`);
  return { workspaceId: ws.id, workspaceSlug: ws.slug, actor: { kind: 'system', label: 'cli' } };
}

async function run(d: Deps, pos: string[], flags: Flags): Promise<{ text: string; json: unknown }> {
  const { db, hashPassword, createWorkspace, createKey, addCredits, setPrice, reconcile } = d;
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
      const ctx = await wsCtx(d, need(flags, 'workspace'));
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
      const ctx = await wsCtx(d, need(flags, 'workspace'));
      const r = await addCredits(ctx, { bucket: need(flags, 'bucket') as 'USD', usd: need(flags, 'usd'), note: need(flags, 'note') });
      return { text: `Added $${r.amountUsd} to ${r.bucket}; balance now $${r.balanceUsd}`, json: r };
    }
    case 'price set': {
      const ctx = await wsCtx(d, need(flags, 'workspace'));
      const r = await setPrice(ctx, { model: need(flags, 'model'), inputUsdPerMtok: need(flags, 'input'), outputUsdPerMtok: need(flags, 'output') });
      const out = { model: r.model, inputUsdPerMtok: Number(r.inputNanoPerToken) / 1000, outputUsdPerMtok: Number(r.outputNanoPerToken) / 1000 };
      return { text: `Price for ${out.model}: $${out.inputUsdPerMtok}/Mtok input, $${out.outputUsdPerMtok}/Mtok output`, json: out };
    }
    case 'reconcile': {
      const slug = typeof flags.workspace === 'string' ? flags.workspace : null;
      const workspaceId = slug ? (await wsCtx(d, slug)).workspaceId : undefined;
      const r = await reconcile({ workspaceId, dryRun: !!flags['dry-run'] });
      const lines = r.details.map((d) => `  ${d.table} ${d.key} ${d.field}: stored ${d.stored}, ledger says ${d.expected}`);
      return { text: `Reconciled ${r.workspaces} workspace(s), ${r.events} ledger events: drift ${r.drift}${r.drift && !flags['dry-run'] ? ' (fixed)' : ''}\n${lines.join('\n')}`.trim(), json: r };
    }
    default:
      throw new CliError(pos.length ? `unknown command "${pos.join(' ')}"` : 'no command');
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const asJson = argv.includes('--json');
  const fail = (msg: string, code: string, usage: boolean) => {
    if (asJson) console.log(JSON.stringify({ error: { message: msg, code } }));
    else console.error(`error: ${msg}${usage ? `\n\n${USAGE}` : ''}`);
  };
  try {
    validateConfig();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    fail(e.message, 'invalid_configuration', false);
    return 78;
  }
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (e) {
    fail((e as Error).message, 'cli_error', true);
    return 2;
  }
  const { pos, flags } = parsed;
  if (flags.help || pos.length === 0) {
    console.log(USAGE);
    return 0;
  }
  try {
    const r = await run(await deps(), pos, flags);
    console.log(asJson ? JSON.stringify(r.json) : r.text);
    return 0;
  } catch (e) {
    const msg = e instanceof CliError ? e.message : isAppError(e) ? `${e.message}${e.param ? ` (field: ${e.param})` : ''}` : String((e as Error)?.stack ?? e);
    fail(msg, isAppError(e) ? e.code : 'cli_error', e instanceof CliError);
    return e instanceof CliError || isAppError(e) ? 2 : 1;
  }
}

main().then((code) => process.exit(code));

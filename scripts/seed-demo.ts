// Demo data: a workspace with an owner, an admin and a member, one ADMIN and one INFERENCE key,
// prices, credit and (when the usage generator is present) 90 days of usage.
//   npx tsx scripts/seed-demo.ts             seed (fails if the demo users exist, or where the demo is not allowed)
//   npx tsx scripts/seed-demo.ts --if-empty  what `npm start` runs: seed only when the database has no users
// Never on PostgreSQL, with NODE_ENV=production or with KEYCAP_DEMO=false (lib/demo/policy.ts): one line
// says why and how to create a workspace with the admin CLI instead. The passwords (random) and API key
// secrets go to <data dir>/demo-credentials.json (0600), never to the log, which shows the sign-in email
// and that file's path.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir } from '../lib/config';
import { DEMO_CREDENTIALS_FILE, demoSeedBlocker, demoSkippedLine, writeDemoCredentials } from '../lib/demo/policy';

const ifEmpty = process.argv.includes('--if-empty');

function shown(file: string) {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function announce(workspaceName: string | null, email: string, file: string) {
  const line = '─'.repeat(64);
  console.log(`\n${line}\n Keycap demo workspace${workspaceName ? ` "${workspaceName}"` : ''}`);
  console.log(`  sign in as ${email}`);
  console.log(`  passwords (owner, admin, member) and API keys: ${shown(file)} (readable only by you)`);
  console.log(`${line}\n`);
}

async function main(): Promise<number> {
  const blocker = demoSeedBlocker(process.env);
  if (blocker) {
    if (ifEmpty) {
      console.log(demoSkippedLine(blocker));
      return 0;
    }
    console.error(`[keycap] refusing to seed the demo workspace: ${blocker}.`);
    return 1;
  }
  // Only now open the database: a refused run touches nothing.
  const { db } = await import('../lib/db');
  const { seedDemo, DEMO_USERS } = await import('../lib/demo/seed');
  const owner = DEMO_USERS[0].email;
  const file = path.join(dataDir, DEMO_CREDENTIALS_FILE);
  if (ifEmpty && (await db.user.count()) > 0) {
    // Already set up: show the way in when this is the demo, nothing otherwise.
    if (existsSync(file) && (await db.user.findUnique({ where: { email: owner }, select: { id: true } }))) {
      let name: string | null = null;
      try {
        name = (JSON.parse(readFileSync(file, 'utf8')) as { workspaceName?: string }).workspaceName ?? null;
      } catch {
        // unreadable: announce without the name
      }
      announce(name, owner, file);
    }
    return 0;
  }
  const creds = await seedDemo({ testPasswords: process.env.KEYCAP_DEMO_TEST_PASSWORDS === 'true' });
  announce(creds.workspaceName, owner, writeDemoCredentials(dataDir, creds));
  return 0;
}

main()
  .then((code) => process.exit(code))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });

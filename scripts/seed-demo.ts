// Demo data: a workspace with an owner, an admin and a member, one ADMIN and one INFERENCE key,
// prices, credit and (when the usage generator is present) 90 days of usage.
//   npx tsx scripts/seed-demo.ts             seed (fails if the demo users exist)
//   npx tsx scripts/seed-demo.ts --if-empty  seed only when the database has no users; always print sign-in
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { db } from '../lib/db';
import { dataDir } from '../lib/config';
import { seedDemo, DEMO_USERS } from '../lib/demo/seed';

const ifEmpty = process.argv.includes('--if-empty');
const file = path.join(dataDir, 'demo-credentials.json');

async function main() {
  const users = await db.user.count();
  if (!(ifEmpty && users > 0)) {
    const out = await seedDemo();
    writeFileSync(file, JSON.stringify(out, null, 2), { mode: 0o600 });
  }
  const demo = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  const line = '─'.repeat(64);
  console.log(`\n${line}\n Keycap demo workspace${demo ? ` "${demo.workspaceName}"` : ''}`);
  for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(6)}  ${u.email.padEnd(28)} password: ${u.password}`);
  if (demo?.keys) for (const k of demo.keys) console.log(`  ${k.type.padEnd(9)} key "${k.name}": ${k.secret}`);
  console.log(`${line}\n`);
}

main()
  .then(() => process.exit(0))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });

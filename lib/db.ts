// The one Prisma client. SQLite (better-sqlite3) by default, PostgreSQL (pg) with DB_PROVIDER=postgresql.
import { PrismaClient } from './generated/prisma/client';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { databaseUrl, dbPoolSize, provider } from './config';

function create(): PrismaClient {
  const url = databaseUrl();
  const adapter =
    provider === 'postgresql'
      ? new PrismaPg({ connectionString: url, max: dbPoolSize() })
      : new PrismaBetterSqlite3({ url, timeout: 10_000 });
  return new PrismaClient({ adapter });
}

const g = globalThis as unknown as { __keycapDb?: PrismaClient };
export const db: PrismaClient = g.__keycapDb ?? (g.__keycapDb = create());

export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;
export { provider };

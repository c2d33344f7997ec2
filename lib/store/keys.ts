// ApiKey statements of the data plane: the lookup by secret hash, the key's current state inside a
// metering transaction (revocation and limit changes made on ANY instance apply to writes at once), and
// lastUsedAt. Key lifecycle (create, update, revoke) belongs to lib/services/keys.ts (Prisma).
import { all, bigOrNull, date, dateOrNull, numOrNull, one, run, ts, type Q, type Row } from './sql';
import type { AuthedKey, KeyRow } from './rows';

const COLS = `k."id", k."workspaceId", k."name", k."type", k."hash", k."last6", k."createdById", k."createdAt", k."expiresAt", k."lastUsedAt", k."revokedAt", k."spendLimitNano", k."spendLimitPeriod", k."previousHash", k."previousHashExpiresAt", k."rateLimitRpm", k."rateLimitTpm", k."allowedModels"`;

export function toKeyRow(r: Row): KeyRow {
  return {
    id: r.id as string,
    workspaceId: r.workspaceId as string,
    name: r.name as string,
    type: r.type as KeyRow['type'],
    hash: r.hash as string,
    last6: r.last6 as string,
    createdById: (r.createdById as string | null) ?? null,
    createdAt: date(r.createdAt),
    expiresAt: dateOrNull(r.expiresAt),
    lastUsedAt: dateOrNull(r.lastUsedAt),
    revokedAt: dateOrNull(r.revokedAt),
    spendLimitNano: bigOrNull(r.spendLimitNano),
    spendLimitPeriod: (r.spendLimitPeriod as string | null) ?? null,
    previousHash: (r.previousHash as string | null) ?? null,
    previousHashExpiresAt: dateOrNull(r.previousHashExpiresAt),
    rateLimitRpm: numOrNull(r.rateLimitRpm),
    rateLimitTpm: numOrNull(r.rateLimitTpm),
    allowedModels: (r.allowedModels as string | null) ?? null,
  };
}

/** The key whose current secret — or whose previous secret, after a roll — has this hash. */
export function* keyByHash(hash: string): Q<AuthedKey | null> {
  const r = yield* one(
    `SELECT ${COLS}, w."slug" AS "workspaceSlug" FROM "ApiKey" k JOIN "Workspace" w ON w."id" = k."workspaceId" WHERE k."hash" = ? OR k."previousHash" = ?`,
    [hash, hash],
  );
  return r ? { ...toKeyRow(r), workspaceSlug: r.workspaceSlug as string } : null;
}

export function* keyById(workspaceId: string, id: string): Q<KeyRow | null> {
  const r = yield* one(`SELECT ${COLS} FROM "ApiKey" k WHERE k."id" = ? AND k."workspaceId" = ?`, [id, workspaceId]);
  return r ? toKeyRow(r) : null;
}

export function* keysByIds(workspaceId: string, ids: string[]): Q<KeyRow[]> {
  if (!ids.length) return [];
  const rows = yield* all(`SELECT ${COLS} FROM "ApiKey" k WHERE k."workspaceId" = ? AND k."id" IN (${ids.map(() => '?').join(', ')})`, [workspaceId, ...ids]);
  return rows.map(toKeyRow);
}

export function* touchLastUsed(id: string, at: Date): Q<number> {
  return yield* run(`UPDATE "ApiKey" SET "lastUsedAt" = ? WHERE "id" = ?`, [ts(at), id]);
}

// The workspace row (budget, DIEM allocation) as the hot path sees it: cached per process for
// KEY_CACHE_TTL_MS (2 s). Changes made through this process clear it at once (limit hooks); other
// instances see them within the TTL.
import { db } from '../db';
import type { Workspace } from '../generated/prisma/client';
import { registerLimitHook } from '../services/limit-hooks';

const TTL_MS = Number(process.env.KEY_CACHE_TTL_MS ?? 2000);
const cache = new Map<string, { ws: Workspace; at: number }>();
registerLimitHook((id) => void cache.delete(id));

export async function workspaceRow(id: string): Promise<Workspace> {
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.ws;
  const ws = await db.workspace.findUniqueOrThrow({ where: { id } });
  if (TTL_MS > 0) cache.set(id, { ws, at: Date.now() });
  return ws;
}

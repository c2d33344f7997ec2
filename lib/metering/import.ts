// Usage import (POST /api/v1/usage): records what already happened, no admission check, idempotent per requestId.
import { db } from '../db';
import type { Ctx } from '../context';
import { requirePermission } from '../context';
import { badRequest, isAppError } from '../errors';
import { measuredUsdToNano, nanoToUsd } from '../money';
import { parseInput } from '../schemas/parse';
import { importSchema } from '../schemas/gate';
import { hashBody, recordUsage } from './record';

export async function importUsage(ctx: Ctx, raw: unknown) {
  requirePermission(ctx, 'keys.manage');
  const { events } = parseInput(importSchema, raw);
  const keyIds = [...new Set(events.map((e) => e.apiKeyId).filter((x): x is string => !!x))];
  const keys = await db.apiKey.findMany({ where: { id: { in: keyIds }, workspaceId: ctx.workspaceId }, select: { id: true } });
  const known = new Set(keys.map((k) => k.id));
  events.forEach((e, i) => {
    if (e.apiKeyId && !known.has(e.apiKeyId)) throw badRequest(`events.${i}.apiKeyId`, `events.${i}.apiKeyId: no such key in this workspace.`);
    if (new Date(e.timestamp).getTime() > Date.now() + 5 * 60_000) throw badRequest(`events.${i}.timestamp`, `events.${i}.timestamp is in the future.`);
  });
  const results = [];
  for (const e of events) {
    try {
      const { event, replay } = await recordUsage({
        workspaceId: ctx.workspaceId,
        apiKeyId: e.apiKeyId,
        requestId: e.requestId,
        model: e.model,
        promptTokens: e.promptTokens,
        completionTokens: e.completionTokens,
        costNano: measuredUsdToNano(e.costUsd)!, // the schema bounds it: never null here
        at: new Date(e.timestamp),
        notes: 'imported',
        bodyHash: hashBody({ import: e }),
      });
      results.push({ requestId: e.requestId, status: replay ? 'duplicate' : 'recorded', eventId: event.id, costUsd: nanoToUsd(event.amountNano) });
    } catch (err) {
      if (isAppError(err) && err.status === 409) results.push({ requestId: e.requestId, status: 'conflict', error: err.message });
      else throw err;
    }
  }
  return {
    recorded: results.filter((r) => r.status === 'recorded').length,
    duplicates: results.filter((r) => r.status === 'duplicate').length,
    conflicts: results.filter((r) => r.status === 'conflict').length,
    results,
  };
}

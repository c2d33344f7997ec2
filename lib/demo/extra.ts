// Hook for richer demo data (credits, usage history). Filled in as features land.
import type { Ctx } from '../context';
export async function seedDemoExtras(_ctx: Ctx, _opts: { ownerId: string }) {}

// Next.js start-up hook: runs the webhook outbox worker inside the server process (Node runtime only).
// KEYCAP_DISABLE_INPROCESS_WORKER=true turns it off, e.g. when `npm run worker` runs separately;
// several workers may run at once — each delivery attempt is claimed by exactly one.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.KEYCAP_DISABLE_INPROCESS_WORKER === 'true') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const g = globalThis as unknown as { __keycapWebhookWorker?: boolean };
  if (g.__keycapWebhookWorker) return;
  g.__keycapWebhookWorker = true;
  const { startWorker } = await import('./lib/webhooks/worker');
  startWorker({ label: 'web', log: (m) => console.log(`[webhooks] ${m}`) });
}

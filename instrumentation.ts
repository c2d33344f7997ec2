// Next.js start-up hook (Node runtime only): validates the configuration (lib/config.ts) — a bad value stops
// the server with a message naming the variable, also under plain `next start` — and runs the webhook outbox
// worker inside the server process. KEYCAP_DISABLE_INPROCESS_WORKER=true turns the worker off, e.g. when
// `npm run worker` runs separately; several workers may run at once — each delivery attempt is claimed by exactly one.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { validateConfig, inprocessWorkerDisabled } = await import('./lib/config');
  validateConfig();
  if (inprocessWorkerDisabled()) return;
  const g = globalThis as unknown as { __keycapWebhookWorker?: boolean };
  if (g.__keycapWebhookWorker) return;
  g.__keycapWebhookWorker = true;
  const { startWorker } = await import('./lib/webhooks/worker');
  startWorker({ label: 'web' });
}

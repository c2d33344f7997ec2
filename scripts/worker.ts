// `npm run worker`: drains the webhook outbox in its own process (the web server also runs one unless
// KEYCAP_DISABLE_INPROCESS_WORKER=true). Safe to run several: each attempt is claimed by one worker.
// Stops cleanly on SIGINT / SIGTERM after the delivery in flight.
import { db } from '../lib/db';
import { startWorker } from '../lib/webhooks/worker';

const w = startWorker({ label: 'worker' });
console.log(`[webhooks] worker ${w.id} started (poll every ${process.env.WEBHOOK_WORKER_INTERVAL_MS ?? 1000} ms)`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[webhooks] ${signal}: stopping ${w.id}`);
  await w.stop();
  await db.$disconnect();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

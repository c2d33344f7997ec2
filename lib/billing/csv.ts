// The ledger as CSV, streamed: a pull-based ReadableStream that asks the database for the next batch only
// when the client has taken the previous one, so a 100k-row export never sits in memory.
import type { Ctx } from '../context';
import { requirePermission } from '../context';
import { nanoToDecimal } from '../money';
import type { UsageEvent } from '../generated/prisma/client';
import { keyNames, ledgerBatches } from './ledger';
import type { UsageFilter } from './params';

export const CSV_COLUMNS = [
  'timestamp',
  'sku',
  'units',
  'pricePerUnitUsd',
  'amount',
  'currency',
  'notes',
  'apiKeyId',
  'apiKeyName',
  'model',
  'requestId',
  'promptTokens',
  'completionTokens',
  'inferenceExecutionTime',
] as const;

/** RFC 4180 quoting; text that a spreadsheet would run as a formula (=, +, -, @) is prefixed with '. */
export function csvText(v: string | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const num = (v: number | bigint | null | undefined) => (v === null || v === undefined ? '' : String(v));

export function csvLine(e: UsageEvent, names: Map<string, string>): string {
  return [
    e.createdAt.toISOString(),
    csvText(e.sku),
    num(e.units),
    nanoToDecimal(e.unitPriceNano),
    e.amountNano === 0n ? '0' : nanoToDecimal(-e.amountNano),
    e.currency,
    csvText(e.notes),
    e.apiKeyId ?? '',
    e.apiKeyId ? csvText(names.get(e.apiKeyId) ?? '') : 'Console',
    csvText(e.model),
    csvText(e.requestId),
    num(e.promptTokens),
    num(e.completionTokens),
    num(e.executionTimeMs),
  ].join(',');
}

/** Every ledger row matching `filter`, newest first (or oldest first), as a stream of CSV bytes. */
export function usageCsvStream(ctx: Ctx, filter: UsageFilter, sortOrder: 'asc' | 'desc' = 'desc', batch = 1000): ReadableStream<Uint8Array> {
  requirePermission(ctx, 'workspace.view');
  const enc = new TextEncoder();
  const batches = ledgerBatches(ctx, filter, sortOrder, batch);
  let names: Map<string, string> | null = null;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(enc.encode(CSV_COLUMNS.join(',') + '\r\n'));
      },
      async pull(controller) {
        try {
          names ??= await keyNames(ctx);
          const next = await batches.next();
          if (next.done) {
            controller.close();
            return;
          }
          const map = names;
          controller.enqueue(enc.encode(next.value.map((e) => csvLine(e, map)).join('\r\n') + '\r\n'));
        } catch (e) {
          console.error('[billing] CSV export failed', e);
          controller.error(e);
        }
      },
      async cancel() {
        await batches.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

export function csvResponse(stream: ReadableStream<Uint8Array>, filename = 'billing-usage.csv'): Response {
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

// The CSV export streams: 100,000 ledger rows come out in many chunks, the first long before the last,
// with bounded memory, and the row count is exact. (Rows are inserted directly with createMany here —
// the one place a test writes the ledger without recordUsage — because only the export is under test.)
import v8 from 'node:v8';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { GET as usageGET } from '@/app/api/v1/billing/usage/route';
import { Prisma } from '@/lib/generated/prisma/client';
import { makeWorkspace, type TestWorkspace } from './helpers';

const ROWS = 100_000;
// A real GC between samples, so the figure is memory still held, not garbage not yet collected.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
let t: TestWorkspace;

beforeAll(async () => {
  t = await makeWorkspace('CSV stream');
  const start = Date.now() - 30 * 86_400_000;
  const started = performance.now();
  // Multi-row INSERTs (500 rows each): Prisma's createMany sends one statement per row on SQLite.
  for (let off = 0; off < ROWS; off += 500) {
    const rows: Prisma.Sql[] = [];
    for (let i = off; i < Math.min(ROWS, off + 500); i++) {
      rows.push(Prisma.sql`(${`csv-${t.ws.id}-${i}`}, ${t.ws.id}, ${i % 5 === 0 ? null : t.inferenceKey.key.id}, ${`csv-${i}`},
        ${i % 3 === 0 ? 'gpt-4o' : 'gpt-4o-mini'}, ${'gpt-4o-tokens'}, ${'tokens'}, ${BigInt(1000 + (i % 977))}, ${1500n},
        ${BigInt(1_500_000 + i)}, ${1_000_000n}, ${BigInt(500_000 + i)}, ${'USD'}, ${700}, ${300 + (i % 677)}, ${i % 3000}, ${'h'},
        ${new Date(start + Math.floor(i / 4) * 97)})`); // many rows share a millisecond: the keyset cursor must break ties by id
    }
    await db.$executeRaw`INSERT INTO "UsageEvent" ("id", "workspaceId", "apiKeyId", "requestId", "model", "sku", "unitType", "units",
      "unitPriceNano", "amountNano", "inputNano", "outputNano", "currency", "promptTokens", "completionTokens", "executionTimeMs", "bodyHash", "createdAt")
      VALUES ${Prisma.join(rows)}`;
  }
  console.log(`[csv-stream] inserted ${ROWS} rows in ${Math.round(performance.now() - started)} ms`);
}, 300_000);

describe('CSV export of 100k rows', () => {
  it('streams in chunks with bounded memory and an exact row count', async () => {
    const req = new Request('http://test/api/v1/billing/usage', { headers: { authorization: `Bearer ${t.adminKey.secret}`, accept: 'text/csv' } });
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const res = await usageGET(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="billing-usage.csv"');
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let chunks = 0;
    let bytes = 0;
    let lines = 0;
    let firstDataAt = 0;
    let peak = 0;
    let tail = '';
    let prevTs = '9999';
    let ordered = true;
    const seen = new Uint8Array(ROWS); // which csv-<i> request ids came out (a bitmap: no memory of its own to speak of)
    let unique = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      bytes += value.byteLength;
      const text = tail + dec.decode(value, { stream: true });
      const parts = text.split('\r\n');
      tail = parts.pop()!;
      for (const p of parts) {
        lines++;
        if (lines === 1) continue;
        const cols = p.split(',');
        const i = Number(cols[10].slice(4));
        if (cols[0] > prevTs) ordered = false; // newest first
        prevTs = cols[0];
        if (!seen[i]) {
          seen[i] = 1;
          unique++;
        }
      }
      if (!firstDataAt && lines > 1) firstDataAt = performance.now() - t0;
      if (chunks % 10 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - heap0);
      }
    }
    const total = performance.now() - t0;
    expect(tail).toBe('');
    expect(lines).toBe(ROWS + 1); // header + every row, exactly once
    expect(unique).toBe(ROWS);
    expect(ordered).toBe(true);
    expect(chunks).toBeGreaterThanOrEqual(ROWS / 1000); // one chunk per keyset page, not one blob
    expect(firstDataAt).toBeLessThan(total / 10); // the first rows arrive long before the end
    // The whole CSV is ~`bytes` long; a buffered export would hold it all (plus 100k row objects).
    expect(peak).toBeLessThan(bytes / 4);
    console.log(
      `[csv-stream] ${ROWS} rows, ${(bytes / 1e6).toFixed(1)} MB in ${chunks} chunks, first rows after ${Math.round(firstDataAt)} ms, ` +
        `total ${Math.round(total)} ms, peak retained heap growth ${(peak / 1e6).toFixed(1)} MB`,
    );
  }, 300_000);

  it('a client that stops reading stops the export (no more pages are fetched)', async () => {
    const req = new Request('http://test/api/v1/billing/usage', { headers: { authorization: `Bearer ${t.adminKey.secret}`, accept: 'text/csv' } });
    const res = await usageGET(req, { params: Promise.resolve({}) });
    const reader = res.body!.getReader();
    await reader.read(); // header
    const { value } = await reader.read(); // first page
    expect(new TextDecoder().decode(value).split('\r\n').length).toBeGreaterThan(100);
    await reader.cancel();
    const after = await reader.read();
    expect(after.done).toBe(true);
  });
});

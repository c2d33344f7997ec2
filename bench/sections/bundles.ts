// Section 5: first-load JS (gzip) of the console's Overview, Keys and Usage pages, from the build's
// <distDir>/diagnostics/route-bundle-stats.json (Next 16 no longer prints First Load JS).
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import type { Row } from '../lib/stats';
import type { BenchEnv } from '../run';
import { root } from '../lib/servers.mjs';

const ROUTES: { route: string; label: string; targetKb?: number }[] = [
  { route: '/w/[slug]', label: 'overview /w/[slug]', targetKb: 150 },
  { route: '/w/[slug]/keys', label: 'keys /w/[slug]/keys' },
  { route: '/w/[slug]/usage', label: 'usage /w/[slug]/usage' },
];

export async function bundles(env: BenchEnv): Promise<Row[]> {
  const S = 'first-load JS';
  const file = path.join(root, env.distDir, 'diagnostics', 'route-bundle-stats.json');
  if (!existsSync(file)) return [{ section: S, metric: 'route-bundle-stats.json', measured: `missing (${path.relative(root, file)}): build first, or run without BENCH_SKIP_HTTP` }];
  const stats = JSON.parse(readFileSync(file, 'utf8')) as { route: string; firstLoadUncompressedJsBytes: number; firstLoadChunkPaths: string[] }[];
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  const out: Row[] = [];
  const figures: Record<string, { raw: number; gzip: number }> = {};
  for (const r of ROUTES) {
    const s = stats.find((x) => x.route === r.route);
    if (!s) {
      out.push({ section: S, metric: r.label, measured: 'route not in this build' });
      continue;
    }
    const gz = s.firstLoadChunkPaths.reduce((sum, p) => sum + gzipSync(readFileSync(path.resolve(root, p))).length, 0);
    figures[r.route] = { raw: s.firstLoadUncompressedJsBytes, gzip: gz };
    out.push({
      section: S,
      metric: r.label,
      measured: `${kb(gz)} gzip (${kb(s.firstLoadUncompressedJsBytes)} raw, ${s.firstLoadChunkPaths.length} chunks)`,
      ...(r.targetKb ? { target: `≤ ${r.targetKb} kB gzip`, pass: gz <= r.targetKb * 1024 } : {}),
    });
  }
  env.figures.bundles = figures;
  return out;
}

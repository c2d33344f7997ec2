'use client';
// Charts are loaded on demand (recharts is ~100 kB gzip): pages stay light and show a skeleton meanwhile.
import dynamic from 'next/dynamic';
import { ChartSkeleton } from './chart-states';

export const LazyStackedBarChart = dynamic(() => import('./stacked-bar-chart'), {
  ssr: false,
  loading: () => <ChartSkeleton />,
});

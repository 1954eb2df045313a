import type { echarts as Echarts } from './echarts.ts';

let pending: Promise<typeof Echarts> | null = null;

/**
 * ECharts, loaded on first use as its own chunk: pages draw their skeletons and tables while the
 * chart library arrives, and pages without charts never download it.
 */
export function loadEcharts(): Promise<typeof Echarts> {
  pending ??= import('./echarts.ts').then((m) => m.echarts);
  return pending;
}

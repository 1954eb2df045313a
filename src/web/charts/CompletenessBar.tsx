import { useMemo } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { html } from '../lib/escape-html.ts';
import { EChart } from './EChart.tsx';
import { SERIES_COLORS } from './colors.ts';
import type { ChartOption } from './echarts.ts';
import type { UnitCompleteness } from './types.ts';

/** Reports expected of each unit, split into on time, late and missing (worst units on top). */
export function CompletenessBar({ rows, testId }: { rows: UnitCompleteness[]; testId?: string }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(() => {
    // Best first in the data means best at the bottom of a category axis; the worst reads first.
    const sorted = [...rows].sort((a, b) => b.onTime / (b.expected || 1) - a.onTime / (a.expected || 1) || a.unitName.localeCompare(b.unitName));
    const rate = (r: UnitCompleteness) => (r.expected ? Math.round((r.onTime / r.expected) * 100) : 0);
    const bar = (name: string, color: string, pick: (r: UnitCompleteness) => number) => ({
      name,
      type: 'bar' as const,
      stack: 'reports',
      itemStyle: { color },
      barMaxWidth: 18,
      data: sorted.map(pick),
    });
    return {
      animation: false,
      grid: { left: 8, right: 56, top: 32, bottom: 24, containLabel: true },
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (ps: unknown) => {
          const list = ps as { dataIndex: number }[];
          const r = sorted[list[0]?.dataIndex ?? 0];
          if (!r) return '';
          return html`${r.unitName}<br/>${t('dash.compl.tooltip', { expected: r.expected, onTime: r.onTime, late: r.late, missing: r.missing, rate: rate(r) })}`.value;
        },
      },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: sorted.map((r) => r.unitName), axisLabel: { width: 140, overflow: 'truncate' } },
      series: [
        bar(t('dash.compl.onTime'), SERIES_COLORS.onTime, (r) => r.onTime),
        bar(t('dash.compl.late'), SERIES_COLORS.late, (r) => r.late),
        { ...bar(t('dash.compl.missing'), SERIES_COLORS.missing, (r) => r.missing), label: { show: true, position: 'right', formatter: (p: { dataIndex: number }) => `${rate(sorted[p.dataIndex])}%` } },
      ],
    };
  }, [rows, t]);
  return <EChart option={option} height={Math.max(160, 48 + rows.length * 28)} label={t('dash.completeness')} testId={testId} />;
}

import { useMemo } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { EChart } from './EChart.tsx';
import { STATUS_COLORS } from './colors.ts';
import type { ChartOption } from './echarts.ts';
import type { AreaValue } from './types.ts';

/** Child divisions ranked on one indicator (best on top); a click on a bar drills into that child. */
export function RankingBar({ rows, unit, onDrill, testId }: { rows: AreaValue[]; unit: string; onDrill?: (code: string, name: string) => void; testId?: string }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const ranked = rows.filter((r) => r.value !== null).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || (b.value ?? 0) - (a.value ?? 0));
    const bottomUp = [...ranked].reverse();
    return {
      animation: false,
      grid: { left: 8, right: 56, top: 8, bottom: 24, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const r = bottomUp[(p as { dataIndex: number }).dataIndex];
          return r ? `${r.rank ? `#${r.rank} ` : ''}${r.name}: ${r.value} ${unit}${r.status ? ` · ${t(`dash.status.${r.status}`)}` : ''}` : '';
        },
      },
      xAxis: { type: 'value', name: unit, scale: true },
      yAxis: { type: 'category', data: bottomUp.map((r) => r.name), axisLabel: { width: 120, overflow: 'truncate' } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          cursor: onDrill ? 'pointer' : 'default',
          label: { show: true, position: 'right', formatter: (p: { value: unknown }) => String(p.value) },
          data: bottomUp.map((r) => ({ value: r.value, code: r.code, itemStyle: { color: r.status ? STATUS_COLORS[r.status] : '#b22222' } })),
        },
      ],
    };
  }, [rows, unit, t, onDrill]);
  return (
    <EChart
      option={option}
      height={Math.max(160, 40 + rows.length * 26)}
      label={t('dash.ranking')}
      testId={testId}
      onClick={(e) => {
        const code = (e.data as { code?: string } | null)?.code;
        if (code) onDrill?.(code, e.name);
      }}
    />
  );
}

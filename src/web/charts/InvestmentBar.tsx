import { useMemo } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { html } from '../lib/escape-html.ts';
import { EChart } from './EChart.tsx';
import { SERIES_COLORS } from './colors.ts';
import type { ChartOption } from './echarts.ts';
import type { UnitInvestment } from './types.ts';

/** Planned against completed investment by unit, largest plan first. */
export function InvestmentBar({ rows, testId }: { rows: UnitInvestment[]; testId?: string }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const sorted = [...rows].sort((a, b) => a.planned - b.planned);
    const currency = rows[0]?.currency ?? '';
    return {
      animation: false,
      grid: { left: 8, right: 48, top: 32, bottom: 24, containLabel: true },
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (ps: unknown) => {
          const r = sorted[(ps as { dataIndex: number }[])[0]?.dataIndex ?? 0];
          if (!r) return '';
          const pct = r.planned ? Math.round((r.done / r.planned) * 100) : 0;
          return html`${r.unitName}<br/>${t('dash.inv.tooltip', { planned: r.planned, done: r.done, currency: r.currency, pct })}`.value;
        },
      },
      xAxis: { type: 'value', name: currency },
      yAxis: { type: 'category', data: sorted.map((r) => r.unitName), axisLabel: { width: 140, overflow: 'truncate' } },
      series: [
        { name: t('dash.inv.planned'), type: 'bar', barGap: '10%', barMaxWidth: 14, itemStyle: { color: SERIES_COLORS.planned }, data: sorted.map((r) => r.planned) },
        { name: t('dash.inv.done'), type: 'bar', barMaxWidth: 14, itemStyle: { color: SERIES_COLORS.done }, data: sorted.map((r) => r.done) },
      ],
    };
  }, [rows, t]);
  return <EChart option={option} height={Math.max(160, 48 + rows.length * 36)} label={t('dash.investment')} testId={testId} />;
}

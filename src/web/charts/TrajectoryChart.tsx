import { useMemo } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { EChart } from './EChart.tsx';
import { SERIES_COLORS } from './colors.ts';
import type { ChartOption } from './echarts.ts';
import type { Trajectory } from './types.ts';
import { fmtNumber } from './format.ts';

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
const fmt = fmtNumber;

/**
 * One target's trajectory: the baseline, the straight path from it to the target at the deadline
 * (what "on schedule" means), the actual values, the projection of their trend to the deadline,
 * and the target as a horizontal line.
 */
export function TrajectoryChart({ data, title, height = 260, testId }: { data: Trajectory; title: string; height?: number; testId?: string }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const { baseline, target, series, projection, unit } = data;
    const actual: [number, number][] = [...(baseline ? [[day(baseline.date), baseline.value] as [number, number]] : []), ...series.map((p) => [day(p.date), p.value] as [number, number])];
    const path: [number, number][] = baseline ? [[day(baseline.date), baseline.value], [day(target.date), target.value]] : [];
    const last = actual.at(-1);
    const proj: [number, number][] = projection && last ? [last, [day(target.date), projection.value]] : [];
    const names = { path: t('dash.traj.path'), actual: t('dash.traj.actual'), projection: t('dash.traj.projection'), target: t('dash.traj.target') };
    return {
      animation: false,
      grid: { left: 48, right: 24, top: 36, bottom: 28 },
      legend: { top: 0, data: [names.actual, names.path, names.projection] },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v) => (typeof v === 'number' ? `${fmt(v)} ${unit}` : String(v ?? '')),
      },
      xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', scale: true, name: unit, nameGap: 8, axisLabel: { formatter: (v: number) => fmt(v) } },
      series: [
        { name: names.path, type: 'line', data: path, symbol: 'none', lineStyle: { type: 'dashed', color: SERIES_COLORS.path }, itemStyle: { color: SERIES_COLORS.path } },
        {
          name: names.actual,
          type: 'line',
          data: actual,
          symbolSize: 7,
          lineStyle: { width: 3, color: SERIES_COLORS.actual },
          itemStyle: { color: SERIES_COLORS.actual },
          markLine: {
            symbol: 'none',
            silent: true,
            label: { formatter: `${names.target} ${fmt(target.value)}`, position: 'insideEndTop' },
            lineStyle: { color: SERIES_COLORS.target, type: 'solid' },
            data: [{ yAxis: target.value }],
          },
        },
        { name: names.projection, type: 'line', data: proj, symbol: 'emptyCircle', lineStyle: { type: 'dotted', width: 2, color: SERIES_COLORS.projection }, itemStyle: { color: SERIES_COLORS.projection } },
      ],
    };
  }, [data, t]);
  return <EChart option={option} height={height} label={`${title}: ${t('dash.traj.aria')}`} testId={testId} />;
}

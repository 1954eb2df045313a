import { useMemo } from 'react';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { EChart } from './EChart.tsx';
import { LIGHT_COLORS, STATUS_COLORS } from './colors.ts';
import type { ChartOption } from './echarts.ts';
import { LIGHTS, TARGET_STATUSES, type Light, type TargetStatus } from './types.ts';

/** Targets by trajectory status, as a donut; a click reports the status clicked. */
export function StatusDonut({ counts, onSelect, height = 260, testId }: { counts: Partial<Record<TargetStatus, number>>; onSelect?: (s: TargetStatus) => void; height?: number; testId?: string }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const data = TARGET_STATUSES.filter((s) => (counts[s] ?? 0) > 0).map((s) => ({ name: t(`dash.status.${s}` as MessageKey), value: counts[s] ?? 0, status: s, itemStyle: { color: STATUS_COLORS[s] } }));
    return {
      animation: false,
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          center: ['50%', '45%'],
          label: { formatter: '{b}\n{c}' },
          data,
        },
      ],
    };
  }, [counts, t]);
  return (
    <EChart
      option={option}
      height={height}
      label={t('dash.targetsByStatus')}
      testId={testId}
      onClick={(e) => onSelect?.((e.data as { status: TargetStatus }).status)}
    />
  );
}

export interface LightRow {
  label: string;
  counts: Partial<Record<Light, number>>;
}

/** Tasks and milestones by deadline light: one stacked bar per row (e.g. 任务, 节点). */
export function StatusBar({ rows, height = 180, testId }: { rows: LightRow[]; height?: number; testId?: string }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      grid: { left: 64, right: 24, top: 32, bottom: 24 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((r) => r.label) },
      series: LIGHTS.map((l) => ({
        name: t(`dash.light.${l}` as MessageKey),
        type: 'bar' as const,
        stack: 'lights',
        itemStyle: { color: LIGHT_COLORS[l] },
        label: { show: true, formatter: (p: { value: unknown }) => (Number(p.value) > 0 ? String(p.value) : '') },
        data: rows.map((r) => r.counts[l] ?? 0),
      })),
    }),
    [rows, t],
  );
  return <EChart option={option} height={height} label={t('dash.lights')} testId={testId} />;
}

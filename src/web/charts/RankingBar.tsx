import { useCallback, useMemo, useState } from 'react';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { escapeHtml } from '../lib/escape-html.ts';
import { EChart } from './EChart.tsx';
import { STATUS_COLORS } from './colors.ts';
import type { ChartOption } from './echarts.ts';
import type { AreaValue } from './types.ts';
import { visuallyHidden } from './visually-hidden.ts';
import { fmtNumber } from './format.ts';

type Chart = { convertToPixel: (finder: { xAxisIndex?: number; yAxisIndex?: number }, value: number | string) => number };

/**
 * Child divisions ranked on one indicator (best on top); a click on a bar drills into that child.
 * A visually hidden ordered list repeats the ranking for screen readers (each entry drills down
 * from the keyboard) and carries where each bar is drawn.
 */
export function RankingBar({ rows, unit, onDrill, testId = 'ranking-bar' }: { rows: AreaValue[]; unit: string; onDrill?: (code: string, name: string) => void; testId?: string }) {
  const { t } = useI18n();
  const ranked = useMemo(() => rows.filter((r) => r.value !== null).sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || (b.value ?? 0) - (a.value ?? 0)), [rows]);
  const [points, setPoints] = useState<Record<string, [number, number]>>({});
  const option = useMemo<ChartOption>(() => {
    const bottomUp = [...ranked].reverse();
    return {
      animation: false,
      grid: { left: 8, right: 56, top: 8, bottom: 24, containLabel: true },
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const r = bottomUp[(p as { dataIndex: number }).dataIndex];
          // The tooltip is HTML: the whole line is text, escaped as one.
          return r ? escapeHtml(`${r.rank ? `#${r.rank} ` : ''}${r.name}: ${fmtNumber(r.value)} ${unit}${r.status ? ` · ${t(`dash.status.${r.status}` as MessageKey)}` : ''}`) : '';
        },
      },
      xAxis: { type: 'value', name: unit, scale: true },
      yAxis: { type: 'category', data: bottomUp.map((r) => r.name), axisLabel: { width: 120, overflow: 'truncate' } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          cursor: onDrill ? 'pointer' : 'default',
          label: { show: true, position: 'right', formatter: (p: { value: unknown }) => fmtNumber(Number(p.value)) },
          data: bottomUp.map((r) => ({ value: r.value, code: r.code, itemStyle: { color: r.status ? STATUS_COLORS[r.status] : '#b22222' } })),
        },
      ],
    };
  }, [ranked, unit, t, onDrill]);

  const locate = useCallback(
    (chart: Chart) => {
      const out: Record<string, [number, number]> = {};
      try {
        const lo = chart.convertToPixel({ xAxisIndex: 0 }, 0);
        for (const r of ranked) {
          const end = chart.convertToPixel({ xAxisIndex: 0 }, r.value as number);
          const y = chart.convertToPixel({ yAxisIndex: 0 }, r.name);
          const start = Number.isFinite(lo) ? Math.max(lo, 0) : end - 10;
          if (Number.isFinite(end) && Number.isFinite(y)) out[r.code] = [Math.round((Math.min(start, end) + Math.max(start, end)) / 2), Math.round(y)];
        }
      } catch {
        return;
      }
      setPoints((prev) => (JSON.stringify(prev) === JSON.stringify(out) ? prev : out));
    },
    [ranked],
  );

  return (
    <div data-testid={testId} style={{ position: 'relative' }}>
      <EChart
        option={option}
        height={Math.max(160, 40 + ranked.length * 26)}
        label={t('dash.ranking')}
        testId={`${testId}-canvas`}
        onRendered={locate as never}
        onClick={(e) => {
          const code = (e.data as { code?: string } | null)?.code;
          if (code) onDrill?.(code, e.name);
        }}
      />
      <ol style={visuallyHidden} data-testid={`${testId}-list`}>
        {ranked.map((r) => (
          <li key={r.code} data-code={r.code} data-x={points[r.code]?.[0]} data-y={points[r.code]?.[1]}>
            <button type="button" onClick={() => onDrill?.(r.code, r.name)}>
              {r.name}: {fmtNumber(r.value)} {unit}
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}

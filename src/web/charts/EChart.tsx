import { useEffect, useRef, useState, type CSSProperties } from 'react';
import type { ChartOption, echarts } from './echarts.ts';
import { loadEcharts } from './load-echarts.ts';

export interface ChartClick {
  name: string;
  seriesName?: string;
  dataIndex: number;
  data: unknown;
}

interface Props {
  option: ChartOption;
  height?: number;
  /** a text alternative for screen readers (the canvas says nothing) */
  label: string;
  onClick?: (e: ChartClick) => void;
  /** after each completed render (also after a resize), with the instance */
  onRendered?: (chart: ReturnType<typeof echarts.init>) => void;
  testId?: string;
  style?: CSSProperties;
}

function countPoints(option: ChartOption): number {
  const series = Array.isArray(option.series) ? option.series : option.series ? [option.series] : [];
  return series.reduce((n, s) => n + (Array.isArray((s as { data?: unknown[] }).data) ? (s as { data: unknown[] }).data.length : 0), 0);
}

/**
 * One ECharts instance bound to a div: created on mount, given each new option whole (notMerge, so
 * removed series disappear), resized with its box, disposed on unmount. The div carries
 * data-points (data items across series) and data-rendered once drawn, for tests and debugging.
 */
export function EChart({ option, height = 300, label, onClick, onRendered, testId, style }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  const rendered = useRef(onRendered);
  rendered.current = onRendered;

  const [ready, setReady] = useState(false);

  useEffect(() => {
    const div = el.current;
    if (!div) return;
    let disposed = false;
    let cleanup = () => {};
    void loadEcharts().then((lib) => {
      if (disposed) return;
      const c = lib.init(div, undefined, { renderer: 'canvas' });
      chart.current = c;
      c.on('click', (p) => click.current?.({ name: p.name, seriesName: p.seriesName, dataIndex: p.dataIndex, data: p.data }));
      c.on('finished', () => {
        div.setAttribute('data-rendered', 'true');
        rendered.current?.(c);
      });
      const ro = new ResizeObserver(() => c.resize());
      ro.observe(div);
      cleanup = () => {
        ro.disconnect();
        c.dispose();
      };
      setReady(true);
    });
    return () => {
      disposed = true;
      cleanup();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!ready || !c || !el.current) return;
    el.current.removeAttribute('data-rendered');
    c.setOption(option, { notMerge: true });
    el.current.setAttribute('data-points', String(countPoints(option)));
  }, [option, ready]);

  return <div ref={el} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height, ...style }} />;
}

/**
 * A time-series chart drawn by uPlot: the last `windowSeconds` up to the newest sample, one
 * line per series in a design-token colour (re-read at every draw, so a theme change applies
 * on the next sample), axes and grid in the theme's muted colours. As a sparkline it has no
 * axes, no grid and no cursor. The chart is an image for assistive technology: its label says
 * what it shows, and the figures are written beside it.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import type uPlot from 'uplot';
import { canDrawCharts, loadUPlot } from './load-uplot';
import { whenSettled } from './settled-work';
import './charts.css';

export interface ChartSeries {
  label: string;
  values: readonly (number | null)[];
  /** A design token, e.g. `--color-chart-cpu`. */
  token: string;
  /** Shade the area under the line. */
  fill?: boolean;
}

export interface TimeChartProps {
  label: string;
  /** Seconds since the epoch, ascending. */
  times: readonly number[];
  series: readonly ChartSeries[];
  windowSeconds: number;
  /** The top of the value axis; above it the axis grows with the data. */
  yMax: number;
  /** How the value axis labels read; short (the axis is narrow): "50%", "2G", "375K/s". */
  formatValue: (value: number) => string;
  height: number;
  sparkline?: boolean;
  /** A list row's chart: drawn once the list stops scrolling (see settled-work). */
  deferred?: boolean;
}

function tokenColor(el: Element, token: string, alpha = 1): string {
  const value = getComputedStyle(el).getPropertyValue(token).trim() || '#888888';
  if (alpha === 1 || !/^#[0-9a-f]{6}$/i.test(value)) return value;
  const n = Number.parseInt(value.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** "14:05": the axis spans ten minutes, so the date would only take room. */
function clockTime(seconds: number): string {
  return new Date(seconds * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function chartData(times: readonly number[], series: readonly ChartSeries[]): uPlot.AlignedData {
  return [times as number[], ...series.map((s) => s.values as (number | null)[])];
}

function options(el: HTMLElement, props: TimeChartProps, width: number): uPlot.Options {
  const { series, windowSeconds, yMax, formatValue, height, sparkline = false } = props;
  const muted = () => tokenColor(el, '--color-text-muted');
  const grid = { stroke: () => tokenColor(el, '--color-border'), width: 1 };
  return {
    width,
    height,
    legend: { show: false },
    cursor: { show: !sparkline, x: false, y: false, points: { show: false } },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    padding: sparkline ? [2, 1, 2, 1] : [8, 8, 0, 0],
    scales: {
      x: { time: true, range: (u) => { const end = (u.data[0].at(-1) as number | undefined) ?? Date.now() / 1000; return [end - windowSeconds, end]; } },
      y: { range: (_u, _min, max) => [0, Math.max(yMax, max ?? 0)] },
    },
    axes: sparkline
      ? [{ show: false }, { show: false }]
      : [
          { stroke: muted, grid, ticks: grid, font: '11px system-ui, sans-serif', space: 70, values: (_u, splits) => splits.map(clockTime) },
          {
            stroke: muted,
            grid,
            ticks: grid,
            font: '11px system-ui, sans-serif',
            // As wide as its longest label, so "977K/s" is not cut.
            size: (_u, values) => Math.max(32, Math.max(0, ...(values ?? []).map((v) => String(v).length)) * 6.5 + 14),
            values: (_u, splits) => splits.map((v) => formatValue(v)),
          },
        ],
    series: [
      {},
      ...series.map((s) => ({
        label: s.label,
        stroke: () => tokenColor(el, s.token),
        width: sparkline ? 1.25 : 1.5,
        points: { show: false },
        ...(s.fill ? { fill: () => tokenColor(el, s.token, 0.14) } : {}),
      })),
    ],
  };
}

export function TimeChart(props: TimeChartProps) {
  const { label, times, series, height, sparkline = false, deferred = false } = props;
  const boxRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  const propsRef = useRef(props);
  useLayoutEffect(() => {
    propsRef.current = props;
  });

  // Made once per element (the series keep their number), fed new data as samples arrive.
  useEffect(() => {
    const box = boxRef.current;
    if (!box || !canDrawCharts()) return;
    let cancelled = false;
    let observer: ResizeObserver | undefined;
    let cancelWait = () => {};
    const create = (UPlot: Awaited<ReturnType<typeof loadUPlot>>) => {
      if (cancelled) return;
      const current = propsRef.current;
      const width = Math.max(40, Math.floor(box.clientWidth));
      const chart = new UPlot(options(box, current, width), chartData(current.times, current.series), box);
      chartRef.current = chart;
      observer = new ResizeObserver(([entry]) => {
        const w = Math.floor(entry?.contentRect.width ?? 0);
        if (w > 0 && w !== chart.width) chart.setSize({ width: w, height: propsRef.current.height });
      });
      observer.observe(box);
    };
    // A deferred chart loads uPlot only when its turn comes too: evaluating the module is work
    // the first paint of the rows need not wait for.
    const load = () => void loadUPlot().then(create);
    if (deferred) cancelWait = whenSettled(load);
    else load();
    return () => {
      cancelled = true;
      cancelWait();
      observer?.disconnect();
      chartRef.current?.destroy();
      chartRef.current = null;
    };
  }, [series.length, sparkline, deferred]);

  useEffect(() => {
    chartRef.current?.setData(chartData(times, series));
  }, [times, series]);

  const drawn = series[0]?.values.filter((v) => v !== null).length ?? 0;
  return <div ref={boxRef} className={sparkline ? 'time-chart is-sparkline' : 'time-chart'} style={{ height }} role="img" aria-label={label} data-points={times.length} data-drawn={drawn} />;
}

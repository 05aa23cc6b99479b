/**
 * A running row's CPU and memory over the last five minutes, each a uPlot sparkline with its
 * latest figure. Subscribed to its own instance's samples only, so a new sample redraws this
 * row's lines and nothing else in the list.
 */
import { useEffect, useMemo } from 'react';
import type { InstanceSummary } from '../../src-main/common/api';
import { useAppStoreApi, useUsageHistory } from '../store/hooks';
import { TimeChart } from './TimeChart';
import type { ChartSeries } from './TimeChart';
import { whenSettled } from './settled-work';
import { usageSeries, usageText } from './usage-series';

const WINDOW_S = 5 * 60;
const percent = (v: number) => `${Math.round(v)}%`;

export function Sparklines({ instance }: { instance: InstanceSummary }) {
  const history = useUsageHistory(instance.name);
  const store = useAppStoreApi();
  // What was sampled before this window looked, for a row that stays in view: the lines start full.
  useEffect(() => whenSettled(() => store.getState().ensureUsageHistory(instance.name)), [store, instance.name]);
  const latest = history.at(-1);
  const data = useMemo(() => usageSeries(history, (latest?.time ?? 0) - WINDOW_S * 1000), [history, latest]);
  const cpu = useMemo<ChartSeries[]>(() => [{ label: 'CPU', values: data.cpu, token: '--color-chart-cpu', fill: true }], [data]);
  const memory = useMemo<ChartSeries[]>(() => [{ label: 'Memory', values: data.memoryPercent, token: '--color-chart-memory', fill: true }], [data]);
  if (!latest) return null;
  const text = usageText(latest);
  const why = latest.notes?.length ? `\n${latest.notes.join('\n')}` : '';
  return (
    <span className="row-usage" data-usage={instance.name}>
      <span className="spark" title={`CPU ${text.cpu} ${text.cpuDetail}${why}`}>
        <span className="spark-label">CPU</span>
        <TimeChart label={`CPU of ${instance.name}, last 5 minutes`} times={data.times} series={cpu} windowSeconds={WINDOW_S} yMax={100} formatValue={percent} height={18} sparkline deferred />
        <span className="spark-value">{text.cpu}</span>
      </span>
      <span className="spark" title={`Memory ${text.memory} (${text.memoryPercent}) ${text.memoryDetail}${why}`}>
        <span className="spark-label">MEM</span>
        <TimeChart label={`Memory of ${instance.name}, last 5 minutes`} times={data.times} series={memory} windowSeconds={WINDOW_S} yMax={100} formatValue={percent} height={18} sparkline deferred />
        <span className="spark-value">{text.memoryPercent}</span>
      </span>
    </span>
  );
}

/**
 * The Overview's usage: CPU, memory, disk and network of the last ten minutes as uPlot charts,
 * the latest figures written beside each, and why a figure is missing (the sample's notes).
 * Sampling runs while this is on screen; opening it fills the charts with what the main side
 * sampled before (getUsage with history).
 */
import { useEffect, useMemo } from 'react';
import type { ReactNode } from 'react';
import type { InstanceSummary } from '../../src-main/common/api';
import { useAppStore, useUsageHistory } from '../store/hooks';
import { USAGE_WINDOW_MS } from '../store/usage-slice';
import { TimeChart } from './TimeChart';
import type { ChartSeries } from './TimeChart';
import { memoryUse, usageSeries, usageText } from './usage-series';
import { useUsageWatch } from './useUsageWatch';

const WINDOW_S = USAGE_WINDOW_MS / 1000;
const percent = (v: number) => `${Math.round(v)}%`;
/** Axis labels: "2.5G", "375K", "0". */
function shortBytes(v: number): string {
  if (v === 0) return '0';
  const units = ['', 'K', 'M', 'G', 'T'];
  let n = v;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n >= 10 || Number.isInteger(n) ? Math.round(n) : n.toFixed(1)}${units[i]}`;
}
const perSecond = (v: number) => (v === 0 ? '0' : `${shortBytes(v)}/s`);

/** One of a two-line chart's figures, with the colour of its line. */
function Pair({ token, label, value }: { token: string; label: string; value: string }) {
  return (
    <span className="usage-pair">
      <span className="usage-swatch" style={{ background: `var(${token})` }} aria-hidden="true" />
      <span className="usage-pair-value">{value}</span> <span className="usage-pair-label">{label}</span>
    </span>
  );
}

function UsageFigure({ title, now, detail, children }: { title: string; now: ReactNode; detail: ReactNode; children: ReactNode }) {
  return (
    <figure className="usage-figure">
      <figcaption className="usage-caption">
        <span className="usage-title">{title}</span>
        <span className="usage-now">{now}</span>
        <span className="usage-detail">{detail}</span>
      </figcaption>
      <div className="usage-chart">{children}</div>
    </figure>
  );
}

export function UsagePanel({ instance }: { instance: InstanceSummary }) {
  const { name } = instance;
  const running = instance.status === 'Running';
  useUsageWatch(running);
  const loadHistory = useAppStore((s) => s.loadUsageHistory);
  const watchError = useAppStore((s) => s.usageWatch.error);
  useEffect(() => {
    if (running) void loadHistory(name);
  }, [running, loadHistory, name]);
  const history = useUsageHistory(name);
  const latest = history.at(-1);
  const data = useMemo(() => usageSeries(history), [history]);
  const series = useMemo(
    () => ({
      cpu: [{ label: 'CPU', values: data.cpu, token: '--color-chart-cpu', fill: true }] as ChartSeries[],
      memory: [{ label: 'Memory', values: data.memory, token: '--color-chart-memory', fill: true }] as ChartSeries[],
      disk: [
        { label: 'Read', values: data.diskRead, token: '--color-chart-read' },
        { label: 'Write', values: data.diskWrite, token: '--color-chart-write' },
      ] as ChartSeries[],
      network: [
        { label: 'In', values: data.netRx, token: '--color-chart-rx' },
        { label: 'Out', values: data.netTx, token: '--color-chart-tx' },
      ] as ChartSeries[],
    }),
    [data],
  );

  let body: ReactNode;
  if (!running) {
    body = <p className="hint">Usage is sampled while {name} runs.</p>;
  } else if (!latest) {
    body = watchError ? (
      <p role="alert">Usage cannot be sampled: {watchError}</p>
    ) : (
      <p className="hint" aria-busy="true">
        Waiting for the first sample…
      </p>
    );
  } else {
    const text = usageText(latest);
    // A first sample has no rates by design; say so rather than leave dashes unexplained.
    const notes = [...(latest.intervalMs === 0 ? ['The first sample has no rates yet: CPU, disk and network rates come with the next one.'] : []), ...(latest.notes ?? [])];
    const memTotal = memoryUse(latest)?.total ?? latest.memory.configuredBytes;
    body = (
      <>
        <div className="usage-grid">
          <UsageFigure title="CPU" now={text.cpu} detail={text.cpuDetail}>
            <TimeChart label={`CPU of ${name}, percent of its vCPUs, last 10 minutes`} times={data.times} series={series.cpu} windowSeconds={WINDOW_S} yMax={100} formatValue={percent} height={110} />
          </UsageFigure>
          <UsageFigure title="Memory" now={text.memory} detail={text.memoryDetail}>
            <TimeChart label={`Memory in use in ${name}, last 10 minutes`} times={data.times} series={series.memory} windowSeconds={WINDOW_S} yMax={memTotal} formatValue={shortBytes} height={110} />
          </UsageFigure>
          <UsageFigure
            title="Disk"
            now={
              <>
                <Pair token="--color-chart-read" label="read" value={text.diskRead} />
                <Pair token="--color-chart-write" label="written" value={text.diskWrite} />
              </>
            }
            detail={text.diskDetail}
          >
            <TimeChart label={`Disk reads and writes of ${name}, last 10 minutes`} times={data.times} series={series.disk} windowSeconds={WINDOW_S} yMax={1024 * 1024} formatValue={perSecond} height={110} />
          </UsageFigure>
          <UsageFigure
            title="Network"
            now={
              <>
                <Pair token="--color-chart-rx" label="in" value={text.netRx} />
                <Pair token="--color-chart-tx" label="out" value={text.netTx} />
              </>
            }
            detail="the guest's interfaces, loopback left out"
          >
            <TimeChart label={`Network traffic of ${name}, last 10 minutes`} times={data.times} series={series.network} windowSeconds={WINDOW_S} yMax={64 * 1024} formatValue={perSecond} height={110} />
          </UsageFigure>
        </div>
        {notes.length > 0 && (
          <ul className="usage-notes" aria-label="Why some figures are missing">
            {notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        )}
      </>
    );
  }
  return (
    <section className="usage-panel" aria-labelledby={`usage-${name}`}>
      <h3 id={`usage-${name}`}>Usage</h3>
      {body}
    </section>
  );
}

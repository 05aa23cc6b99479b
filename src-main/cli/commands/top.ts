import type { InstanceUsage } from '../../common/api';
import { CliError, type CliCommand, type CliContext } from '../../common/command';
import { formatBytes, limaHome } from '../../core/api/local-host';
import { InstanceCatalog, type Instance } from '../../core/api/local-instances';
import { UsageSampler } from '../../core/api/local-verbs';
import { parseDurationOption } from './duration-option';
import { parseFlags } from './flags';
import { COMMAND_INFO } from './command-info';

const pct = (n: number | undefined): string => (n === undefined ? '-' : `${n.toFixed(1)}%`);
const rate = (n: number | undefined): string => (n === undefined ? '-' : `${formatBytes(n)}/s`);
const pair = (a: string, b: string): string => (a === '-' && b === '-' ? '-' : `${a}, ${b}`);

/** One row per instance: the figures of the API's InstanceUsage, as a terminal table. */
export function formatUsageTable(samples: readonly InstanceUsage[]): string {
  const rows = [['NAME', 'CPU(VCPUS)', 'CPU(HOST)', 'QEMU RSS', 'GUEST MEM USED/TOTAL', 'DISK ON HOST/SIZE', 'DISK R/W', 'NET RX/TX']];
  for (const u of samples) {
    const guest = u.memory.guest;
    rows.push([
      u.name,
      u.cpu ? `${pct(u.cpu.percentOfVcpus)} of ${u.cpu.vcpus}` : '-',
      pct(u.cpu?.percentOfHost),
      u.memory.hostRssBytes === undefined ? '-' : formatBytes(u.memory.hostRssBytes),
      guest ? `${formatBytes(guest.usedBytes)}/${formatBytes(guest.totalBytes)}` : '-',
      `${formatBytes(u.disk.onDiskBytes)}/${formatBytes(u.disk.virtualBytes)}`,
      pair(rate(u.disk.readBytesPerSec), rate(u.disk.writeBytesPerSec)),
      u.network ? pair(rate(u.network.rxBytesPerSec), rate(u.network.txBytesPerSec)) : '-',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 2))).join('').trimEnd()).join('\n') + '\n';
}

async function runningInstances(catalog: InstanceCatalog, name: string | undefined): Promise<Instance[]> {
  if (name) {
    const inst = await catalog.inspect(name).catch(() => undefined);
    if (!inst) throw new CliError(`instance ${JSON.stringify(name)} does not exist`);
    if (inst.status !== 'Running') throw new CliError(`instance ${JSON.stringify(name)} is not running (status ${inst.status}): there is nothing to measure`);
    return [inst];
  }
  return (await catalog.list()).filter((i) => i.status === 'Running');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

export const topCommand: CliCommand = {
  ...COMMAND_INFO.top,
  async run(ctx: CliContext) {
    const { values, positionals } = parseFlags(ctx.argv, { json: { type: 'boolean', default: false }, interval: { type: 'string', default: '2s' }, count: { type: 'string' } });
    if (positionals.length > 1) throw new CliError(`expected at most one instance name\nUsage: ${topCommand.usage}`, 2);
    const intervalMs = parseDurationOption('--interval', values.interval as string) ?? 2000;
    const count = values.count === undefined ? Infinity : Number(values.count);
    if (!(count >= 1) || (count !== Infinity && !Number.isInteger(count))) throw new CliError(`--count must be a whole number above 0, got ${JSON.stringify(values.count)}`, 2);
    const catalog = new InstanceCatalog(limaHome(ctx.env), { logger: ctx.logger });
    const sampler = new UsageSampler(limaHome(ctx.env), { logger: ctx.logger });
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once('SIGINT', onSignal);
    try {
      for (let i = 0; i < count && !stop.signal.aborted; i++) {
        const started = Date.now();
        const samples = await sampler.sample(await runningInstances(catalog, positionals[0]));
        if (values.json) ctx.stdout(`${JSON.stringify(samples)}\n`);
        else {
          // The first sample has sizes but no rates yet; on a terminal the table is redrawn in place.
          if (ctx.isTTY) ctx.stdout('\x1b[H\x1b[2J');
          ctx.stdout(samples.length === 0 ? 'No running instance.\n' : formatUsageTable(samples));
          if (!ctx.isTTY && i + 1 < count) ctx.stdout('\n');
        }
        if (i + 1 < count) await sleep(Math.max(0, intervalMs - (Date.now() - started)), stop.signal);
      }
    } finally {
      process.off('SIGINT', onSignal);
      sampler.close();
    }
    return 0;
  },
};

import { stat } from 'node:fs/promises';
import { cpus } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { InstanceUsage } from '../../../common/api';
import { silentLogger, type Logger } from '../../../common/logger';
import { readImageHeader } from '../../disks/image-header';
import { readBlockStats } from '../../hostagent/block-stats';
import { Disk, HostAgentSock } from '../../store/filenames';
import type { Instance } from '../../store/instance';
import { GuestProbe } from './guest-usage';
import { readProcessUsage, type ProcessUsage } from './process-usage';
import { usageFromSamples, type RawSample } from './rates';

export interface UsageSamplerDeps {
  logger?: Logger;
  /** Ask the guest for its memory and network over SSH (default true). */
  guest?: boolean;
  readProcess?: (pid: number) => Promise<ProcessUsage | undefined>;
  hostCores?: number;
}

interface Tracked {
  previous?: RawSample;
  probe?: GuestProbe;
}

/**
 * Samples what running instances use. Each call reads every instance given once (the QEMU
 * process from /proc or ps, the disk image's sizes, QEMU's disk counters through the host
 * agent, the guest's /proc over SSH) and turns the difference to the previous call into
 * rates. Instances not given any more are forgotten, their SSH connections closed.
 */
export class UsageSampler {
  private readonly tracked = new Map<string, Tracked>();
  private readonly logger: Logger;
  /** Asked once: os.cpus() reads /proc/cpuinfo and /proc/stat, too much for every sample of every VM. */
  private readonly hostCores: number;

  constructor(private readonly limaHome: string, private readonly deps: UsageSamplerDeps = {}) {
    this.logger = deps.logger ?? silentLogger;
    this.hostCores = deps.hostCores ?? cpus().length;
  }

  async sample(instances: readonly Instance[]): Promise<InstanceUsage[]> {
    const running = instances.filter((i) => i.status === 'Running');
    for (const [name, t] of this.tracked) {
      if (!running.some((i) => i.name === name)) {
        t.probe?.close();
        this.tracked.delete(name);
      }
    }
    return Promise.all(
      running.map(async (inst) => {
        const t = this.tracked.get(inst.name) ?? {};
        this.tracked.set(inst.name, t);
        const current = await this.read(inst, t);
        const usage = usageFromSamples(inst.name, t.previous, current);
        t.previous = current;
        return usage;
      }),
    );
  }

  private async read(inst: Instance, t: Tracked): Promise<RawSample> {
    const notes: string[] = [];
    const clock = performance.now();
    const time = Date.now();
    const [processUsage, disk, blocks, guest] = await Promise.all([
      (this.deps.readProcess ?? readProcessUsage)(inst.driverPID).catch(() => undefined),
      diskSizes(inst.dir).catch(() => ({ virtualBytes: 0, onDiskBytes: 0 })),
      readBlockStats(path.join(inst.dir, HostAgentSock)).catch((err: Error) => {
        notes.push(`no disk counters: ${err.message}`);
        return undefined;
      }),
      this.deps.guest === false ? undefined : (t.probe ??= new GuestProbe(this.limaHome, this.logger)).read(inst),
    ]);
    if (blocks === undefined && notes.length === 0) notes.push('no disk counters: the host agent does not serve them (an agent of limactl?)');
    if (guest && 'unavailable' in guest) notes.push(guest.unavailable);
    const counters = guest && !('unavailable' in guest) ? guest : undefined;
    return {
      time,
      clock,
      pid: inst.driverPID,
      vcpus: inst.cpus,
      hostCores: this.hostCores,
      configuredMemoryBytes: inst.memory,
      ...(processUsage ? { cpuSeconds: processUsage.cpuSeconds, rssBytes: processUsage.rssBytes } : {}),
      disk,
      ...(blocks ? { blockBytes: { read: blocks.reduce((s, b) => s + b.rdBytes, 0), written: blocks.reduce((s, b) => s + b.wrBytes, 0) } } : {}),
      ...(counters?.memory ? { guestMemory: counters.memory } : {}),
      ...(counters?.network ? { netBytes: { rx: counters.network.rxBytes, tx: counters.network.txBytes } } : {}),
      notes,
    };
  }

  /** Closes the SSH connections; the next sample starts from nothing. */
  close(): void {
    for (const t of this.tracked.values()) t.probe?.close();
    this.tracked.clear();
  }
}

/** The instance disk's virtual size (from its header) and the blocks it takes on the host. */
async function diskSizes(dir: string): Promise<{ virtualBytes: number; onDiskBytes: number }> {
  const file = path.join(dir, Disk);
  const [info, header] = await Promise.all([stat(file), readImageHeader(file)]);
  return { virtualBytes: header.virtualSize, onDiskBytes: info.blocks * 512 };
}

import { silentLogger, type Logger } from '../../common/logger';
import { detectDiskLayout } from '../store/disk-layout';
import type { InspectDeps } from '../store/inspect';
import type { Instance } from '../store/instance';
import { InstanceStateError } from './errors';
import { driverFor } from './instance-driver';
import { requireInstance } from './require-instance';
import { snapshotTags } from './snapshot-table';

/**
 * Internal snapshots of an instance's disk. The driver works on the live VM (QMP) when the
 * instance is Running and on the disk file (qemu-img) when it is Stopped; a Broken instance
 * is refused because neither path would be safe.
 */
export class InstanceSnapshots {
  constructor(
    readonly limaHome: string,
    private readonly deps: { logger?: Logger; inspect?: InspectDeps } = {},
  ) {}

  private async ready(name: string): Promise<Instance> {
    const inst = await requireInstance(this.limaHome, name, this.deps.inspect);
    if (inst.status === 'Broken') {
      throw new InstanceStateError(`instance ${JSON.stringify(name)} is Broken: ${inst.errors.join('; ')}`);
    }
    if (inst.status === 'Stopped' && (await detectDiskLayout(inst.dir)) === 'none') {
      throw new InstanceStateError(`instance ${JSON.stringify(name)} has no disk yet: it is created on the first start`);
    }
    return inst;
  }

  private driver(inst: Instance) {
    return driverFor(inst, this.limaHome, this.deps.logger ?? silentLogger);
  }

  async create(name: string, tag: string): Promise<void> {
    requireTag(tag);
    await this.driver(await this.ready(name)).createSnapshot(tag);
  }

  async apply(name: string, tag: string): Promise<void> {
    requireTag(tag);
    await this.driver(await this.ready(name)).applySnapshot(tag);
  }

  async delete(name: string, tag: string): Promise<void> {
    requireTag(tag);
    await this.driver(await this.ready(name)).deleteSnapshot(tag);
  }

  /** The driver's table (`ID TAG VM SIZE DATE VM CLOCK ICOUNT`) as Lima prints it. */
  async list(name: string): Promise<string> {
    return this.driver(await this.ready(name)).listSnapshots();
  }

  /** The tags only (`snapshot list --quiet`), from the table's TAG column. */
  async tags(name: string): Promise<string[]> {
    return snapshotTags(await this.list(name));
  }
}

function requireTag(tag: string): void {
  if (!tag) throw new InstanceStateError('expected tag');
}

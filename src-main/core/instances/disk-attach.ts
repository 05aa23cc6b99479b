import { parseDocument } from 'yaml';
import { additionalDiskName, type DiskStore } from '../disks/disk-store';
import { DiskStateError } from '../disks/errors';
import type { AdditionalDisk } from '../config/types';
import type { InstanceCatalog } from './catalog';
import { editInstance, type EditResult } from './edit';

async function namedDisks(catalog: InstanceCatalog, name: string): Promise<AdditionalDisk[]> {
  const raw = parseDocument((await catalog.readConfig(name)).text).toJS() as { additionalDisks?: unknown } | null;
  return Array.isArray(raw?.additionalDisks) ? (raw.additionalDisks as AdditionalDisk[]) : [];
}

/**
 * Attaches a disk of `_disks` to an instance by naming it in `additionalDisks` (as Lima's docs
 * do: `.additionalDisks += [{"name": NAME}]`). A disk another instance holds is refused with
 * that instance's name; the disk is locked to this instance when it next starts.
 */
export async function attachDisk(catalog: InstanceCatalog, disks: DiskStore, name: string, diskName: string): Promise<EditResult> {
  await catalog.inspect(name);
  const disk = await disks.inspect(diskName);
  const inst = await catalog.inspect(name);
  if (disk.instance !== '' && disk.instanceDir !== inst.dir) {
    throw new DiskStateError(`disk \`${diskName}\` is in use by instance \`${disk.instance}\`; stop or detach it there first`, [disk.instance]);
  }
  if ((await namedDisks(catalog, name)).some((d) => additionalDiskName(d) === diskName)) {
    const current = await catalog.readConfig(name);
    return { changed: false, restartNeeded: false, warnings: [], mtime: current.mtime };
  }
  return editInstance(catalog, name, [`.additionalDisks += [{"name": ${JSON.stringify(diskName)}}]`]);
}

/** Removes every `additionalDisks` entry naming the disk; a running instance keeps it until it stops. */
export async function detachDisk(catalog: InstanceCatalog, name: string, diskName: string): Promise<EditResult> {
  const entries = await namedDisks(catalog, name);
  const indices = entries.flatMap((d, i) => (additionalDiskName(d) === diskName ? [i] : []));
  if (indices.length === 0) {
    const current = await catalog.readConfig(name);
    return { changed: false, restartNeeded: false, warnings: [], mtime: current.mtime };
  }
  return editInstance(catalog, name, [`del(${indices.map((i) => `.additionalDisks[${i}]`).join(', ')})`]);
}

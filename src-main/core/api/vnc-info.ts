import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { VNCDisplayFile, VNCPasswordFile } from '../store/filenames';
import type { InspectDeps } from '../store/inspect';
import { InstanceStateError } from '../instances/errors';
import { VNC_BASE_PORT } from '../hostagent/vnc-display';
import { requireInstance } from '../instances/require-instance';

export interface VncInfo {
  host: string;
  /** The TCP port QEMU listens on: 5900 + the display the host agent found with QMP `query-vnc`. */
  port: number;
  /** `host:N`, the content of `<I>/vncdisplay`. */
  display: string;
  password: string;
}

/**
 * Where and how to connect to a running instance's VNC display, from the files its host agent
 * wrote once QMP `query-vnc` told it the display QEMU took (Lima's agent writes the same
 * files, so VMs that limactl started work too). Nothing here talks to QEMU: its monitor
 * serves one client at a time, and that client is the host agent.
 */
export async function vncInfo(limaHome: string, name: string, deps: { inspect?: InspectDeps } = {}): Promise<VncInfo> {
  const inst = await requireInstance(limaHome, name, deps.inspect);
  if (inst.status !== 'Running') {
    throw new InstanceStateError(`expected status "Running", got ${JSON.stringify(inst.status)}`);
  }
  if (inst.config?.video.display !== 'vnc') {
    throw new InstanceStateError(`instance ${JSON.stringify(name)} has no VNC display (field \`video.display\` is ${JSON.stringify(inst.config?.video.display ?? '')})`);
  }
  const displayFile = path.join(inst.dir, VNCDisplayFile);
  const display = (await readRequired(displayFile)).trim();
  const password = await readRequired(path.join(inst.dir, VNCPasswordFile));
  const colon = display.lastIndexOf(':');
  const host = display.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const number = display.slice(colon + 1);
  if (colon < 0 || !/^\d+$/.test(number)) {
    throw new Error(`cannot make sense of VNC display ${JSON.stringify(display)} in ${displayFile}: expected HOST:DISPLAY`);
  }
  return { host, port: VNC_BASE_PORT + Number(number), display, password };
}

async function readRequired(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new InstanceStateError(`${file} does not exist yet (the host agent writes it once the display is set up)`);
    }
    throw err;
  }
}

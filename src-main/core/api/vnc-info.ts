import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger, type Logger } from '../../common/logger';
import { VNCDisplayFile, VNCPasswordFile } from '../store/filenames';
import type { InspectDeps } from '../store/inspect';
import { InstanceStateError } from '../instances/errors';
import { driverFor } from '../instances/instance-driver';
import { requireInstance } from '../instances/require-instance';

export interface VncInfo {
  host: string;
  /** The TCP port QEMU listens on, as QMP `query-vnc` reports it. */
  port: number;
  /** `host:N`, the content of `<I>/vncdisplay`. */
  display: string;
  password: string;
}

/**
 * Where and how to connect to a running instance's VNC display: the files the host agent
 * wrote (they exist only while the VM runs) and the port QEMU itself reports.
 */
export async function vncInfo(limaHome: string, name: string, deps: { logger?: Logger; inspect?: InspectDeps } = {}): Promise<VncInfo> {
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
  const host = display.slice(0, colon);
  const service = await driverFor(inst, limaHome, deps.logger ?? silentLogger).displayConnection();
  const port = Number(service);
  if (colon < 0 || !Number.isInteger(port) || port <= 0) {
    throw new Error(`cannot make sense of VNC display ${JSON.stringify(display)} (${displayFile}) with QEMU's service ${JSON.stringify(service)}`);
  }
  return { host, port, display, password };
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

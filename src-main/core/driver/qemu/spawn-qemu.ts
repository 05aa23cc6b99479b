import { spawn, type StdioOptions } from 'node:child_process';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from '../../../common/logger';
import type { StartedVm, VmExit } from '../driver';
import { SERIAL_FILES } from './devices';
import type { QemuArgv } from './argv';

function connectUnix(socketPath: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    socket.once('connect', () => resolve(socket));
    socket.once('error', (err) => reject(new Error(`fd_connect ${socketPath}: ${err.message}`)));
  });
}

export async function removeStaleSerialFiles(instanceDir: string): Promise<void> {
  for (const name of SERIAL_FILES) await rm(path.join(instanceDir, name), { force: true });
}

/**
 * Starts QEMU in its own process group, so it outlives a host agent that is killed and
 * receives no terminal signals. Sockets for fd_connect become the child's fd 3, 4, …
 */
export async function spawnQemu(argv: QemuArgv, instanceDir: string, logger: Logger): Promise<StartedVm> {
  await removeStaleSerialFiles(instanceDir);
  const sockets: net.Socket[] = [];
  try {
    for (const sock of argv.fdConnects) sockets.push(await connectUnix(sock));
  } catch (err) {
    for (const s of sockets) s.destroy();
    throw err;
  }
  const stdio: StdioOptions = ['ignore', 'pipe', 'pipe', ...sockets];
  logger.info('starting QEMU (hint: watch the serial*.log files in the instance directory)', { exe: argv.exe, args: argv.args.join(' ') });
  const child = spawn(argv.exe, argv.args, { cwd: instanceDir, detached: true, stdio });
  const exited = new Promise<VmExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // A spawn failure (missing binary) emits error and never exit.
    child.once('error', (err) => {
      logger.error('QEMU could not be started', { error: err.message });
      resolve({ code: null, signal: null });
    });
  });
  for (const s of sockets) s.destroy();
  for (const [stream, prefix] of [[child.stdout, 'qemu[stdout]:'], [child.stderr, 'qemu[stderr]:']] as const) {
    if (stream) createInterface({ input: stream }).on('line', (line) => logger.debug(`${prefix} ${line}`));
  }
  const pid = await new Promise<number>((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid ?? 0));
    child.once('error', (err) => reject(new Error(`cannot start ${argv.exe}: ${err.message}`)));
  });
  return { pid, exited };
}

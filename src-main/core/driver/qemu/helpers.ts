import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../../common/logger';
import type { FilledLimaYAML } from '../../config/types';
import { SwtpmDir, SwtpmSock, VhostSock } from '../../store/filenames';
import { expandHome } from './mounts';

const SOCKET_POLLS = 5;
const SOCKET_POLL_MS = 200;

async function isSocket(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isSocket();
  } catch {
    return false;
  }
}

/** Waits for a helper's socket; a helper that exits first has failed. */
async function awaitSocket(child: ChildProcess, sock: string, name: string): Promise<void> {
  for (let i = 0; i < SOCKET_POLLS; i++) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} never created vhost socket ${sock}`);
    if (await isSocket(sock)) return;
    await new Promise((r) => setTimeout(r, SOCKET_POLL_MS));
  }
  if (await isSocket(sock)) return;
  throw new Error(`${name} socket ${sock} never appeared`);
}

function pipeLog(child: ChildProcess, name: string, logger: Logger): void {
  child.stdout?.setEncoding('utf8').on('data', (d: string) => logger.debug(`${name}[stdout]: ${d.trimEnd()}`));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => logger.debug(`${name}[stderr]: ${d.trimEnd()}`));
}

/** One virtiofsd per mount, each serving `<I>/virtiofsd-<i>.sock`. */
export async function startVirtiofsd(binary: string, config: FilledLimaYAML, instanceDir: string, homeDir: string, logger: Logger): Promise<ChildProcess[]> {
  const children: ChildProcess[] = [];
  try {
    for (const [i, mount] of config.mounts.entries()) {
      const sock = path.join(instanceDir, VhostSock(i));
      await rm(sock, { force: true });
      const child = spawn(binary, ['--socket-path', sock, '--shared-dir', expandHome(mount.location ?? '', homeDir)], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      pipeLog(child, 'virtiofsd', logger);
      await awaitSocket(child, sock, 'virtiofsd');
    }
  } catch (err) {
    for (const child of children) child.kill('SIGKILL');
    throw err;
  }
  return children;
}

export async function startSwtpm(instanceDir: string, logger: Logger): Promise<ChildProcess> {
  const stateDir = path.join(instanceDir, SwtpmDir);
  const sock = path.join(instanceDir, SwtpmSock);
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  await rm(sock, { force: true });
  await rm(path.join(stateDir, '.lock'), { force: true });
  const child = spawn('swtpm', ['socket', '--tpmstate', `dir=${stateDir}`, '--ctrl', `type=unixio,path=${sock}`, '--tpm2', '--terminate', '--log', 'level=1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  pipeLog(child, 'swtpm', logger);
  try {
    await awaitSocket(child, sock, 'swtpm');
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return child;
}

/** SIGTERM, then SIGKILL after a grace period, as Lima stops swtpm. */
export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

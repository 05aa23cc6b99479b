import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../../common/logger';
import { changeVncPassword, queryVnc } from '../../qmp/commands';
import { VNCDisplayFile, VNCPasswordFile } from '../../store/filenames';
import { waitForQmpSocket, withQmp } from './qmp-session';

const QMP_SOCKET_WAIT_MS = 30_000;

/** Sets the VNC password over QMP. The password itself never reaches the logger. */
export async function setVncPassword(instanceDir: string, password: string, logger: Logger): Promise<void> {
  await waitForQmpSocket(instanceDir, QMP_SOCKET_WAIT_MS);
  await withQmp(instanceDir, logger, (client) => changeVncPassword(client, password));
}

/** The TCP port QEMU really listens on: with `to=N` it may have moved past the first display. */
export async function vncServicePort(instanceDir: string, logger: Logger): Promise<string> {
  const info = await withQmp(instanceDir, logger, (client) => queryVnc(client));
  if (!info.enabled || !info.service) throw new Error('VNC is not enabled on this VM (query-vnc has no service port)');
  return info.service;
}

/** The display files describe a live VM only; they go when QEMU does. */
export async function removeVncFiles(instanceDir: string): Promise<void> {
  await rm(path.join(instanceDir, VNCDisplayFile), { force: true });
  await rm(path.join(instanceDir, VNCPasswordFile), { force: true });
}

import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../../common/logger';
import { QmpClient } from '../../qmp/client';
import { QMPSock } from '../../store/filenames';

const DIAL_TIMEOUT_MS = 5000;

/** Opens `<I>/qmp.sock`, runs `work`, and always closes the connection. */
export async function withQmp<T>(instanceDir: string, logger: Logger, work: (client: QmpClient) => Promise<T>): Promise<T> {
  const client = await QmpClient.connect(path.join(instanceDir, QMPSock), { dialTimeoutMs: DIAL_TIMEOUT_MS, logger });
  try {
    return await work(client);
  } finally {
    client.close();
  }
}

/** QEMU creates qmp.sock a moment after it starts; callers right after start wait for it. */
export async function waitForQmpSocket(instanceDir: string, timeoutMs: number): Promise<void> {
  const sock = path.join(instanceDir, QMPSock);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await stat(sock)).isSocket()) return;
    } catch {
      // not there yet
    }
    if (Date.now() >= deadline) throw new Error(`${sock} did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

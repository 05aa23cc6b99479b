import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../common/logger';
import type { Driver } from '../driver/driver';
import { writeFileAtomic } from '../store/atomic-write';
import { VNCDisplayFile, VNCPasswordFile } from '../store/filenames';
import { parseVncDisplay, VNC_BASE_PORT } from './vnc-display';
import { generateVncPassword } from './vnc-password';

export interface VncEndpoint {
  host: string;
  display: number;
  port: number;
}

/**
 * Lima's VNC step, run once QEMU is up with `-display vnc=…,password=on`: set a fresh
 * password through the driver, store it in `<I>/vncpassword`, find the display QEMU really
 * took (it may move up to `to=N` when the first is busy) and record it in `<I>/vncdisplay`.
 * The password never reaches the log.
 */
export async function setUpVnc(dir: string, displaySpec: string, driver: Driver, logger: Logger): Promise<VncEndpoint> {
  const spec = parseVncDisplay(displaySpec);
  const password = generateVncPassword();
  await driver.changeDisplayPassword(password);
  const passwordFile = path.join(dir, VNCPasswordFile);
  await writeFileAtomic(passwordFile, password, 0o600);

  let port = VNC_BASE_PORT + spec.display;
  if (spec.to !== undefined) {
    const service = await driver.displayConnection();
    const actual = Number(service);
    if (!Number.isInteger(actual) || actual <= 0) throw new Error(`QEMU reported an unusable VNC service ${JSON.stringify(service)}`);
    port = actual;
  }
  const display = port - VNC_BASE_PORT;
  const displayFile = path.join(dir, VNCDisplayFile);
  await writeFileAtomic(displayFile, `${spec.host}:${display}`, 0o600);
  logger.info('VNC display ready', {
    display: `${spec.host}:${display}`,
    url: `vnc://${spec.host.includes(':') ? `[${spec.host}]` : spec.host}:${port}`,
    displayFile,
    passwordFile,
  });
  return { host: spec.host, display, port };
}

/**
 * Removes the display files a previous run left (a forced stop keeps them, as Lima's does), so
 * that nobody reads the last run's password while this run's QEMU is coming up.
 */
export async function forgetVncDisplay(dir: string): Promise<void> {
  await Promise.all([VNCPasswordFile, VNCDisplayFile].map((file) => rm(path.join(dir, file), { force: true })));
}

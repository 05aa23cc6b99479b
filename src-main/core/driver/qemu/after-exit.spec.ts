import { execFileSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../common/logger';
import { cleanUpAfterExit } from './after-exit';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'limadesk-after-exit-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const exists = (file: string) => lstat(file).then(() => true, () => false);

describe('cleaning up after QEMU exits', () => {
  it('logs a step that fails at warn, with the file, and still does the others', async () => {
    const dir = path.join(home, 'vm1');
    // vncdisplay is a directory with something in it: removing it as a file fails.
    await mkdir(path.join(dir, 'vncdisplay', 'stuck'), { recursive: true });
    await writeFile(path.join(dir, 'vncpassword'), 'secret');
    await mkdir(path.join(home, '_disks', 'data'), { recursive: true });
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', path.join(home, '_disks', 'data', 'datadisk'), '1M']);
    await symlink(dir, path.join(home, '_disks', 'data', 'in_use_by'));
    const warnings: string[] = [];
    let helpersStopped = false;
    await cleanUpAfterExit({
      instanceDir: dir,
      limaHome: home,
      additionalDisks: ['data'],
      stopHelpers: async () => {
        helpersStopped = true;
      },
      logger: { ...silentLogger, warn: (m, f) => void warnings.push(`${m} ${JSON.stringify(f)}`) },
    });
    expect(warnings).toEqual([expect.stringMatching(/^could not remove the VNC display files of .*vm1 .*vncdisplay/)]);
    expect(helpersStopped).toBe(true);
    expect(await exists(path.join(home, '_disks', 'data', 'in_use_by'))).toBe(false);
  });
});

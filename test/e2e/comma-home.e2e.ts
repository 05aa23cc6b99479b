import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOT_MARKER, buildParts, createBaseDisk, localGuestYaml, makeTempHome, runCli, tearDown, waitForInstanceSerial, writeInstance } from '../support/e2e-kit';
import { ensureTestGuest } from '../support/guest';

// QEMU reads `-drive file=…,if=virtio` as a comma-separated option list: a LIMA_HOME with a
// comma in its path cut the disk's path short. The instance must boot there all the same.
describe('an instance in a LIMA_HOME whose path has a comma', () => {
  let home: string;

  beforeAll(() => buildParts('cli'));
  afterAll(() => tearDown({ home, instances: ['vm1'] }));

  it('boots the test guest with real QEMU and stops', async () => {
    const guest = await ensureTestGuest();
    home = makeTempHome('ld,c-');
    expect(home).toContain(',');
    const dir = writeInstance(home, 'vm1', localGuestYaml(guest, createBaseDisk(home), { display: 'none' }));
    const env = { ...process.env, LIMA_HOME: home };
    const started = await runCli(env, ['start', 'vm1']);
    expect(started.code, `${started.stdout}\n${started.stderr}`).toBe(0);
    await waitForInstanceSerial(dir, BOOT_MARKER);
    const stopped = await runCli(env, ['stop', '--force', 'vm1']);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(path.basename(dir)).toBe('vm1');
  });
});

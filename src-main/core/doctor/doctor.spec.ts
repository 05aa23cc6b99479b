import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDoctor } from './doctor';
import { diskSpaceCheck, MIN_FREE_BYTES } from './disk-space';
import type { HostDoctor } from '../driver/host-doctor';

const home = mkdtempSync(path.join(tmpdir(), 'ld-doc-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('disk space in LIMA_HOME', () => {
  it('measures the real file system of LIMA_HOME', async () => {
    const check = await diskSpaceCheck(home);
    expect(check.id).toBe('disk-space');
    expect(check.detail).toMatch(new RegExp(`^\\d+\\.\\d GiB free for ${home}$`));
  });

  it('measures at the nearest existing parent when LIMA_HOME is not created yet', async () => {
    const missing = path.join(home, 'not', 'yet');
    const check = await diskSpaceCheck(missing);
    expect(check.detail).toContain(`${missing} (not created yet; measured at ${home})`);
  });

  it('fails below the minimum with how much to free', async () => {
    const check = await diskSpaceCheck(home, async () => MIN_FREE_BYTES - 3 * 1024 ** 3);
    expect(check).toMatchObject({ ok: false, fix: `Free at least 3.0 GiB there, or set LIMA_HOME to a directory on a larger disk` });
    expect(check.detail).toContain('7.0 GiB free');
  });

  it('reports a file system it cannot measure', async () => {
    const check = await diskSpaceCheck(home, async () => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    });
    expect(check).toMatchObject({ ok: false, detail: `cannot measure the free space of ${home}: EACCES: permission denied` });
  });
});

describe('the doctor', () => {
  it('puts the driver checks first, then LIMA_HOME, and passes signing to the driver', async () => {
    const host: HostDoctor = {
      checks: async () => [{ id: 'qemu', title: 'QEMU', ok: true, detail: 'QEMU 9.0.0' }],
      sign: async () => ({ signed: true, message: 'signed' }),
    };
    const doctor = createDoctor({ limaHome: home, env: {}, hostDoctor: host, freeBytes: async () => MIN_FREE_BYTES });
    expect((await doctor.run()).map((c) => [c.id, c.ok])).toEqual([['qemu', true], ['disk-space', true]]);
    expect(await doctor.signQemu()).toEqual({ signed: true, message: 'signed' });
  });

  it('runs the QEMU driver checks of this machine through the registry', async () => {
    const ids = (await createDoctor({ limaHome: home, env: process.env }).run()).map((c) => c.id);
    expect(ids).toEqual(['qemu', 'accel', 'qemu-img', 'firmware-x86_64', 'firmware-aarch64', 'virtiofsd', 'disk-space']);
  });
});

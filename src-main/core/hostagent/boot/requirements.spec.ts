import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { filledConfig } from '../../config/filled-config.test-support';
import { essentialRequirements, finalRequirements, probeRequirements } from './requirements';

const run = promisify(execFile);

describe('the boot requirements', () => {
  it('waits for the ssh-ready marker, and for sshfs and FUSE only when reverse-sshfs has mounts', () => {
    expect(essentialRequirements(filledConfig(), 'iid-1').map((r) => r.description)).toEqual(['user session is ready for ssh']);
    const sshfs = filledConfig({ mountType: 'reverse-sshfs', mounts: [{ location: '/h', mountPoint: '/h' }] });
    expect(essentialRequirements(sshfs, 'iid-1').map((r) => r.description)).toEqual(['user session is ready for ssh', 'sshfs binary to be installed', 'fuse to allow_other as user']);
    expect(essentialRequirements(filledConfig({ mountType: 'reverse-sshfs', mounts: [] }), 'iid-1')).toHaveLength(1);
    expect(essentialRequirements(filledConfig({ plain: true }), 'iid-1')).toEqual([]);
    expect(finalRequirements(filledConfig({ plain: true }), 'iid-1').map((r) => r.description)).toEqual(['boot scripts must have finished']);
  });

  it('turns readiness probes into optional requirements with their description and hint', () => {
    const config = filledConfig({ probes: [{ mode: 'readiness', description: 'k3s is up', script: '#!/bin/sh\ntrue\n', hint: 'see k3s.log' }, { script: '#!/bin/sh\n' }] });
    expect(probeRequirements(config)).toEqual([
      { round: 'optional', description: 'k3s is up', script: '#!/bin/sh\ntrue\n', hint: 'see k3s.log', probe: true },
      { round: 'optional', description: 'user probe 2', script: '#!/bin/sh\n', hint: '', probe: true },
    ]);
  });

  it('holds only when the marker has this boot\'s instance id', async () => {
    const [marker] = finalRequirements(filledConfig(), 'iid-42');
    const dir = await mkdtemp(path.join(tmpdir(), 'ld-req-'));
    try {
      // The same script, pointed at a file of our own instead of /run/lima-boot-done.
      const script = marker!.script.replace('/run/lima-boot-done', path.join(dir, 'done'));
      const holds = (): Promise<boolean> => run('sh', ['-c', script]).then(() => true, () => false);
      expect(await holds()).toBe(false);
      await writeFile(path.join(dir, 'done'), 'iid-41\n');
      expect(await holds()).toBe(false);
      await writeFile(path.join(dir, 'done'), 'iid-42\n');
      expect(await holds()).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

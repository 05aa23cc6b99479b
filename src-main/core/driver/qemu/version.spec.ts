import { describe, expect, it } from 'vitest';
import { linuxKvm, macArm, macIntel } from './argv-fixtures.test-support';
import type { Runner } from './runner';
import { checkQemuVersion, minimumVersionProblem, parseQemuVersion, probeQemu } from './version';

describe('parseQemuVersion', () => {
  it.each([
    ['QEMU emulator version 1.5.3 (qemu-kvm-1.5.3-175.el7_9.6), Copyright (c) 2003-2008 Fabrice Bellard', '1.5.3'],
    ['QEMU emulator version 8.0.0 (v8.0.0)\nCopyright (c) 2003-2022 Fabrice Bellard and the QEMU Project developers', '8.0.0'],
  ])('%s → %s', (out, version) => {
    expect(parseQemuVersion(out)).toBe(version);
  });

  it('rejects anything else', () => {
    expect(() => parseQemuVersion('foobar')).toThrow('failed to parse');
  });
});

describe('checkQemuVersion', () => {
  it('Linux: below 4.0.0 is fatal, below 6.2.0 a warning', () => {
    expect(checkQemuVersion('3.1.0', linuxKvm, undefined).errors).toEqual(['QEMU 3.1.0 is too old, 4.0.0 or later required']);
    expect(checkQemuVersion('5.2.0', linuxKvm, undefined)).toEqual({ errors: [], warnings: ['QEMU 5.2.0 is too old, 6.2.0 or later is recommended'] });
    expect(checkQemuVersion('7.2.0', linuxKvm, undefined)).toEqual({ errors: [], warnings: [] });
  });

  it('macOS: arm64 needs 8.2.1, Intel needs 7.0.0 and is advised 8.2.1', () => {
    expect(checkQemuVersion('8.1.0', macArm, undefined).errors).toEqual(['QEMU 8.1.0 is too old, 8.2.1 or later required']);
    expect(checkQemuVersion('8.1.0', macIntel, undefined)).toEqual({ errors: [], warnings: ['QEMU 8.1.0 is too old, 8.2.1 or later is recommended'] });
  });

  it('a template minimum is fatal; an unknown version skips every check', () => {
    expect(checkQemuVersion('7.2.0', linuxKvm, '8.0.0').errors).toEqual(['QEMU 7.2.0 is too old, template requires "8.0.0" or later']);
    expect(checkQemuVersion('', linuxKvm, '99.0.0')).toEqual({ errors: [], warnings: [] });
  });

  it('vmOpts.qemu.minimumVersion must be semver', () => {
    expect(minimumVersionProblem('8.x')).toBe('field `vmOpts.qemu.minimumVersion` must be a semvar value, got "8.x"');
    expect(minimumVersionProblem('8.2.0')).toBeUndefined();
    expect(minimumVersionProblem(undefined)).toBeUndefined();
  });
});

describe('probeQemu', () => {
  function scripted(answers: Record<string, { code: number; stdout?: string; stderr?: string }>): { runner: Runner; calls: string[] } {
    const calls: string[] = [];
    const runner: Runner = async (_file, args) => {
      const key = args.join(' ');
      calls.push(key);
      const a = answers[key] ?? { code: 1, stderr: `unexpected ${key}` };
      return { code: a.code, stdout: a.stdout ?? '', stderr: a.stderr ?? '' };
    };
    return { runner, calls };
  }

  it('uses stderr when stdout is empty, and only warns for optional probes', async () => {
    const { runner, calls } = scripted({
      '--version': { code: 0, stdout: 'QEMU emulator version 7.2.5 (Debian 1:7.2+dfsg-7)\n' },
      '-M none -accel help': { code: 0, stderr: 'Accelerators supported in QEMU binary:\ntcg\nkvm\n' },
      '-M none -netdev help': { code: 1, stderr: 'boom' },
      '-machine help': { code: 0, stdout: 'q35\n' },
    });
    const out = await probeQemu(runner, 'qemu-system-x86_64', [], 'x86_64');
    expect(out.features.version).toBe('7.2.5');
    expect(out.features.accelHelp).toContain('kvm');
    expect(out.features.netdevHelp).toBe('');
    expect(calls).toContain('-cpu help -machine q35');
    expect(out.warnings).toHaveLength(2);
    expect(out.warnings[0]).toContain('boom');
  });

  it('a failing -accel help is fatal', async () => {
    const { runner } = scripted({ '--version': { code: 0, stdout: 'QEMU emulator version 8.0.0' } });
    await expect(probeQemu(runner, 'qemu-system-aarch64', [], 'aarch64')).rejects.toThrow('-M none -accel help failed');
  });
});

import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../common/logger';
import { qemuExecutable, qemuSystemName, resolveOnPath } from './executable';
import { splitShellWords } from './shell-words';

function recorder(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const noop = (): void => {};
  return { logger: { debug: noop, info: noop, error: noop, warn: (m) => void warnings.push(m) }, warnings };
}

describe('qemu executable', () => {
  it('names the system emulator per arch', () => {
    expect(qemuSystemName('x86_64')).toBe('qemu-system-x86_64');
    expect(qemuSystemName('armv7l')).toBe('qemu-system-arm');
    expect(qemuSystemName('ppc64le')).toBe('qemu-system-ppc64');
  });

  it('QEMU_SYSTEM_<ARCH> is split like a shell would, with a warning', () => {
    const { logger, warnings } = recorder();
    const exe = qemuExecutable('aarch64', { QEMU_SYSTEM_AARCH64: `/opt/my qemu/bin/q -d 'int,cpu' -D "/tmp/a b.log"` }, logger);
    expect(exe).toEqual({ exe: '/opt/my', prefixArgs: ['qemu/bin/q', '-d', 'int,cpu', '-D', '/tmp/a b.log'] });
    expect(warnings[0]).toContain('QEMU_SYSTEM_AARCH64');
    expect(qemuExecutable('x86_64', {}, logger)).toEqual({ exe: 'qemu-system-x86_64', prefixArgs: [] });
  });

  it('splitShellWords handles escapes and rejects an open quote', () => {
    expect(splitShellWords(`a\\ b "c\\"d" ''`)).toEqual(['a b', 'c"d', '']);
    expect(() => splitShellWords(`"open`)).toThrow('unterminated');
  });

  it('resolveOnPath finds the first executable on PATH', () => {
    expect(resolveOnPath('qemu-img', { PATH: '/nope:/usr/bin' }, (f) => f === '/usr/bin/qemu-img')).toBe('/usr/bin/qemu-img');
    expect(resolveOnPath('./q', { PATH: '/usr/bin' }, () => false)).toBe('./q');
  });
});

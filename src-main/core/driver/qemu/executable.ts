import type { Logger } from '../../../common/logger';
import type { Arch } from '../../config/types';
import { splitShellWords } from './shell-words';

export interface QemuExecutable {
  /** A bare program name (looked up on PATH by spawn) or the override's first word. */
  exe: string;
  /** Arguments from the env override that go before everything Limadesk adds. */
  prefixArgs: string[];
}

/** QEMU's own name for the target: `arm` for armv7l, `ppc64` for ppc64le. */
export function qemuArchName(arch: Arch): string {
  if (arch === 'armv7l') return 'arm';
  if (arch === 'ppc64le') return 'ppc64';
  return arch;
}

export function qemuSystemName(arch: Arch): string {
  return `qemu-system-${qemuArchName(arch)}`;
}

export function overrideEnvName(arch: Arch): string {
  return `QEMU_SYSTEM_${qemuArchName(arch).toUpperCase()}`;
}

export function qemuExecutable(arch: Arch, env: NodeJS.ProcessEnv, logger: Logger): QemuExecutable {
  const name = overrideEnvName(arch);
  const override = env[name];
  if (override) {
    const words = splitShellWords(override);
    const [exe, ...prefixArgs] = words;
    if (exe) {
      logger.warn(`${name} overrides the QEMU command; this is meant for debugging only`, { [name]: override });
      return { exe, prefixArgs };
    }
  }
  return { exe: qemuSystemName(arch), prefixArgs: [] };
}

/** The absolute path spawn would run, or the name itself when it is not on PATH. */
export function resolveOnPath(exe: string, env: NodeJS.ProcessEnv, isExecutable: (file: string) => boolean): string {
  if (exe.includes('/')) return exe;
  for (const dir of (env.PATH ?? '').split(':')) {
    if (dir === '') continue;
    const candidate = `${dir.replace(/\/$/, '')}/${exe}`;
    if (isExecutable(candidate)) return candidate;
  }
  return exe;
}

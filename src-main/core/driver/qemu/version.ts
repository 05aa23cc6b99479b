import semver from 'semver';
import type { Arch } from '../../config/types';
import type { HostFacts } from './host-facts';
import type { Runner } from './runner';

const VERSION_LINE = /^QEMU emulator version (\d+\.\d+\.\d+)/;

/** The version from the first line of `qemu-system-* --version`. */
export function parseQemuVersion(output: string): string {
  const first = output.split('\n', 1)[0] ?? '';
  const match = VERSION_LINE.exec(first);
  if (!match?.[1]) throw new Error(`failed to parse QEMU version from ${JSON.stringify(first)}`);
  return match[1];
}

/** What the QEMU binary reports about itself; probes that only warn leave their text empty. */
export interface QemuFeatures {
  version: string;
  accelHelp: string;
  netdevHelp: string;
  machineHelp: string;
  cpuHelp: string;
}

export interface ProbeOutcome {
  features: QemuFeatures;
  warnings: string[];
}

async function probe(runner: Runner, exe: string, args: string[]): Promise<string> {
  const result = await runner(exe, args);
  if (result.code !== 0) throw new Error(`${exe} ${args.join(' ')} failed: ${result.stderr.trim() || `exit status ${result.code}`}`);
  // Some builds print help on stderr.
  return result.stdout !== '' ? result.stdout : result.stderr;
}

/**
 * Runs the same probes as Lima: `-accel help` is required, the others only warn, and a
 * version that cannot be read skips the version checks instead of failing.
 */
export async function probeQemu(runner: Runner, exe: string, prefixArgs: string[], arch: Arch): Promise<ProbeOutcome> {
  const warnings: string[] = [];
  const optional = async (args: string[]): Promise<string> => {
    try {
      return await probe(runner, exe, [...prefixArgs, ...args]);
    } catch (err) {
      warnings.push((err as Error).message);
      return '';
    }
  };
  // Five short runs of QEMU on every start: side by side rather than one after another, as
  // none depends on another (sequentially they cost a third of a second under load).
  const [version, accelHelp, netdevHelp, machineHelp, cpuHelp] = await Promise.all([
    optional(['--version']).then((out) => {
      if (!out) return '';
      try {
        return parseQemuVersion(out);
      } catch (err) {
        warnings.push((err as Error).message);
        return '';
      }
    }),
    probe(runner, exe, [...prefixArgs, '-M', 'none', '-accel', 'help']),
    optional(['-M', 'none', '-netdev', 'help']),
    optional(['-machine', 'help']),
    optional(['-cpu', 'help', '-machine', arch === 'x86_64' ? 'q35' : 'virt']),
  ]);
  return { features: { version, accelHelp, netdevHelp, machineHelp, cpuHelp }, warnings };
}

export interface MinimumVersions {
  hard: string;
  soft: string;
}

export function minimumQemuVersion(host: HostFacts): MinimumVersions {
  if (host.os === 'darwin') return host.arch === 'aarch64' ? { hard: '8.2.1', soft: '8.2.1' } : { hard: '7.0.0', soft: '8.2.1' };
  if (host.os === 'windows') return { hard: '11.0.0', soft: '11.0.0' };
  return { hard: '4.0.0', soft: '6.2.0' };
}

export interface VersionVerdict {
  errors: string[];
  warnings: string[];
}

/** Checks a detected version against the host minimums and the template's own minimum. */
export function checkQemuVersion(version: string, host: HostFacts, templateMinimum: string | undefined): VersionVerdict {
  const verdict: VersionVerdict = { errors: [], warnings: [] };
  if (!version) return verdict;
  const { hard, soft } = minimumQemuVersion(host);
  if (semver.lt(version, hard)) {
    verdict.errors.push(`QEMU ${version} is too old, ${hard} or later required`);
  } else if (semver.lt(version, soft)) {
    verdict.warnings.push(`QEMU ${version} is too old, ${soft} or later is recommended`);
  }
  if (templateMinimum) {
    const min = semver.valid(templateMinimum);
    if (min && semver.lt(version, min)) verdict.errors.push(`QEMU ${version} is too old, template requires ${JSON.stringify(templateMinimum)} or later`);
  }
  return verdict;
}

/** The message for a `vmOpts.qemu.minimumVersion` that is not semver, or undefined. */
export function minimumVersionProblem(value: string | undefined): string | undefined {
  if (value === undefined || semver.valid(value)) return undefined;
  return `field \`vmOpts.qemu.minimumVersion\` must be a semvar value, got ${JSON.stringify(value)}`;
}

export function versionAtLeast(version: string, minimum: string): boolean {
  return version !== '' && semver.gte(version, minimum);
}

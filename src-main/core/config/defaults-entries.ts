/**
 * Defaults for the entries of lima.yaml's lists: images, provision steps, probes, port
 * forwards, copyToHost rules, mounts and networks. Each function takes the merged list and
 * returns filled copies; guest and host templates are expanded here, as Lima does.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { HostInfo } from './host';
import { foldMounts } from './merge';
import { expandOrWarn, type TemplateData } from './template-expand';
import type { Arch, CopyToHost, Image, Mount, Network, PortForward, Probe, Provision } from './types';

/** Where Lima keeps relative `hostSocket`s, inside the instance directory. */
const SOCKET_DIR = 'sock';

export function fillImages(images: readonly Image[], arch: Arch): Image[] {
  return images.map((image) => {
    const filled: Image = { ...image, arch: image.arch ?? arch };
    if (image.kernel) filled.kernel = { ...image.kernel, arch: image.kernel.arch ?? filled.arch };
    if (image.initrd) filled.initrd = { ...image.initrd, arch: image.initrd.arch ?? filled.arch };
    return filled;
  });
}

export function fillProvisions(steps: readonly Provision[], guest: TemplateData, owner: string, warnings: string[]): Provision[] {
  return steps.map((step, i) => {
    const filled: Provision = { ...step, mode: step.mode ?? 'system' };
    const where = `provision[${i}]`;
    if (filled.mode === 'dependency' && filled.skipDefaultDependencyResolution === undefined) {
      filled.skipDefaultDependencyResolution = false;
    }
    if (filled.mode === 'data') {
      filled.content = step.content === undefined ? '' : expandOrWarn(step.content, guest, `${where}.content`, warnings);
      filled.overwrite = step.overwrite ?? true;
    }
    if (filled.mode === 'yq') {
      if (step.expression !== undefined) filled.expression = expandOrWarn(step.expression, guest, `${where}.expression`, warnings);
      filled.format = step.format ?? 'auto';
    }
    if (filled.mode === 'data' || filled.mode === 'yq') {
      filled.owner = step.owner === undefined ? owner : expandOrWarn(step.owner, guest, `${where}.owner`, warnings);
      if (step.path !== undefined) filled.path = expandOrWarn(step.path, guest, `${where}.path`, warnings);
      filled.permissions = step.permissions ?? '644';
    }
    if (step.script) filled.script = expandOrWarn(step.script, guest, `${where}.script`, warnings);
    return filled;
  });
}

export function fillProbes(probes: readonly Probe[], guest: TemplateData, warnings: string[]): Probe[] {
  return probes.map((probe, i) => ({
    ...probe,
    mode: probe.mode ?? 'readiness',
    description: probe.description || `user probe ${i + 1}/${probes.length}`,
    ...(probe.script === undefined ? {} : { script: expandOrWarn(probe.script, guest, `probes[${i}].script`, warnings) }),
  }));
}

export function fillPortForwards(
  rules: readonly PortForward[],
  guest: TemplateData,
  hostData: TemplateData,
  instanceDir: string,
  warnings: string[],
): PortForward[] {
  return rules.map((rule, i) => {
    const filled: PortForward = {
      ...rule,
      proto: rule.proto ?? 'any',
      guestIP: rule.guestIP ?? (rule.guestIPMustBeZero ? '0.0.0.0' : '127.0.0.1'),
      hostIP: rule.hostIP ?? '127.0.0.1',
    };
    const guestRange = isUnsetRange(rule.guestPortRange)
      ? rule.guestPort
        ? ([rule.guestPort, rule.guestPort] as [number, number])
        : ([1, 65535] as [number, number])
      : rule.guestPortRange;
    filled.guestPortRange = guestRange;
    filled.hostPortRange = isUnsetRange(rule.hostPortRange)
      ? rule.hostPort
        ? [rule.hostPort, rule.hostPort]
        : [guestRange[0], guestRange[1]]
      : rule.hostPortRange;
    if (rule.guestSocket) filled.guestSocket = expandOrWarn(rule.guestSocket, guest, `portForwards[${i}].guestSocket`, warnings);
    if (rule.hostSocket) {
      const socket = expandOrWarn(rule.hostSocket, hostData, `portForwards[${i}].hostSocket`, warnings);
      filled.hostSocket = path.isAbsolute(socket) ? socket : path.join(instanceDir, SOCKET_DIR, socket);
    }
    return filled;
  });
}

function isUnsetRange(range: [number, number] | undefined): range is undefined {
  return range === undefined || (range[0] === 0 && range[1] === 0);
}

export function fillCopyToHost(rules: readonly CopyToHost[], guest: TemplateData, hostData: TemplateData, warnings: string[]): CopyToHost[] {
  return rules.map((rule, i) => {
    const filled: CopyToHost = { ...rule };
    if (rule.guest) filled.guest = expandOrWarn(rule.guest, guest, `copyToHost[${i}].guest`, warnings);
    if (rule.host) filled.host = expandOrWarn(rule.host, hostData, `copyToHost[${i}].host`, warnings);
    return filled;
  });
}

/** `~` and `~/x` are the host user's home; `~other` is not supported, as in Lima. */
export function expandHomeDir(location: string, homeDir: string): string {
  if (location === '~') return homeDir;
  if (location.startsWith('~/')) return path.join(homeDir, location.slice(2));
  return location;
}

/**
 * Mounts arrive in d, y, o order. Host templates are expanded in `location` and guest
 * templates in `mountPoint`; entries are folded by the mount point they end up with (the
 * expanded location when no mount point is given), then every field gets its default.
 */
export function fillMounts(mounts: readonly Mount[], guest: TemplateData, hostData: TemplateData, host: HostInfo, warnings: string[]): Mount[] {
  const resolved = mounts.map((mount, i) => {
    const copy: Mount = { ...mount };
    if (mount.location !== undefined) {
      const expanded = expandOrWarn(mount.location, hostData, `mounts[${i}].location`, warnings);
      copy.location = expandHomeDir(cleanPath(expanded), host.homeDir);
      if (mount.location.startsWith('~') && !/^~($|\/)/.test(mount.location)) {
        warnings.push(`mounts[${i}].location ${JSON.stringify(mount.location)}: only ~ and ~/ can be expanded`);
      }
    }
    if (mount.mountPoint !== undefined) {
      copy.mountPoint = expandOrWarn(mount.mountPoint, guest, `mounts[${i}].mountPoint`, warnings);
    }
    return copy;
  });
  const folded = foldMounts(resolved, (mount) => mount.mountPoint ?? mount.location ?? '');
  return folded.map((mount) => {
    const writable = mount.writable ?? false;
    return {
      ...mount,
      mountPoint: mount.mountPoint ?? mount.location ?? '',
      writable,
      sshfs: { cache: true, followSymlinks: false, sftpDriver: '', ...definedOnly(mount.sshfs) },
      '9p': {
        securityModel: 'none',
        protocolVersion: '9p2000.L',
        msize: '128KiB',
        cache: writable ? 'mmap' : 'fscache',
        ...definedOnly(mount['9p']),
      },
      ...(mount.virtiofs ? { virtiofs: { ...mount.virtiofs } } : {}),
    };
  });
}

/** Lexical clean-up like Go's filepath.Clean, except that '' stays '' for the validator to report. */
function cleanPath(p: string): string {
  if (p === '') return p;
  const normalized = path.normalize(p);
  return normalized.length > 1 && normalized.endsWith(path.sep) ? normalized.slice(0, -1) : normalized;
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Interface names default to `lima<i>` and metrics to 100. Each interface gets a MAC
 * address that is stable for this host, instance file and position: 52:55:55 (locally
 * administered, Lima's prefix) plus three bytes of sha256(machine id + "<file>#<i>").
 */
export function fillNetworks(networks: readonly Network[], limaYamlPath: string, host: HostInfo): Network[] {
  return networks.map((network, i) => ({
    ...network,
    macAddress: network.macAddress || derivedMacAddress(`${limaYamlPath}#${i}`, host.machineId ?? os.hostname()),
    interface: network.interface || `lima${i}`,
    metric: network.metric ?? 100,
  }));
}

export function derivedMacAddress(uniqueId: string, machineId: string): string {
  const digest = createHash('sha256').update(machineId + uniqueId).digest();
  const bytes = [0x52, 0x55, 0x55, digest[0] ?? 0, digest[1] ?? 0, digest[2] ?? 0];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/**
 * Fill a lima.yaml with defaults the way Lima does (`FillDefault` followed by the QEMU
 * driver's own defaults): layers d (defaults.yaml), y (the instance's file) and o
 * (override.yaml) are merged by the rules in merge.ts, then everything still unset gets
 * its built-in value. The inputs are never modified.
 */
import os from 'node:os';
import path from 'node:path';
import {
  fillCopyToHost,
  fillImages,
  fillMounts,
  fillNetworks,
  fillPortForwards,
  fillProbes,
  fillProvisions,
} from './defaults-entries';
import { DEFAULT_VNC_DISPLAY, fillVirtiofsQueueSize, migrateCpuType, resolveMountType } from './defaults-qemu';
import { fillUser, guestHostname, guestTemplateData } from './defaults-user';
import type { HostInfo } from './host';
import { concatLists, foldNetworks, mergeMaps, mergeVMOpts, pickNonEmptyList, pickScalar, uniqueConcat } from './merge';
import type { Arch, FilledLimaYAML, LimaYAML, OSType } from './types';
import { formatByteSize } from './units';

export interface FillOptions {
  /** `$LIMA_HOME/_config/default.yaml`: lowest priority. */
  defaults?: LimaYAML;
  /** `$LIMA_HOME/_config/override.yaml`: wins over everything. */
  override?: LimaYAML;
  host: HostInfo;
  /** The instance directory; `{{.Dir}}`, relative host sockets and MAC addresses derive from it. */
  instanceDir?: string;
  /** Defaults to the instance directory's base name. */
  instanceName?: string;
  /**
   * The `lima-version` recorded in an existing instance directory, '' when the directory
   * exists without one (made before Lima 0.20), undefined for an instance being created.
   */
  existingLimaVersion?: string;
}

export interface FillResult {
  config: FilledLimaYAML;
  warnings: string[];
}

const GiB = 1024 ** 3;

export function defaultCpus(host: HostInfo): number {
  return Math.max(1, Math.min(4, host.cpus));
}

export function defaultMemory(host: HostInfo): string {
  return formatByteSize(Math.min(4 * GiB, Math.floor(host.memoryBytes / 2)));
}

export const DEFAULT_DISK = '100GiB';

export function fillDefaults(input: LimaYAML, opts: FillOptions): FillResult {
  const warnings: string[] = [];
  const y = structuredClone(input);
  const d = structuredClone(opts.defaults ?? {});
  const o = structuredClone(opts.override ?? {});
  const { host, existingLimaVersion } = opts;
  const instanceDir = opts.instanceDir ?? '';
  const instanceName = opts.instanceName ?? (instanceDir ? path.basename(instanceDir) : '');
  const scalar = <K extends keyof LimaYAML>(key: K): LimaYAML[K] => pickScalar(y[key], d[key], o[key]);

  const guestOs: OSType = resolveOs(scalar('os'));
  const arch: Arch = resolveArch(scalar('arch'), host);
  const param = mergeMaps(d.param, y.param, o.param);
  const user = fillUser(y.user, d.user, o.user, { host, os: guestOs, existingLimaVersion, instanceName, hostname: guestHostname(instanceName), param }, warnings);
  const guestData = guestTemplateData({ instanceName, hostname: guestHostname(instanceName), param }, user);
  const hostData = hostTemplateData(host, instanceDir, param);

  const vmOpts = migrateCpuType(mergeMaps(d.cpuType, y.cpuType, o.cpuType), mergeVMOpts(d.vmOpts, y.vmOpts, o.vmOpts), warnings);
  const mountTypesUnsupported = concatLists(o.mountTypesUnsupported, y.mountTypesUnsupported, d.mountTypesUnsupported);
  const mountType = resolveMountType(scalar('mountType'), mountTypesUnsupported, { hostOs: host.os, existingLimaVersion });
  const plain = scalar('plain') ?? false;
  const dataOwner = guestOs === 'Darwin' || guestOs === 'FreeBSD' ? 'root:wheel' : 'root:root';

  // One literal with every field, the optional ones added after: an object literal that
  // starts with a spread is built property by property and ends up in V8's slow dictionary
  // mode, which made filling (and everything reading the result) several times slower.
  const config: FilledLimaYAML = {
    rosetta: mergeRosetta(y, d, o, host),
    vmType: resolveVmType(scalar('vmType')),
    vmOpts,
    os: guestOs,
    arch,
    images: fillImages(concatLists(o.images, y.images, d.images), arch),
    cpus: scalar('cpus') || defaultCpus(host),
    memory: scalar('memory') || defaultMemory(host),
    disk: scalar('disk') || DEFAULT_DISK,
    additionalDisks: concatLists(o.additionalDisks, y.additionalDisks, d.additionalDisks),
    mounts: [],
    mountType,
    mountTypesUnsupported,
    mountInotify: scalar('mountInotify') ?? false,
    ssh: {
      localPort: pickScalar(y.ssh?.localPort, d.ssh?.localPort, o.ssh?.localPort) ?? 0,
      loadDotSSHPubKeys: pickScalar(y.ssh?.loadDotSSHPubKeys, d.ssh?.loadDotSSHPubKeys, o.ssh?.loadDotSSHPubKeys) ?? false,
      forwardAgent: pickScalar(y.ssh?.forwardAgent, d.ssh?.forwardAgent, o.ssh?.forwardAgent) ?? false,
      forwardX11: pickScalar(y.ssh?.forwardX11, d.ssh?.forwardX11, o.ssh?.forwardX11) ?? false,
      forwardX11Trusted: pickScalar(y.ssh?.forwardX11Trusted, d.ssh?.forwardX11Trusted, o.ssh?.forwardX11Trusted) ?? false,
      // SSH over vsock is not implemented for QEMU.
      overVsock: pickScalar(y.ssh?.overVsock, d.ssh?.overVsock, o.ssh?.overVsock) ?? false,
    },
    firmware: {
      legacyBIOS: pickScalar(y.firmware?.legacyBIOS, d.firmware?.legacyBIOS, o.firmware?.legacyBIOS) ?? false,
      images: concatLists(o.firmware?.images, y.firmware?.images, d.firmware?.images).map((f) => ({ ...f, arch: f.arch ?? arch })),
    },
    audio: {
      device: pickScalar(y.audio?.device, d.audio?.device, o.audio?.device) ?? '',
      interface: pickScalar(y.audio?.interface, d.audio?.interface, o.audio?.interface) ?? '',
    },
    video: {
      display: pickScalar(y.video?.display, d.video?.display, o.video?.display) || 'none',
      vnc: { display: pickScalar(y.video?.vnc?.display, d.video?.vnc?.display, o.video?.vnc?.display) || DEFAULT_VNC_DISPLAY },
    },
    upgradePackages: scalar('upgradePackages') ?? false,
    guestInstallPrefix: scalar('guestInstallPrefix') ?? '/usr/local',
    containerd: {
      system: pickScalar(y.containerd?.system, d.containerd?.system, o.containerd?.system) ?? false,
      // Lima ships nerdctl-full only for these two architectures.
      user: pickScalar(y.containerd?.user, d.containerd?.user, o.containerd?.user) ?? (arch === 'x86_64' || arch === 'aarch64'),
      archives: concatLists(o.containerd?.archives, y.containerd?.archives, d.containerd?.archives).map((f) => ({ ...f, arch: f.arch ?? arch })),
    },
    provision: fillProvisions(concatLists(o.provision, y.provision, d.provision), guestData, dataOwner, warnings),
    probes: fillProbes(concatLists(o.probes, y.probes, d.probes), guestData, warnings),
    portForwards: fillPortForwards(concatLists(o.portForwards, y.portForwards, d.portForwards), guestData, hostData, instanceDir, warnings),
    copyToHost: fillCopyToHost(concatLists(o.copyToHost, y.copyToHost, d.copyToHost), guestData, hostData, warnings),
    networks: fillNetworks(foldNetworks(d.networks, y.networks, o.networks, warnings), instanceDir ? path.join(instanceDir, 'lima.yaml') : '', host),
    env: mergeMaps(d.env, y.env, o.env),
    param,
    dns: pickNonEmptyList(y.dns, d.dns, o.dns),
    hostResolver: {
      enabled: pickScalar(y.hostResolver?.enabled, d.hostResolver?.enabled, o.hostResolver?.enabled) ?? true,
      ipv6: pickScalar(y.hostResolver?.ipv6, d.hostResolver?.ipv6, o.hostResolver?.ipv6) ?? false,
      hosts: mergeMaps(d.hostResolver?.hosts, y.hostResolver?.hosts, o.hostResolver?.hosts),
    },
    propagateProxyEnv: scalar('propagateProxyEnv') ?? true,
    caCerts: {
      removeDefaults: pickScalar(y.caCerts?.removeDefaults, d.caCerts?.removeDefaults, o.caCerts?.removeDefaults) ?? false,
      files: uniqueConcat(d.caCerts?.files, y.caCerts?.files, o.caCerts?.files),
      certs: uniqueConcat(d.caCerts?.certs, y.caCerts?.certs, o.caCerts?.certs),
    },
    plain,
    timezone: scalar('timezone') ?? host.timezone,
    user,
    tpm: scalar('tpm') ?? false,
    osOpts: mergeMaps(d.osOpts, y.osOpts, o.osOpts),
    nestedVirtualization: scalar('nestedVirtualization') ?? false,
  };
  const base = y.base;
  const minimumLimaVersion = scalar('minimumLimaVersion');
  const message = scalar('message');
  if (base !== undefined) config.base = base;
  if (minimumLimaVersion !== undefined) config.minimumLimaVersion = minimumLimaVersion;
  if (message !== undefined) config.message = message;
  const mounts = fillMounts([...(d.mounts ?? []), ...(y.mounts ?? []), ...(o.mounts ?? [])], guestData, hostData, host, warnings);
  config.mounts = fillVirtiofsQueueSize(mounts, mountType);
  return { config: plain ? applyPlainMode(config) : config, warnings };
}

/** Plain mode: no mounts, only static port forwards, no containerd, no timezone. */
function applyPlainMode(config: FilledLimaYAML): FilledLimaYAML {
  return {
    ...config,
    mounts: [],
    portForwards: config.portForwards.filter((rule) => rule.static === true),
    containerd: { ...config.containerd, system: false, user: false },
    rosetta: { enabled: false, binfmt: false },
    timezone: '',
  };
}

function resolveVmType(vmType: LimaYAML['vmType']): FilledLimaYAML['vmType'] {
  // Limadesk only drives QEMU, so unset means qemu; an explicit other type is kept for validation to report.
  return !vmType || vmType === 'default' ? 'qemu' : vmType;
}

function resolveOs(value: string | undefined): OSType {
  return !value || value === 'default' ? 'Linux' : (value as OSType);
}

function resolveArch(value: LimaYAML['arch'] | '', host: HostInfo): Arch {
  return !value || value === 'default' ? host.arch : value;
}

/** Rosetta only exists on Apple silicon Macs; everywhere else it is forced off. */
function mergeRosetta(y: LimaYAML, d: LimaYAML, o: LimaYAML, host: HostInfo): NonNullable<LimaYAML['rosetta']> {
  const enabled = pickScalar(y.rosetta?.enabled, d.rosetta?.enabled, o.rosetta?.enabled) ?? false;
  const binfmt = pickScalar(y.rosetta?.binfmt, d.rosetta?.binfmt, o.rosetta?.binfmt) ?? false;
  return { enabled: host.os === 'darwin' && host.arch === 'aarch64' && enabled, binfmt };
}

/** Values for templates evaluated on the host (mount locations, host sockets, copy targets). */
function hostTemplateData(host: HostInfo, instanceDir: string, param: Readonly<Record<string, string>>) {
  return {
    Dir: instanceDir,
    Name: instanceDir ? path.basename(instanceDir) : '',
    UID: host.uid,
    User: host.userName,
    Home: host.homeDir,
    Param: param,
    GlobalTempDir: host.os === 'win32' ? (host.tempDir ?? os.tmpdir()) : '/tmp',
    TempDir: host.tempDir ?? os.tmpdir(),
    // Older spellings Lima still accepts.
    Instance: instanceDir ? path.basename(instanceDir) : '',
    LimaHome: instanceDir ? path.dirname(instanceDir) : '',
  };
}


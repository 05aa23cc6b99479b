import { isIP } from 'node:net';
import type { FilledLimaYAML } from '../config/types';
import type { GuestMount } from './guest-mounts';
import { dnsAddresses, SLIRP_DNS, SLIRP_GATEWAY, SLIRP_GUEST_IP } from './guest-network';
import { proxyEnv } from './proxy-env';
import { envLines } from './shell-env';

export interface GuestUser {
  name: string;
  uid: number;
  comment: string;
  home: string;
  shell: string;
}

/** A `mode: data` provision, written as `provision.data/<file>` and described in lima.env. */
export interface DataFile {
  file: string;
  path: string;
  owner: string;
  permissions: string;
  overwrite: boolean;
}

/** A `mode: yq` provision, written as `provision.yq/<file>` (its expression) and described in lima.env. */
export interface YqFile {
  file: string;
  path: string;
  format: string;
  owner: string;
  permissions: string;
}

export interface LimaEnvInput {
  name: string;
  /** This boot's instance id (meta-data's), which the guest writes into its readiness markers. */
  iid: string;
  config: FilledLimaYAML;
  user: GuestUser;
  mounts: readonly GuestMount[];
  hostHomeDir: string;
  dataFiles: readonly DataFile[];
  yqFiles: readonly YqFile[];
}

function bool(value: boolean | undefined): string {
  return value ? '1' : '';
}

/**
 * The guest's name for the i-th additional disk: virtio disks are named in the order QEMU
 * adds them, the boot disk first (vda), so data disks start at vdb, as in Lima.
 */
export function additionalDiskDevice(i: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const n = i + 1;
  return n < 26 ? `vd${letters[n]}` : `vd${letters[Math.floor(n / 26) - 1]}${letters[n % 26]}`;
}

/** `lima.env`: what the guest's boot scripts know about the instance, as LIMA_CIDATA_* variables. */
export function renderLimaEnv({ name, iid, config, user, mounts, hostHomeDir, dataFiles, yqFiles }: LimaEnvInput): string {
  const home = mounts.find((m) => m.location === hostHomeDir);
  const entries: Array<[string, string]> = [
    ['LIMA_CIDATA_IID', iid],
    ['LIMA_CIDATA_NAME', name],
    ['LIMA_CIDATA_USER', user.name],
    ['LIMA_CIDATA_UID', String(user.uid)],
    ['LIMA_CIDATA_COMMENT', user.comment],
    ['LIMA_CIDATA_HOME', user.home],
    ['LIMA_CIDATA_SHELL', user.shell],
    ['LIMA_CIDATA_HOSTHOME_MOUNTPOINT', home?.mountPoint ?? ''],
    ['LIMA_CIDATA_MOUNTS', String(mounts.length)],
    ...mounts.flatMap((m, i): Array<[string, string]> => [
      [`LIMA_CIDATA_MOUNTS_${i}_MOUNTPOINT`, m.mountPoint],
      [`LIMA_CIDATA_MOUNTS_${i}_TAG`, m.tag],
      [`LIMA_CIDATA_MOUNTS_${i}_TYPE`, m.type],
      [`LIMA_CIDATA_MOUNTS_${i}_OPTIONS`, m.options],
    ]),
    ['LIMA_CIDATA_MOUNTTYPE', config.mountType ?? ''],
    ['LIMA_CIDATA_DISKS', String(config.additionalDisks.length)],
    ...config.additionalDisks.flatMap((disk, i): Array<[string, string]> => {
      const d = typeof disk === 'string' ? { name: disk } : disk;
      return [
        [`LIMA_CIDATA_DISK_${i}_NAME`, d.name],
        [`LIMA_CIDATA_DISK_${i}_DEVICE`, additionalDiskDevice(i)],
        [`LIMA_CIDATA_DISK_${i}_FORMAT`, d.format === false ? 'false' : 'true'],
        [`LIMA_CIDATA_DISK_${i}_FSTYPE`, d.fsType ?? ''],
        [`LIMA_CIDATA_DISK_${i}_FSARGS`, (d.fsArgs ?? []).join(' ')],
      ];
    }),
    ['LIMA_CIDATA_GUEST_INSTALL_PREFIX', config.guestInstallPrefix ?? '/usr/local'],
    ['LIMA_CIDATA_UPGRADE_PACKAGES', bool(config.upgradePackages)],
    ['LIMA_CIDATA_CONTAINERD_USER', bool(config.containerd?.user && !config.plain)],
    ['LIMA_CIDATA_CONTAINERD_SYSTEM', bool(config.containerd?.system && !config.plain)],
    ['LIMA_CIDATA_SLIRP_DNS', SLIRP_DNS],
    ['LIMA_CIDATA_SLIRP_GATEWAY', SLIRP_GATEWAY],
    ['LIMA_CIDATA_SLIRP_IP_ADDRESS', SLIRP_GUEST_IP],
    // Limadesk runs no DNS server for the guest: nothing to redirect port 53 to.
    ['LIMA_CIDATA_UDP_DNS_LOCAL_PORT', '0'],
    ['LIMA_CIDATA_TCP_DNS_LOCAL_PORT', '0'],
    ['LIMA_CIDATA_DNS', dnsAddresses(config).join(' ')],
    ['LIMA_CIDATA_SKIP_DEFAULT_DEPENDENCY_RESOLUTION', bool(config.provision.some((p) => p.mode === 'dependency' && p.skipDefaultDependencyResolution))],
    ['LIMA_CIDATA_VMTYPE', config.vmType ?? 'qemu'],
    ['LIMA_CIDATA_PLAIN', bool(config.plain)],
    ['LIMA_CIDATA_PASSWORDLESS_SUDO', bool(config.user?.passwordlessSudo ?? true)],
    ['LIMA_CIDATA_TIMEZONE', config.timezone ?? ''],
  ];
  for (const data of dataFiles) {
    const prefix = `LIMA_CIDATA_DATAFILE_${data.file}`;
    entries.push(
      [`${prefix}_OWNER`, data.owner],
      [`${prefix}_PATH`, data.path],
      [`${prefix}_PERMISSIONS`, data.permissions],
      [`${prefix}_OVERWRITE`, data.overwrite ? 'true' : 'false'],
    );
  }
  for (const yq of yqFiles) {
    const prefix = `LIMA_CIDATA_YQ_PROVISION_${yq.file}`;
    entries.push([`${prefix}_FORMAT`, yq.format], [`${prefix}_OWNER`, yq.owner], [`${prefix}_PATH`, yq.path], [`${prefix}_PERMISSIONS`, yq.permissions]);
  }
  return envLines(entries);
}

export const HOSTS_BLOCK_START = '# LIMA-HOSTS-START';
export const HOSTS_BLOCK_END = '# LIMA-HOSTS-END';

/**
 * `etc_hosts`: the block a boot script puts into the guest's /etc/hosts. host.lima.internal is
 * the host at the user-mode gateway and the guest's own name (lima-<instance>) its user-mode
 * address, as Lima's DNS server answers them; `hostResolver.hosts` entries that map to an
 * address follow (Lima serves those from its DNS server too, which Limadesk does not run).
 */
export function renderEtcHosts(config: FilledLimaYAML, hostname: string): string {
  const lines = [`${SLIRP_GATEWAY}\thost.lima.internal`, `${SLIRP_GUEST_IP}\t${hostname}`];
  if (config.hostResolver?.enabled !== false) {
    const hosts = Object.entries(config.hostResolver?.hosts ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
    for (const [name, address] of hosts) {
      if (isIP(address) && /^[A-Za-z0-9_.-]+$/.test(name)) lines.push(`${address}\t${name}`);
    }
  }
  return `${HOSTS_BLOCK_START}\n${lines.join('\n')}\n${HOSTS_BLOCK_END}\n`;
}

/** `param.env`: every `param:` entry as PARAM_<key>, for provisioning scripts. */
export function renderParamEnv(param: Readonly<Record<string, string>> | undefined): string {
  return envLines(Object.entries(param ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [`PARAM_${k}`, v] as const));
}

export const ENV_BLOCK_START = '#LIMA-START';
export const ENV_BLOCK_END = '#LIMA-END';

/**
 * `etc_environment`: the block a boot script puts into the guest's /etc/environment. Proxy
 * variables of the host come first (when `propagateProxyEnv`), then `env:`, which wins.
 */
export function renderEtcEnvironment(config: FilledLimaYAML, hostEnv: NodeJS.ProcessEnv): string {
  const vars = config.propagateProxyEnv === false ? new Map<string, string>() : proxyEnv(hostEnv);
  for (const [key, value] of Object.entries(config.env ?? {})) vars.set(key, value);
  const sorted = [...vars].sort(([a], [b]) => (a < b ? -1 : 1));
  return `${ENV_BLOCK_START}\n${envLines(sorted)}${ENV_BLOCK_END}\n`;
}

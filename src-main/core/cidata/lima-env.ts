import type { FilledLimaYAML } from '../config/types';
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

export interface LimaEnvInput {
  name: string;
  config: FilledLimaYAML;
  user: GuestUser;
  dataFiles: readonly DataFile[];
}

function bool(value: boolean | undefined): string {
  return value ? '1' : '';
}

/** `lima.env`: what the guest's boot scripts know about the instance, as LIMA_CIDATA_* variables. */
export function renderLimaEnv({ name, config, user, dataFiles }: LimaEnvInput): string {
  const mountsInGuest = config.mountType === 'reverse-sshfs' || config.plain ? [] : config.mounts;
  const entries: Array<[string, string]> = [
    ['LIMA_CIDATA_NAME', name],
    ['LIMA_CIDATA_USER', user.name],
    ['LIMA_CIDATA_UID', String(user.uid)],
    ['LIMA_CIDATA_COMMENT', user.comment],
    ['LIMA_CIDATA_HOME', user.home],
    ['LIMA_CIDATA_SHELL', user.shell],
    ['LIMA_CIDATA_MOUNTS', String(mountsInGuest.length)],
    ...mountsInGuest.map((m, i): [string, string] => [`LIMA_CIDATA_MOUNTS_${i}_MOUNTPOINT`, m.mountPoint ?? m.location ?? '']),
    ['LIMA_CIDATA_MOUNTTYPE', config.mountType ?? ''],
    ['LIMA_CIDATA_DISKS', String(config.additionalDisks.length)],
    ['LIMA_CIDATA_GUEST_INSTALL_PREFIX', config.guestInstallPrefix ?? '/usr/local'],
    ['LIMA_CIDATA_UPGRADE_PACKAGES', bool(config.upgradePackages)],
    ['LIMA_CIDATA_CONTAINERD_USER', bool(config.containerd?.user && !config.plain)],
    ['LIMA_CIDATA_CONTAINERD_SYSTEM', bool(config.containerd?.system && !config.plain)],
    ['LIMA_CIDATA_SLIRP_DNS', SLIRP_DNS],
    ['LIMA_CIDATA_SLIRP_GATEWAY', SLIRP_GATEWAY],
    ['LIMA_CIDATA_SLIRP_IP_ADDRESS', SLIRP_GUEST_IP],
    ['LIMA_CIDATA_DNS', dnsAddresses(config).join(' ')],
    ['LIMA_CIDATA_VMTYPE', config.vmType ?? 'qemu'],
    ['LIMA_CIDATA_PLAIN', bool(config.plain)],
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
  return envLines(entries);
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

import { createHash } from 'node:crypto';
import path from 'node:path';
import { stringify } from 'yaml';
import type { FilledLimaYAML, Mount } from '../config/types';
import { parseByteSize } from '../config/units';
import { PER_BOOT_HOOK, PER_BOOT_HOOK_PATH } from './boot-scripts';
import { dnsAddresses } from './guest-network';
import type { GuestUser } from './lima-env';

/**
 * The virtio tag a share is exported under: `lima-` + 16 hex digits of sha256("location:mountPoint").
 * QEMU's `-virtfs mount_tag=` and vhost-user-fs `tag=` use the same formula on the host side.
 */
export function mountTag(location: string, mountPoint: string): string {
  return `lima-${createHash('sha256').update(`${location}:${mountPoint}`).digest('hex').slice(0, 16)}`;
}

function expandHome(location: string, homeDir: string): string {
  if (location === '~') return homeDir;
  return location.startsWith('~/') ? path.join(homeDir, location.slice(2)) : location;
}

/** A cloud-init `mounts:` row: [tag, mount point, fs type, options, dump, pass]. */
function mountRow(mount: Mount, index: number, mountType: string, homeDir: string): string[] {
  if (!mount.location) throw new Error(`field \`mounts[${index}].location\` must be set`);
  const location = expandHome(mount.location, homeDir);
  const mountPoint = mount.mountPoint ?? location;
  const options = [mount.writable ? 'rw' : 'ro'];
  if (mountType === '9p') {
    const nineP = mount['9p'] ?? {};
    options.push('trans=virtio', `version=${nineP.protocolVersion ?? '9p2000.L'}`, `msize=${parseByteSize(nineP.msize ?? '128KiB')}`);
    options.push(`cache=${nineP.cache ?? (mount.writable ? 'mmap' : 'fscache')}`);
  }
  // A missing share must not stop the boot.
  options.push('nofail');
  return [mountTag(location, mountPoint), mountPoint, mountType, options.join(','), '0', '0'];
}

export interface UserDataInput {
  config: FilledLimaYAML;
  user: GuestUser;
  authorizedKeys: readonly string[];
  hostHomeDir: string;
  caCerts: readonly string[];
}

/** `mode: boot` provisions run from bootcmd, early on every boot, with the params exported. */
function bootCommands(config: FilledLimaYAML): string[] {
  const params = Object.entries(config.param ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  const exports = params.map(([k, v]) => `export PARAM_${k}='${v.replace(/'/g, `'\\''`)}'\n`).join('');
  return config.provision
    .filter((p) => p.mode === 'boot' && p.script)
    .map((p) => `${exports}${p.script ?? ''}${(p.script ?? '').endsWith('\n') ? '' : '\n'}`);
}

/** `user-data`: the #cloud-config document with the user, its keys and Lima's per-boot hook. */
export function renderUserData({ config, user, authorizedKeys, hostHomeDir, caCerts }: UserDataInput): string {
  const doc: Record<string, unknown> = {
    growpart: { mode: 'auto', devices: ['/'] },
  };
  if (config.upgradePackages) {
    Object.assign(doc, { package_update: true, package_upgrade: true, package_reboot_if_required: true });
  }
  if ((config.mountType === '9p' || config.mountType === 'virtiofs') && !config.plain && config.mounts.length > 0) {
    doc.mounts = config.mounts.map((m, i) => mountRow(m, i, config.mountType, hostHomeDir));
  }
  if (config.timezone && !config.plain) doc.timezone = config.timezone;
  // An integer: the schema of Debian 12's cloud-init (22.4) rejects the quoted form.
  const userEntry: Record<string, unknown> = { name: user.name, uid: user.uid };
  if (user.comment) userEntry.gecos = user.comment;
  Object.assign(userEntry, { homedir: user.home, shell: user.shell });
  if (config.user?.passwordlessSudo ?? true) userEntry.sudo = 'ALL=(ALL) NOPASSWD:ALL';
  Object.assign(userEntry, { lock_passwd: true, 'ssh-authorized-keys': [...authorizedKeys] });
  doc.users = [userEntry];
  doc.write_files = [{ content: PER_BOOT_HOOK, owner: 'root:root', path: PER_BOOT_HOOK_PATH, permissions: '0755' }];
  doc.manage_resolv_conf = true;
  doc.resolv_conf = { nameservers: dnsAddresses(config) };
  if (config.caCerts?.removeDefaults || caCerts.length > 0) {
    doc.ca_certs = { remove_defaults: config.caCerts?.removeDefaults ?? false, trusted: [...caCerts] };
  }
  const boot = bootCommands(config);
  if (boot.length > 0) doc.bootcmd = boot;
  return `#cloud-config\n${stringify(doc, { lineWidth: 0 })}`;
}

import { stringify } from 'yaml';
import type { FilledLimaYAML } from '../config/types';
import { PER_BOOT_HOOK, PER_BOOT_HOOK_PATH } from './boot-scripts';
import { guestMounts } from './guest-mounts';
import { dnsAddresses } from './guest-network';
import type { GuestUser } from './lima-env';

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
  const mounts = guestMounts(config, hostHomeDir).filter((m) => m.type === '9p' || m.type === 'virtiofs');
  // A row is [tag, mount point, fs type, options, dump, pass].
  if (mounts.length > 0) doc.mounts = mounts.map((m) => [m.tag, m.mountPoint, m.type, m.options, '0', '0']);
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

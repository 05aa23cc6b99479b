import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FilledLimaYAML, Provision } from '../config/types';
import { hostnameFor } from '../store/names';
import { BOOT_LINUX_SCRIPTS } from './boot-linux-scripts';
import { BOOT_SH, ETC_ENVIRONMENT_SH } from './boot-scripts';
import { guestMounts } from './guest-mounts';
import { renderNetworkConfig } from './guest-network';
import type { IsoFileInput } from './iso9660/write-iso';
import type { DataFile, GuestUser, YqFile } from './lima-env';
import { renderEtcEnvironment, renderEtcHosts, renderLimaEnv, renderParamEnv } from './lima-env';
import { renderUserData } from './user-data';

export interface SeedInput {
  name: string;
  config: FilledLimaYAML;
  /** Keys for the guest user, Lima's own first. */
  authorizedKeys: readonly string[];
  hostHomeDir: string;
  hostUser: { name: string; uid: number };
  hostEnv: NodeJS.ProcessEnv;
  slirpMacAddress: string;
  /** Seeds the instance id; Lima gives every boot a new one. */
  now: Date;
}

export interface Seed {
  files: IsoFileInput[];
  userData: string;
  /** meta-data's instance id; the guest's readiness markers hold it for this boot. */
  instanceId: string;
}

const text = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/**
 * The guest user from the filled `user:`. Loading fills every field; a caller holding a partial
 * config gets Lima's defaults for what is missing rather than a seed without a user.
 */
export function guestUser(config: FilledLimaYAML, hostUser: { name: string; uid: number }): GuestUser {
  const user = config.user ?? {};
  const name = user.name || hostUser.name;
  return {
    name,
    uid: user.uid ?? hostUser.uid,
    comment: user.comment ?? '',
    home: user.home || `/home/${name}.guest`,
    shell: user.shell || '/bin/bash',
  };
}

/** Lists a loaded config always has; a partial one gets them empty. */
function withLists(config: FilledLimaYAML): FilledLimaYAML {
  return {
    ...config,
    mounts: config.mounts ?? [],
    networks: config.networks ?? [],
    provision: config.provision ?? [],
    additionalDisks: config.additionalDisks ?? [],
  };
}

/** `provision.<mode>/<8-digit index>` for the modes whose scripts live on the CD. */
function provisionFiles(provisions: readonly Provision[]): { files: IsoFileInput[]; dataFiles: DataFile[]; yqFiles: YqFile[] } {
  const files: IsoFileInput[] = [];
  const dataFiles: DataFile[] = [];
  const yqFiles: YqFile[] = [];
  provisions.forEach((p, i) => {
    const file = String(i).padStart(8, '0');
    switch (p.mode ?? 'system') {
      case 'system':
      case 'user':
      case 'dependency':
        files.push({ path: `provision.${p.mode ?? 'system'}/${file}`, data: text(p.script ?? ''), mode: 0o755 });
        break;
      case 'data':
        files.push({ path: `provision.data/${file}`, data: text(p.content ?? ''), mode: 0o644 });
        dataFiles.push({
          file,
          path: p.path ?? '',
          owner: p.owner ?? 'root:root',
          permissions: p.permissions ?? '644',
          overwrite: p.overwrite ?? true,
        });
        break;
      case 'yq':
        files.push({ path: `provision.yq/${file}`, data: text(p.expression ?? ''), mode: 0o644 });
        yqFiles.push({ file, path: p.path ?? '', format: p.format ?? 'auto', owner: p.owner ?? 'root:root', permissions: p.permissions ?? '644' });
        break;
      default:
        // boot provisions go into user-data's bootcmd; ansible runs on the host.
        break;
    }
  });
  return { files, dataFiles, yqFiles };
}

/** PEM texts of `caCerts.files` (read from the host) followed by `caCerts.certs`. */
export async function caCertificates(config: FilledLimaYAML, hostHomeDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const [i, file] of (config.caCerts?.files ?? []).entries()) {
    const resolved = file === '~' || file.startsWith('~/') ? path.join(hostHomeDir, file.slice(1)) : file;
    try {
      out.push(await readFile(resolved, 'utf8'));
    } catch (err) {
      throw new Error(`field \`caCerts.files[${i}]\`: cannot read ${resolved}: ${(err as Error).message}`, { cause: err });
    }
  }
  out.push(...(config.caCerts?.certs ?? []));
  return out;
}

/** Everything Lima puts on the NoCloud seed that makes sense for a Limadesk guest. */
export async function buildSeed(input: SeedInput): Promise<Seed> {
  const config = withLists(input.config);
  const user = guestUser(config, input.hostUser);
  const iid = `iid-${Math.floor(input.now.getTime() / 1000)}`;
  const userData = renderUserData({
    config,
    user,
    authorizedKeys: input.authorizedKeys,
    hostHomeDir: input.hostHomeDir,
    caCerts: await caCertificates(config, input.hostHomeDir),
  });
  const { files: provisions, dataFiles, yqFiles } = provisionFiles(config.provision);
  const mounts = guestMounts(config, input.hostHomeDir);
  const limaEnv = renderLimaEnv({ name: input.name, iid, config, user, mounts, hostHomeDir: input.hostHomeDir, dataFiles, yqFiles });
  const files: IsoFileInput[] = [
    { path: 'meta-data', data: text(`instance-id: ${iid}\nlocal-hostname: ${hostnameFor(input.name)}\n`) },
    { path: 'user-data', data: text(userData) },
    { path: 'network-config', data: text(renderNetworkConfig(config, input.slirpMacAddress)) },
    { path: 'lima.env', data: text(limaEnv) },
    { path: 'param.env', data: text(renderParamEnv(config.param)) },
    { path: 'etc_environment', data: text(renderEtcEnvironment(config, input.hostEnv)) },
    { path: 'etc_hosts', data: text(renderEtcHosts(config, hostnameFor(input.name))) },
    { path: 'boot.sh', data: text(BOOT_SH), mode: 0o755 },
    { path: 'boot.essential.Linux/07-etc-environment.sh', data: text(ETC_ENVIRONMENT_SH), mode: 0o755 },
    ...BOOT_LINUX_SCRIPTS.map(([name, script]) => ({ path: `boot.Linux/${name}`, data: text(script), mode: 0o755 })),
    ...provisions,
  ];
  return { files, userData, instanceId: iid };
}

import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Logger } from '../../common/logger';
import type { FilledLimaYAML } from '../config/types';
import { detectHost } from '../config/host';
import { writeFileAtomic } from '../store/atomic-write';
import { CIDataISO, CloudConfig } from '../store/filenames';
import { slirpMac } from './guest-network';
import { buildIso } from './iso9660/write-iso';
import { buildSeed } from './seed-files';
import { authorizedKeys } from './ssh-keys';
import { ensureUserKey } from './user-key';

export interface CidataHost {
  homeDir: string;
  userName: string;
  uid: number;
  machineId: string;
  env: NodeJS.ProcessEnv;
}

export interface CidataOptions {
  host?: CidataHost;
  now?: Date;
}

export interface WrittenCidata {
  iso: string;
  /** This boot's instance id, which the guest's readiness markers will hold. */
  instanceId: string;
  /** Each file on the CD with the sha256 of its bytes, as a guest would see them. */
  files: Array<{ path: string; sha256: string }>;
}

function currentHost(): CidataHost {
  const host = detectHost();
  return { homeDir: host.homeDir, userName: host.userName, uid: host.uid, machineId: host.machineId ?? '', env: process.env };
}

/**
 * Regenerates `<I>/cidata.iso` (and its reference copy of the user-data, `cloud-config.yaml`)
 * for this boot, as Lima's host agent does before every start. The SSH key pair in
 * `$LIMA_HOME/_config` is created first if it is missing.
 */
export async function writeCidata(
  instance: { name: string; dir: string; limaHome: string; config: FilledLimaYAML },
  logger: Logger,
  options: CidataOptions = {},
): Promise<WrittenCidata> {
  const host = options.host ?? currentHost();
  const now = options.now ?? new Date();
  const { config } = instance;
  const key = await ensureUserKey(instance.limaHome);
  const keys = await authorizedKeys(key.publicKey, config.ssh?.loadDotSSHPubKeys ?? false, host.homeDir, logger);
  const seed = await buildSeed({
    name: instance.name,
    config,
    authorizedKeys: keys,
    hostHomeDir: host.homeDir,
    hostUser: { name: host.userName, uid: host.uid },
    hostEnv: host.env,
    slirpMacAddress: slirpMac(host.machineId, instance.dir),
    now,
  });
  const iso = path.join(instance.dir, CIDataISO);
  await writeFileAtomic(path.join(instance.dir, CloudConfig), seed.userData, 0o444);
  await writeFileAtomic(iso, buildIso(seed.files, { volumeId: 'cidata', date: now }), 0o644);
  const files = seed.files.map((f) => ({ path: f.path, sha256: createHash('sha256').update(f.data).digest('hex') }));
  logger.info('wrote the cloud-init seed', { file: iso, files: files.length, keys: keys.length });
  return { iso, instanceId: seed.instanceId, files };
}

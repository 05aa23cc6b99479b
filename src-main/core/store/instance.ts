import type { InstanceStatus, InstanceSummary } from '../../common/api';
import path from 'node:path';
import type { FilledLimaYAML } from '../config/types';
import { SSHConfig } from './filenames';
import { hostnameFor } from './names';

export type { InstanceStatus };

/**
 * One instance as Lima's `store.Inspect` sees it: derived from its directory on every call.
 * It is the API's summary plus what stays on this host (pids, the config tree, file paths).
 */
export interface Instance extends InstanceSummary {
  hostname: string;
  sshConfigFile: string;
  sshAddress: string;
  hostAgentPID: number;
  driverPID: number;
  config?: FilledLimaYAML;
  limaVersion: string;
}

/**
 * The starting point of an inspection, and all there is to say of a directory that cannot be
 * inspected: Broken, nothing known, the reasons in `errors`.
 */
export function brokenInstance(name: string, dir: string, errors: string[] = []): Instance {
  return {
    name,
    hostname: hostnameFor(name),
    status: 'Broken',
    dir,
    vmType: '',
    arch: '',
    cpus: 0,
    memory: 0,
    disk: 0,
    message: '',
    sshLocalPort: 0,
    sshConfigFile: path.join(dir, SSHConfig),
    sshAddress: '127.0.0.1',
    hostAgentPID: 0,
    driverPID: 0,
    errors,
    protected: false,
    limaVersion: '',
  };
}

import type { FilledLimaYAML } from '../config/types';

export type InstanceStatus = 'Running' | 'Stopped' | 'Broken';

/** One instance as Lima's `store.Inspect` sees it: derived from its directory on every call. */
export interface Instance {
  name: string;
  hostname: string;
  status: InstanceStatus;
  dir: string;
  vmType: string;
  arch: string;
  cpus: number;
  /** Bytes. */
  memory: number;
  /** Bytes. */
  disk: number;
  message: string;
  sshLocalPort: number;
  sshConfigFile: string;
  sshAddress: string;
  hostAgentPID: number;
  driverPID: number;
  /** Why the instance is Broken (or other problems found while inspecting it). */
  errors: string[];
  config?: FilledLimaYAML;
  protected: boolean;
  limaVersion: string;
}

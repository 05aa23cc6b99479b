import type { DoctorCheck } from '../../common/api';
import { silentLogger, type Logger } from '../../common/logger';
import { createHostDoctor } from '../driver/registry';
import { diskSpaceCheck, type FreeBytes } from './disk-space';
import type { HostDoctor } from '../driver/host-doctor';

/** The host check as the API offers it. */
export interface Doctor {
  run(): Promise<DoctorCheck[]>;
  /** Gives the QEMU binary the hypervisor entitlement (macOS); a no-op report elsewhere. */
  signQemu(): Promise<{ signed: boolean; message: string }>;
}

export interface DoctorOptions {
  limaHome: string;
  env: NodeJS.ProcessEnv;
  logger?: Logger;
  /** The driver's checks; the QEMU driver's from the registry when absent. */
  hostDoctor?: HostDoctor;
  freeBytes?: FreeBytes;
}

/** The host check behind the doctor page: the driver's checks, then the ones about LIMA_HOME. */
export function createDoctor(options: DoctorOptions): Doctor {
  const logger = options.logger ?? silentLogger;
  const hostDoctor = options.hostDoctor ?? createHostDoctor('qemu', { logger, env: options.env });
  return {
    async run(): Promise<DoctorCheck[]> {
      const [driverChecks, disk] = await Promise.all([hostDoctor.checks(), diskSpaceCheck(options.limaHome, options.freeBytes)]);
      const checks = [...driverChecks, disk];
      for (const check of checks) if (!check.ok) logger.info('host check failed', { id: check.id, detail: check.detail });
      return checks;
    },
    signQemu: () => hostDoctor.sign(),
  };
}

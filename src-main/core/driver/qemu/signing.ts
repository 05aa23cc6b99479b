import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../../common/logger';
import type { Arch } from '../../config/types';
import { chooseAccel } from './accel';
import type { HostFacts } from './host-facts';
import type { Runner } from './runner';

const ENTITLEMENT = 'com.apple.security.hypervisor';

const PLIST = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>${ENTITLEMENT}</key>
	<true/>
</dict>
</plist>
`;

/** Older codesign lacks --xml, so the check only runs from macOS 12 and only where HVF would. */
export function signingCheckApplies(host: HostFacts, arch: Arch): boolean {
  const major = Number(host.macosVersion.split('.')[0] ?? 0);
  return host.os === 'darwin' && major >= 12 && chooseAccel(arch, host).accel === 'hvf';
}

export async function hasHypervisorEntitlement(runner: Runner, qemuPath: string): Promise<boolean> {
  if ((await runner('codesign', ['--verify', qemuPath])).code !== 0) return false;
  const shown = await runner('codesign', ['--display', '--entitlements', '-', '--xml', qemuPath]);
  return shown.code === 0 && (shown.stdout + shown.stderr).includes(ENTITLEMENT);
}

export interface SigningAdvice {
  /** true: the caller should ask the user (default answer Yes) and call signQemu on yes. */
  shouldOfferSigning: boolean;
  warnings: string[];
}

/** Never fails validation: an unsigned QEMU only produces advice for a dialog to act on. */
export async function checkQemuSigning(runner: Runner, host: HostFacts, arch: Arch, qemuPath: string): Promise<SigningAdvice> {
  if (!signingCheckApplies(host, arch) || (await hasHypervisorEntitlement(runner, qemuPath))) return { shouldOfferSigning: false, warnings: [] };
  const warnings = [`QEMU binary ${qemuPath} does not seem properly signed with the "${ENTITLEMENT}" entitlement`];
  if (qemuPath.includes('/.colima/_wrapper/')) warnings.push('this warning is usually harmless for colima');
  return { shouldOfferSigning: true, warnings };
}

/** Ad-hoc signs QEMU with the hypervisor entitlement; failure is reported, not thrown. */
export async function signQemu(runner: Runner, qemuPath: string, logger: Logger): Promise<boolean> {
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'lima-qemu-entitlements-'));
  const plist = path.join(tmpDir, 'entitlements.xml');
  try {
    await writeFile(plist, PLIST);
    const result = await runner('codesign', ['--sign', '-', '--entitlements', plist, '--force', qemuPath]);
    if (result.code === 0) {
      logger.info('signed QEMU with the hypervisor entitlement', { path: qemuPath });
      return true;
    }
    logger.warn('failed to sign QEMU; it may fail to start (see https://github.com/lima-vm/lima/issues/1742)', { path: qemuPath, error: result.stderr.trim() });
    return false;
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}

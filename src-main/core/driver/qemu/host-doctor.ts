import { access, constants, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { DoctorCheck } from '../../../common/api';
import type { Logger } from '../../../common/logger';
import type { Arch } from '../../config/types';
import { OPTIONAL_SUFFIX, type HostDoctor } from '../host-doctor';
import { accelSupported } from './accel';
import { qemuExecutable, qemuSystemName, resolveOnPath } from './executable';
import { firmwareCandidates } from './firmware';
import { detectHostFacts, type HostFacts } from './host-facts';
import { installCommand, qemuPartForArch, type QemuPart } from './install-hints';
import { isExecutableFile } from './instance-files';
import { execFileRunner, type Runner } from './runner';
import { checkQemuSigning, signingCheckApplies, signQemu } from './signing';
import { checkQemuVersion, minimumQemuVersion, parseQemuVersion } from './version';
import { findVirtiofsd, vhostUserDirs } from './virtiofsd';

/** Everything the checks read from the host, injectable so a table of hosts can be tested. */
export interface QemuHostProbe {
  host: HostFacts;
  env: NodeJS.ProcessEnv;
  runner: Runner;
  logger: Logger;
  exists(file: string): boolean;
  isExecutable(file: string): boolean;
  canReadWrite(file: string): Promise<boolean>;
  /** A text file's content, '' when it cannot be read (/proc/cpuinfo, /etc/os-release). */
  readText(file: string): Promise<string>;
  /** The vhost-user descriptor folders searched for virtiofsd. */
  vhostUserDirs?: string[];
}

export async function realHostProbe(logger: Logger, env: NodeJS.ProcessEnv): Promise<QemuHostProbe> {
  return {
    host: await detectHostFacts(),
    env,
    runner: execFileRunner,
    logger,
    exists: existsSync,
    isExecutable: isExecutableFile,
    canReadWrite: (file) => access(file, constants.R_OK | constants.W_OK).then(() => true, () => false),
    readText: (file) => readFile(file, 'utf8').catch(() => ''),
  };
}

const GUEST_ARCHES: Arch[] = ['x86_64', 'aarch64'];

class QemuChecks {
  private osRelease: Promise<string>;

  constructor(private readonly probe: QemuHostProbe) {
    this.osRelease = probe.host.os === 'linux' ? probe.readText('/etc/os-release') : Promise.resolve('');
  }

  private async fix(part: QemuPart): Promise<string> {
    return installCommand(part, this.probe.host, await this.osRelease);
  }

  /** The binary for an arch as spawn would find it, or undefined when it is not installed. */
  qemuPath(arch: Arch): string | undefined {
    const exe = arch === this.probe.host.arch ? qemuExecutable(arch, this.probe.env, this.probe.logger).exe : qemuSystemName(arch);
    const found = resolveOnPath(exe, this.probe.env, this.probe.isExecutable);
    return this.probe.isExecutable(found) ? found : undefined;
  }

  async qemu(): Promise<DoctorCheck> {
    const { host, runner } = this.probe;
    const name = qemuSystemName(host.arch);
    const base = { id: 'qemu', title: `QEMU (${name})` };
    const part = qemuPartForArch(host.arch);
    const install = part ? await this.fix(part) : `Install ${name}`;
    const exe = this.qemuPath(host.arch);
    if (!exe) return { ...base, ok: false, detail: `${name} was not found on PATH (${this.probe.env.PATH ?? ''})`, fix: install };
    const run = await runner(exe, ['--version']);
    if (run.code !== 0) return { ...base, ok: false, detail: `${exe} --version failed: ${(run.stderr || run.stdout).trim() || `exit status ${run.code}`}`, fix: install };
    let version: string;
    try {
      version = parseQemuVersion(run.stdout);
    } catch (err) {
      return { ...base, ok: false, detail: `${exe}: ${(err as Error).message}`, fix: install };
    }
    const { hard, soft } = minimumQemuVersion(host);
    const verdict = checkQemuVersion(version, host, undefined);
    const detail = `QEMU ${version} at ${exe} (Lima requires ${hard}, recommends ${soft})`;
    if (verdict.errors.length > 0) return { ...base, ok: false, detail: `${detail}: ${verdict.errors.join('; ')}`, fix: `Upgrade QEMU: ${install}` };
    if (verdict.warnings.length > 0) return { ...base, ok: true, detail: `${detail}: ${verdict.warnings.join('; ')}`, fix: `Upgrade QEMU: ${install}` };
    return { ...base, ok: true, detail };
  }

  async qemuImg(): Promise<DoctorCheck> {
    const base = { id: 'qemu-img', title: 'qemu-img' };
    const fix = await this.fix('qemu-img');
    const exe = resolveOnPath('qemu-img', this.probe.env, this.probe.isExecutable);
    if (!this.probe.isExecutable(exe)) return { ...base, ok: false, detail: 'qemu-img was not found on PATH; it makes and resizes VM disks', fix };
    const run = await this.probe.runner(exe, ['--version']);
    const first = run.stdout.split('\n', 1)[0]?.trim() ?? '';
    if (run.code !== 0) return { ...base, ok: false, detail: `${exe} --version failed: ${run.stderr.trim() || `exit status ${run.code}`}`, fix };
    return { ...base, ok: true, detail: `${first} at ${exe}` };
  }

  async accelerator(): Promise<DoctorCheck> {
    const { host } = this.probe;
    if (host.os === 'darwin') return this.hvf();
    if (host.os === 'linux') return this.kvm();
    return { id: 'accel', title: 'Hardware acceleration', ok: true, detail: `no accelerator check for ${host.os}; QEMU picks its own` };
  }

  private hvf(): DoctorCheck {
    const base = { id: 'accel', title: 'Hardware acceleration (HVF)' };
    if (this.probe.host.hvSupport) return { ...base, ok: true, detail: 'Hypervisor.framework is available (kern.hv_support = 1)' };
    return {
      ...base,
      ok: false,
      detail: 'Hypervisor.framework is not available (kern.hv_support is not 1): VMs run under TCG emulation, very slowly',
      fix: 'Run on a Mac with hardware virtualization; inside a VM, enable nested virtualization for it',
    };
  }

  private async kvm(): Promise<DoctorCheck> {
    const { host, exists, canReadWrite, readText, runner } = this.probe;
    const base = { id: 'accel', title: 'Hardware acceleration (KVM)' };
    const slow = 'VMs run under TCG emulation, very slowly';
    if (!exists('/dev/kvm')) {
      return { ...base, ok: false, detail: `/dev/kvm does not exist: ${slow}`, fix: 'Enable VT-x/AMD-V in the firmware settings, then load the module: sudo modprobe kvm_intel  # kvm_amd on AMD CPUs' };
    }
    if (!(await canReadWrite('/dev/kvm'))) {
      return { ...base, ok: false, detail: `/dev/kvm exists but this user cannot open it for reading and writing: ${slow}`, fix: 'sudo usermod -aG kvm "$USER"  # then log out and back in' };
    }
    if (host.arch === 'x86_64' && !/^flags\s*:.*\b(vmx|svm)\b/m.test(await readText('/proc/cpuinfo'))) {
      return {
        ...base,
        ok: false,
        detail: `/dev/kvm is accessible but the CPU offers no VMX/SVM (no nested virtualization in this VM?): KVM cannot run guests, ${slow}`,
        fix: 'Enable VT-x/AMD-V in the firmware settings, or nested virtualization on the hypervisor that runs this machine',
      };
    }
    const exe = this.qemuPath(host.arch);
    if (exe) {
      const help = await runner(exe, ['-M', 'none', '-accel', 'help']);
      if (help.code === 0 && !accelSupported(help.stdout || help.stderr, 'kvm')) {
        return { ...base, ok: false, detail: `${exe} was built without KVM support: ${slow}`, fix: await this.fix(qemuPartForArch(host.arch) ?? 'qemu-x86_64') };
      }
    }
    return { ...base, ok: true, detail: '/dev/kvm is accessible and the CPU supports hardware virtualization' };
  }

  async firmware(arch: Arch): Promise<DoctorCheck> {
    const { host } = this.probe;
    const native = arch === host.arch;
    const base = { id: `firmware-${arch}`, title: `UEFI firmware for ${arch} guests${native ? '' : OPTIONAL_SUFFIX}` };
    const exe = this.qemuPath(arch) ?? `/usr/bin/${qemuSystemName(arch)}`;
    // The first candidate is an instance's own copy, which does not exist for the host as a whole.
    const candidates = firmwareCandidates(arch, '/nonexistent', host.homeDir, exe).slice(1);
    const found = candidates.find((file) => this.probe.exists(file));
    if (found) return { ...base, ok: true, detail: found };
    const why = arch === 'x86_64' ? ' (an x86_64 guest can still boot with `firmware.legacyBIOS: true`)' : '';
    return { ...base, ok: false, detail: `no firmware in ${candidates.join(', ')}${why}`, fix: await this.fix(arch === 'x86_64' ? 'firmware-x86_64' : 'firmware-aarch64') };
  }

  async virtiofsd(): Promise<DoctorCheck | undefined> {
    const { host, runner } = this.probe;
    if (host.os !== 'linux') return undefined;
    const base = { id: 'virtiofsd', title: `virtiofsd, for virtiofs mounts${OPTIONAL_SUFFIX}` };
    const dirs = this.probe.vhostUserDirs ?? vhostUserDirs(host.homeDir, this.qemuPath(host.arch) ?? '/usr/bin/qemu');
    try {
      return { ...base, ok: true, detail: await findVirtiofsd(dirs, runner) };
    } catch (err) {
      return { ...base, ok: false, detail: `${(err as Error).message}; 9p and reverse-sshfs mounts still work`, fix: await this.fix('virtiofsd') };
    }
  }

  async signing(): Promise<DoctorCheck | undefined> {
    const { host, runner } = this.probe;
    const exe = this.qemuPath(host.arch);
    if (!exe || !signingCheckApplies(host, host.arch)) return undefined;
    const advice = await checkQemuSigning(runner, host, host.arch, exe);
    const base = { id: 'qemu-signing', title: 'QEMU signed for Hypervisor.framework' };
    if (!advice.shouldOfferSigning) return { ...base, ok: true, detail: `${exe} has the com.apple.security.hypervisor entitlement` };
    return { ...base, ok: false, detail: advice.warnings.join('; '), fix: 'Press "Sign QEMU" and Limadesk signs it ad hoc with the entitlement (codesign --sign - --entitlements … --force)' };
  }
}

/** The QEMU driver's view of the host, for the doctor page. */
export function createQemuHostDoctor(probe: QemuHostProbe | (() => Promise<QemuHostProbe>)): HostDoctor {
  const getProbe = typeof probe === 'function' ? probe : () => Promise.resolve(probe);
  return {
    async checks() {
      const checks = new QemuChecks(await getProbe());
      const all = await Promise.all([
        checks.qemu(),
        checks.signing(),
        checks.accelerator(),
        checks.qemuImg(),
        ...GUEST_ARCHES.map((arch) => checks.firmware(arch)),
        checks.virtiofsd(),
      ]);
      return all.filter((c): c is DoctorCheck => c !== undefined);
    },
    async sign() {
      const p = await getProbe();
      const exe = new QemuChecks(p).qemuPath(p.host.arch);
      if (!exe) return { signed: false, message: `${qemuSystemName(p.host.arch)} was not found on PATH: nothing to sign` };
      if (p.host.os !== 'darwin') return { signed: false, message: `QEMU needs no signing on ${p.host.os}` };
      const signed = await signQemu(p.runner, exe, p.logger);
      return signed
        ? { signed, message: `Signed ${exe} with the com.apple.security.hypervisor entitlement` }
        : { signed, message: `codesign could not sign ${exe} (is it writable by you?); QEMU may fail to start. See https://github.com/lima-vm/lima/issues/1742` };
    },
  };
}

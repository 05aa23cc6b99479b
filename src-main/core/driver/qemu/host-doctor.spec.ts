import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DoctorCheck } from '../../../common/api';
import { silentLogger } from '../../../common/logger';
import type { HostFacts } from './host-facts';
import { createQemuHostDoctor, realHostProbe, type QemuHostProbe } from './host-doctor';
import { distroFamily, installCommand } from './install-hints';
import { isExecutableFile } from './instance-files';
import { execFileRunner, type Runner } from './runner';

const root = mkdtempSync(path.join(tmpdir(), 'ld-doctor-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dirCount = 0;
/** A PATH directory of real shell scripts standing in for QEMU builds of other versions. */
function fakeBin(scripts: Record<string, string>): string {
  const dir = path.join(root, `bin${++dirCount}`);
  mkdirSync(dir);
  for (const [name, body] of Object.entries(scripts)) {
    const file = path.join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
  }
  return dir;
}

const qemuPrinting = (version: string, accels = 'kvm\ntcg') =>
  `case "$1" in --version) echo "QEMU emulator version ${version} (fake)"; echo "Copyright";; -M) printf 'Accelerators supported in QEMU binary:\\n${accels.replace(/\n/g, '\\n')}\\n';; esac`;

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n';
const FEDORA = 'NAME="Fedora Linux"\nID=fedora\n';

const linuxHost: HostFacts = { os: 'linux', arch: 'x86_64', hvSupport: false, kvmAccess: true, macosVersion: '', featSME: false, machineId: 'x', homeDir: '/home/nobody' };

interface FakeHost {
  host?: Partial<HostFacts>;
  bin: string;
  files?: string[];
  rw?: boolean;
  cpuinfo?: string;
  osRelease?: string;
  vhostUserDirs?: string[];
}

function probeOf(fake: FakeHost): QemuHostProbe {
  const env = { PATH: fake.bin };
  // The runner sees the fake PATH too, so `codesign` and the descriptors' binaries are the scripts.
  const runner: Runner = (file, args) => execFileRunner(file, args, { env: { ...process.env, ...env } });
  const files = new Set(fake.files ?? []);
  return {
    host: { ...linuxHost, ...fake.host },
    env,
    runner,
    logger: silentLogger,
    exists: (file) => files.has(file),
    isExecutable: isExecutableFile,
    canReadWrite: async () => fake.rw ?? true,
    readText: async (file) => (file === '/proc/cpuinfo' ? (fake.cpuinfo ?? 'flags\t\t: fpu vme vmx sse\n') : file === '/etc/os-release' ? (fake.osRelease ?? DEBIAN) : ''),
    ...(fake.vhostUserDirs ? { vhostUserDirs: fake.vhostUserDirs } : {}),
  };
}

async function checksOf(fake: FakeHost): Promise<Record<string, DoctorCheck>> {
  const list = await createQemuHostDoctor(probeOf(fake)).checks();
  return Object.fromEntries(list.map((c) => [c.id, c]));
}

describe('the QEMU host checks', () => {
  const okBin = fakeBin({ 'qemu-system-x86_64': qemuPrinting('7.2.0'), 'qemu-img': 'echo "qemu-img version 7.2.0 (fake)"' });

  it('finds QEMU and reports its version against the Linux minimums', async () => {
    const checks = await checksOf({ bin: okBin, files: ['/dev/kvm', '/usr/share/OVMF/OVMF_CODE.fd'] });
    expect(checks.qemu).toEqual({ id: 'qemu', title: 'QEMU (qemu-system-x86_64)', ok: true, detail: `QEMU 7.2.0 at ${okBin}/qemu-system-x86_64 (Lima requires 4.0.0, recommends 6.2.0)` });
    expect(checks['qemu-img']).toMatchObject({ ok: true, detail: `qemu-img version 7.2.0 (fake) at ${okBin}/qemu-img` });
    expect(checks.accel).toMatchObject({ ok: true, title: 'Hardware acceleration (KVM)' });
    expect(checks['firmware-x86_64']).toMatchObject({ ok: true, detail: '/usr/share/OVMF/OVMF_CODE.fd' });
    expect(checks['firmware-aarch64']).toMatchObject({ ok: false, title: 'UEFI firmware for aarch64 guests (optional)', fix: 'sudo apt-get install -y qemu-efi-aarch64' });
    expect(checks['qemu-signing']).toBeUndefined();
  });

  it('fails a QEMU older than the hard minimum and only warns below the soft one', async () => {
    const old = await checksOf({ bin: fakeBin({ 'qemu-system-x86_64': qemuPrinting('3.1.0') }) });
    expect(old.qemu).toMatchObject({ ok: false, fix: 'Upgrade QEMU: sudo apt-get install -y qemu-system-x86' });
    expect(old.qemu!.detail).toContain('QEMU 3.1.0 is too old, 4.0.0 or later required');
    const dated = await checksOf({ bin: fakeBin({ 'qemu-system-x86_64': qemuPrinting('6.0.0') }) });
    expect(dated.qemu).toMatchObject({ ok: true, fix: 'Upgrade QEMU: sudo apt-get install -y qemu-system-x86' });
    expect(dated.qemu!.detail).toContain('6.2.0 or later is recommended');
  });

  it('names the missing binaries with the install command of the distro', async () => {
    const checks = await checksOf({ bin: fakeBin({}), osRelease: FEDORA });
    expect(checks.qemu).toMatchObject({ ok: false, fix: 'sudo dnf install -y qemu-system-x86' });
    expect(checks.qemu!.detail).toMatch(/qemu-system-x86_64 was not found on PATH/);
    expect(checks['qemu-img']).toMatchObject({ ok: false, fix: 'sudo dnf install -y qemu-img' });
    expect(checks['firmware-x86_64']).toMatchObject({ ok: false, fix: 'sudo dnf install -y edk2-ovmf' });
    expect(checks['firmware-x86_64']!.detail).toContain('firmware.legacyBIOS');
  });

  it('reports a QEMU whose --version fails or prints something else', async () => {
    const broken = await checksOf({ bin: fakeBin({ 'qemu-system-x86_64': 'echo "libfoo.so: cannot open shared object file" >&2; exit 127' }) });
    expect(broken.qemu).toMatchObject({ ok: false });
    expect(broken.qemu!.detail).toContain('libfoo.so: cannot open shared object file');
    const odd = await checksOf({ bin: fakeBin({ 'qemu-system-x86_64': 'echo "QEMU something 7"' }) });
    expect(odd.qemu!.detail).toContain('failed to parse QEMU version');
  });

  it('tells each reason KVM is not usable apart', async () => {
    expect((await checksOf({ bin: okBin })).accel).toMatchObject({ ok: false, detail: expect.stringContaining('/dev/kvm does not exist') });
    const noAccess = await checksOf({ bin: okBin, files: ['/dev/kvm'], rw: false });
    expect(noAccess.accel).toMatchObject({ ok: false, fix: 'sudo usermod -aG kvm "$USER"  # then log out and back in' });
    const noVmx = await checksOf({ bin: okBin, files: ['/dev/kvm'], cpuinfo: 'flags\t\t: fpu vme sse hypervisor\n' });
    expect(noVmx.accel!.ok).toBe(false);
    expect(noVmx.accel!.detail).toContain('no VMX/SVM');
    const noKvmBuild = await checksOf({ bin: fakeBin({ 'qemu-system-x86_64': qemuPrinting('7.2.0', 'tcg') }), files: ['/dev/kvm'] });
    expect(noKvmBuild.accel!.detail).toContain('built without KVM support');
  });

  it('checks macOS: version minimum for Apple silicon, HVF, and the hypervisor entitlement', async () => {
    const mac = { os: 'darwin', arch: 'aarch64', macosVersion: '14.5', hvSupport: true, homeDir: '/Users/nobody' } as const;
    const unsigned = fakeBin({ 'qemu-system-aarch64': qemuPrinting('8.0.0', 'hvf\ntcg'), codesign: 'echo "code object is not signed at all" >&2; exit 1' });
    const checks = await checksOf({ bin: unsigned, host: mac });
    expect(checks.qemu).toMatchObject({ ok: false, fix: 'Upgrade QEMU: brew install qemu' });
    expect(checks.qemu!.detail).toContain('8.2.1 or later required');
    expect(checks.accel).toMatchObject({ ok: true, title: 'Hardware acceleration (HVF)' });
    expect(checks['qemu-signing']).toMatchObject({ ok: false });
    expect(checks['qemu-signing']!.detail).toContain('does not seem properly signed with the "com.apple.security.hypervisor" entitlement');
    expect(checks.virtiofsd).toBeUndefined();

    const signed = fakeBin({
      'qemu-system-aarch64': qemuPrinting('9.1.0', 'hvf\ntcg'),
      codesign: 'case "$1" in --verify) exit 0;; --display) echo "<key>com.apple.security.hypervisor</key><true/>";; esac',
    });
    expect((await checksOf({ bin: signed, host: mac }))['qemu-signing']).toMatchObject({ ok: true });
    expect((await checksOf({ bin: signed, host: { ...mac, hvSupport: false } })).accel).toMatchObject({ ok: false });
  });

  it('signs with codesign on macOS and reports a failure with the issue to read', async () => {
    const mac = { os: 'darwin', arch: 'aarch64', macosVersion: '14.5', hvSupport: true } as const;
    const log = path.join(root, 'codesign.args');
    const good = fakeBin({ 'qemu-system-aarch64': qemuPrinting('9.1.0'), codesign: `echo "$@" > ${log}` });
    const result = await createQemuHostDoctor(probeOf({ bin: good, host: mac })).sign();
    expect(result).toEqual({ signed: true, message: `Signed ${good}/qemu-system-aarch64 with the com.apple.security.hypervisor entitlement` });
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(log, 'utf8')).toMatch(new RegExp(`^--sign - --entitlements \\S+entitlements.xml --force ${good}/qemu-system-aarch64`));
    const bad = fakeBin({ 'qemu-system-aarch64': qemuPrinting('9.1.0'), codesign: 'echo "Permission denied" >&2; exit 1' });
    const failed = await createQemuHostDoctor(probeOf({ bin: bad, host: mac })).sign();
    expect(failed.signed).toBe(false);
    expect(failed.message).toContain('lima-vm/lima/issues/1742');
    expect(await createQemuHostDoctor(probeOf({ bin: okBin })).sign()).toEqual({ signed: false, message: 'QEMU needs no signing on linux' });
  });

  it('finds virtiofsd through a vhost-user descriptor whose binary answers --version', async () => {
    const bin = fakeBin({ virtiofsd: 'echo "virtiofsd backend 1.10.1"' });
    const descriptors = path.join(root, 'vhost-user');
    mkdirSync(descriptors);
    writeFileSync(path.join(descriptors, '50-virtiofsd.json'), JSON.stringify({ type: 'fs', binary: path.join(bin, 'virtiofsd') }));
    expect((await checksOf({ bin: okBin, vhostUserDirs: [descriptors] })).virtiofsd).toMatchObject({ ok: true, detail: path.join(bin, 'virtiofsd') });
    const none = await checksOf({ bin: okBin, vhostUserDirs: [path.join(root, 'nothing')] });
    expect(none.virtiofsd).toMatchObject({ ok: false, title: 'virtiofsd, for virtiofs mounts (optional)', fix: 'sudo apt-get install -y virtiofsd' });
  });

  it('runs on this machine: QEMU 7.2 is found, TCG-only KVM is explained', async () => {
    const checks = Object.fromEntries((await createQemuHostDoctor(await realHostProbe(silentLogger, process.env)).checks()).map((c) => [c.id, c]));
    expect(checks.qemu).toMatchObject({ ok: true, detail: expect.stringMatching(/^QEMU 7\.2\.\d+ at \/usr\/bin\/qemu-system-x86_64/) });
    expect(checks['qemu-img']).toMatchObject({ ok: true, detail: expect.stringMatching(/^qemu-img version 7\.2/) });
    expect(checks['firmware-x86_64']!.ok).toBe(true);
    // This build machine exposes /dev/kvm on a CPU without VMX: the check must say so.
    expect(checks.accel!.ok).toBe(false);
    expect(checks.accel!.detail).toContain('no VMX/SVM');
  });
});

describe('install hints', () => {
  it('reads the distro family from ID, then ID_LIKE', () => {
    expect(distroFamily('ID=ubuntu\nID_LIKE=debian\n')).toBe('debian');
    expect(distroFamily('ID="rocky"\nID_LIKE="rhel centos fedora"\n')).toBe('fedora');
    expect(distroFamily('ID=opensuse-tumbleweed\n')).toBe('suse');
    expect(distroFamily('ID=gentoo\n')).toBeUndefined();
    expect(installCommand('qemu-img', { os: 'linux' }, 'ID=arch\n')).toBe('sudo pacman -S --needed qemu-img');
    expect(installCommand('qemu-img', { os: 'linux' }, 'ID=gentoo\n')).toBe("Install the package that provides qemu-img with your system's package manager");
  });
});

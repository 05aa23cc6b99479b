import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { withLockFile } from './build-lock';
import { writeNewcArchive, type CpioEntry } from './cpio-newc';
import { currentKernelPackage, downloadPackage, extractPackage } from './kernel-package';
import { resolveModules, type ResolvedModule } from './kernel-modules';
import { resolveSshParts, sshEntries, sshFingerprint, type SshParts } from './openssh';
import { extractPvhKernel } from './pvh-kernel';
import { resolveSshfsParts, sshfsEntries, sshfsFingerprint, type SshfsParts } from './sshfs';

/** A bootable guest: pass to qemu-system-x86_64 as -kernel, -initrd and -append. */
export interface TestGuest {
  /** The kernel to boot: the uncompressed PVH image when the kernel has one (twice as fast under TCG), else the bzImage. */
  kernel: string;
  /** Debian's compressed kernel as shipped (vmlinuz). */
  bzImage: string;
  initrd: string;
  cmdline: string;
  /** Kernel version, e.g. 6.1.0-56-amd64. */
  version: string;
}

/**
 * Modules the guest loads at boot (their dependencies are added automatically):
 * the ACPI power button and its input events, virtio and SCSI/AHCI disks and cdroms, ISO
 * 9660 for cidata, 9p shares, virtio serial and network, and the bochs / virtio-gpu DRM
 * drivers (fbcon and the VGA text console are built into Debian's kernel).
 */
export const GUEST_MODULES = [
  'button', 'evdev',
  'virtio_pci', 'virtio_blk', 'virtio_scsi', 'ahci', 'sd_mod', 'sr_mod', 'cdrom', 'isofs',
  '9p', '9pnet_virtio', 'virtio_console', 'virtio_net', 'fuse',
  'bochs', 'virtio_gpu',
] as const;

export const GUEST_CMDLINE = 'console=ttyS0 console=tty0 panic=-1 quiet';

const BUSYBOX = '/bin/busybox';
const BUILD_LOCK_TIMEOUT_MS = 10 * 60_000;

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const initScriptPath = join(here, 'init.sh');

export function testGuestCacheRoot(): string {
  return join(repoRoot, '.cache', 'test-guest');
}

/** Changes to /init, the module list, busybox or the SSH parts must invalidate a cached initrd. */
function buildStamp(ssh: SshParts, sshfs: SshfsParts): string {
  const hash = createHash('sha256');
  hash.update('pvh-kernel-1 openssh-2 sshfs-1');
  hash.update(readFileSync(initScriptPath));
  hash.update(GUEST_MODULES.join(','));
  hash.update(GUEST_CMDLINE);
  hash.update(readFileSync(BUSYBOX));
  for (const part of sshFingerprint(ssh)) hash.update(part);
  for (const part of sshfsFingerprint(sshfs)) hash.update(part);
  return hash.digest('hex');
}

function initramfsEntries(modules: readonly ResolvedModule[], ssh: SshParts, sshfs: SshfsParts): CpioEntry[] {
  const entries: CpioEntry[] = [
    { kind: 'dir', path: 'bin' },
    { kind: 'dir', path: 'dev' },
    { kind: 'chardev', path: 'dev/console', major: 5, minor: 1 },
    { kind: 'chardev', path: 'dev/null', major: 1, minor: 3, mode: 0o666 },
    { kind: 'dir', path: 'etc' },
    { kind: 'dir', path: 'proc' },
    { kind: 'dir', path: 'sys' },
    { kind: 'dir', path: 'tmp', mode: 0o1777 },
    { kind: 'dir', path: 'mnt' },
    { kind: 'dir', path: 'root', mode: 0o700 },
    { kind: 'dir', path: 'home', mode: 0o755 },
    { kind: 'dir', path: 'lib' },
    { kind: 'file', path: 'bin/busybox', data: readFileSync(BUSYBOX), mode: 0o755 },
    { kind: 'file', path: 'init', data: readFileSync(initScriptPath), mode: 0o755 },
    { kind: 'file', path: 'etc/limadesk-modules', data: Buffer.from(modules.map((m) => `${m.relativePath}\n`).join('')) },
  ];
  // busybox dispatches on argv[0]; one symlink per applet lets /init call them by name.
  for (const applet of ['sh', 'mount', 'mkdir', 'insmod', 'cat', 'sleep', 'dd', 'od', 'tr', 'sed', 'sort', 'find',
    'sha256sum', 'setsid', 'poweroff', 'sync', 'echo', 'ls', 'ps', 'uname', 'head', 'grep', 'lsmod', 'dmesg', 'umount', 'stat',
    'ifconfig', 'route', 'chown', 'chmod', 'true', 'id', 'env', 'rm', 'cut',
    'httpd', 'kill', 'printf', 'touch', 'wc', 'tail', 'cp', 'mv', 'ln', 'netstat']) {
    entries.push({ kind: 'symlink', path: `bin/${applet}`, target: 'busybox' });
  }
  const dirs = new Set<string>(entries.filter((e) => e.kind === 'dir').map((e) => e.path));
  entries.push(...sshEntries(ssh, dirs));
  // Each library once: sshd's already brought libc and the loader.
  entries.push(...sshfsEntries({ ...sshfs, libraries: sshfs.libraries.filter((l) => !ssh.libraries.includes(l)) }, dirs));
  for (const module of modules) {
    const parts = `lib/modules/${module.relativePath}`.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!dirs.has(dir)) {
        dirs.add(dir);
        entries.push({ kind: 'dir', path: dir });
      }
    }
    entries.push({ kind: 'file', path: `lib/modules/${module.relativePath}`, data: readFileSync(module.file) });
  }
  return entries;
}

async function buildGuest(packageName: string, version: string, finalDir: string, stamp: string, ssh: SshParts, sshfs: SshfsParts): Promise<void> {
  const cacheRoot = dirname(finalDir);
  const work = mkdtempSync(join(cacheRoot, `.build-${version}-`));
  try {
    const deb = await downloadPackage(packageName, work);
    const root = join(work, 'root');
    await extractPackage(deb, root);
    const modules = resolveModules(join(root, 'lib', 'modules', version), GUEST_MODULES);

    const staged = join(work, 'out');
    mkdirSync(staged);
    copyFileSync(join(root, 'boot', `vmlinuz-${version}`), join(staged, 'vmlinuz'));
    chmodSync(join(staged, 'vmlinuz'), 0o644);
    if (!(await extractPvhKernel(join(staged, 'vmlinuz'), join(staged, 'vmlinux')))) rmSync(join(staged, 'vmlinux'), { force: true });
    writeFileSync(join(staged, 'initrd.img'), gzipSync(writeNewcArchive(initramfsEntries(modules, ssh, sshfs))));
    writeFileSync(join(staged, 'modules.txt'), modules.map((m) => m.name).join('\n') + '\n');
    writeFileSync(join(staged, 'stamp'), stamp);

    // Swap directories by rename so a test reading the previous build never sees a half-written one.
    const previous = join(work, 'previous');
    if (existsSync(finalDir)) renameSync(finalDir, previous);
    renameSync(staged, finalDir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function cached(dir: string, stamp: string): boolean {
  const stampFile = join(dir, 'stamp');
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && existsSync(join(dir, 'initrd.img'));
}

/**
 * Returns the test guest, building it the first time (10–20 s: download of the Debian kernel
 * package, extraction, decompression, initramfs) and reusing the cache afterwards.
 */
export function ensureTestGuest(): Promise<TestGuest> {
  // Asking apt for the kernel version takes a second or more: once per test process is enough.
  testGuest ??= findOrBuildTestGuest().catch((error: unknown) => {
    testGuest = undefined;
    throw error;
  });
  return testGuest;
}

let testGuest: Promise<TestGuest> | undefined;

async function findOrBuildTestGuest(): Promise<TestGuest> {
  const { packageName, version } = await currentKernelPackage();
  const cacheRoot = testGuestCacheRoot();
  const dir = join(cacheRoot, version);
  const ssh = await resolveSshParts(cacheRoot);
  const sshfs = await resolveSshfsParts(cacheRoot);
  const stamp = buildStamp(ssh, sshfs);
  if (!cached(dir, stamp)) {
    mkdirSync(cacheRoot, { recursive: true });
    await withLockFile(join(cacheRoot, `${version}.lock`), BUILD_LOCK_TIMEOUT_MS, async () => {
      if (!cached(dir, stamp)) await buildGuest(packageName, version, dir, stamp, ssh, sshfs);
    });
  }
  const bzImage = join(dir, 'vmlinuz');
  const pvhKernel = join(dir, 'vmlinux');
  return { kernel: existsSync(pvhKernel) ? pvhKernel : bzImage, bzImage, initrd: join(dir, 'initrd.img'), cmdline: GUEST_CMDLINE, version };
}

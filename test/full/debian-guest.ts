import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * A small Debian bookworm guest with cloud-init and OpenSSH, made with debootstrap from Debian's
 * packages and written into an ext4 image without mounting anything (mkfs.ext4 -d). The kernel
 * and initramfs come out of the same root so QEMU boots it directly. Cached under
 * `.cache/full-guest/<key>`, where the key covers every input below and RECIPE_VERSION the
 * steps; a crash mid-build leaves only a temp directory, never a half-made entry.
 */

const run = promisify(execFile);

export const SUITE = 'bookworm';
export const MIRROR = 'http://deb.debian.org/debian';
/**
 * systemd and udev boot it, dbus lets systemd-logind act on the ACPI power button (how
 * `limadesk stop` asks the guest to shut down), ifupdown + isc-dhcp-client give cloud-init its
 * network renderer, python3-cffi-backend is named because debootstrap does not resolve the
 * virtual package python3-cryptography needs, sshfs (with fuse3) serves reverse-sshfs mounts,
 * fdisk and e2fsprogs partition and format additional disks.
 */
export const PACKAGES = [
  'systemd-sysv',
  'udev',
  'dbus',
  'cloud-init',
  'python3-cffi-backend',
  'openssh-server',
  'sudo',
  // As in cloud images: a login starts the user's systemd manager, which user provisioning waits for.
  'libpam-systemd',
  'ifupdown',
  'isc-dhcp-client',
  'iproute2',
  'linux-image-amd64',
  // Lima's boot scripts install sshfs with apt-get when a reverse-sshfs mount needs it; the guest
  // cannot reach the package mirror through the user-mode network here, so the image has it.
  'sshfs',
  // As in cloud images: sfdisk and mkfs.ext4, which the additional-disk boot script uses.
  'fdisk',
  'e2fsprogs',
];
const IMAGE_SIZE = '2G';
/** Only NoCloud: probing cloud metadata services that cannot exist here costs minutes under TCG. */
const DATASOURCE_CFG = 'datasource_list: [ NoCloud, None ]\n';
const FSTAB = 'LABEL=rootfs / ext4 defaults,errors=remount-ro 0 1\n';
/** Kernel command line for a direct boot: root by label, console on the serial port Lima logs. */
export const CMDLINE = 'root=LABEL=rootfs rw console=ttyS0 net.ifnames=0';

export interface DebianGuest {
  disk: string;
  kernel: string;
  initrd: string;
  cmdline: string;
  /** True when this call built it, false for a cache hit. */
  built: boolean;
}

export type Phase = (name: string, ms: number) => void;

/** Bump when the build steps change in a way the constants above do not show. */
const RECIPE_VERSION = 1;

export function cacheKey(): string {
  return createHash('sha256')
    .update(JSON.stringify({ RECIPE_VERSION, SUITE, MIRROR, PACKAGES, IMAGE_SIZE, DATASOURCE_CFG, FSTAB, arch: process.arch }))
    .digest('hex')
    .slice(0, 16);
}

async function timed<T>(phase: Phase, name: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  phase(name, Date.now() - started);
  return result;
}

function requireHostTools(): void {
  if (process.getuid?.() !== 0) throw new Error('building the Debian guest needs root: debootstrap chroots into the new system');
  const missing = [
    ['/usr/sbin/debootstrap', 'debootstrap'],
    ['/usr/sbin/mkfs.ext4', 'e2fsprogs'],
  ].filter(([file]) => !existsSync(file ?? ''));
  if (missing.length > 0) throw new Error(`missing host tools; run: apt-get install -y ${missing.map(([, pkg]) => pkg).join(' ')}`);
}

export async function ensureDebianGuest(cacheRoot: string, phase: Phase): Promise<DebianGuest> {
  const key = cacheKey();
  const dir = path.join(cacheRoot, key);
  const result = (built: boolean): DebianGuest => ({
    disk: path.join(dir, 'disk.qcow2'),
    kernel: path.join(dir, 'vmlinuz'),
    initrd: path.join(dir, 'initrd.img'),
    cmdline: CMDLINE,
    built,
  });
  if (existsSync(path.join(dir, 'disk.qcow2'))) return result(false);

  requireHostTools();
  await mkdir(cacheRoot, { recursive: true });
  const work = path.join(cacheRoot, `.build-${process.pid}-${Date.now()}`);
  const rootfs = path.join(work, 'rootfs');
  try {
    await mkdir(work);
    await timed(phase, 'debootstrap', () =>
      run('debootstrap', ['--variant=minbase', `--include=${PACKAGES.join(',')}`, SUITE, rootfs, MIRROR], { maxBuffer: 64 << 20 }),
    );
    await timed(phase, 'configure rootfs', () => configureRootfs(rootfs, work));
    const raw = path.join(work, 'disk.raw');
    await timed(phase, 'mkfs.ext4 -d', async () => {
      await run('truncate', ['-s', IMAGE_SIZE, raw]);
      await run('mkfs.ext4', ['-q', '-F', '-L', 'rootfs', '-d', rootfs, raw]);
    });
    await timed(phase, 'qemu-img convert', () => run('qemu-img', ['convert', '-O', 'qcow2', raw, path.join(work, 'disk.qcow2')]));
    await rm(rootfs, { recursive: true, force: true });
    await rm(raw, { force: true });
    await rm(dir, { recursive: true, force: true });
    await rename(work, dir);
    await pruneOtherKeys(cacheRoot, key);
    return result(true);
  } catch (err) {
    const detail = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`building the Debian guest failed: ${(err as Error).message}\n${detail}`.trim(), { cause: err });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Images built from older inputs are close to 1 GB each and never used again. */
async function pruneOtherKeys(cacheRoot: string, key: string): Promise<void> {
  for (const name of await readdir(cacheRoot)) {
    if (/^[0-9a-f]{16}$/.test(name) && name !== key) await rm(path.join(cacheRoot, name), { recursive: true, force: true });
  }
}

/** The few files a cloud image has that a fresh debootstrap lacks; copies the boot files out. */
async function configureRootfs(rootfs: string, work: string): Promise<void> {
  await writeFile(path.join(rootfs, 'etc', 'fstab'), FSTAB);
  await writeFile(path.join(rootfs, 'etc', 'cloud', 'cloud.cfg.d', '90-limadesk-datasource.cfg'), DATASOURCE_CFG);
  // Each boot of a copy must get its own machine id (and so its own DHCP client id).
  await writeFile(path.join(rootfs, 'etc', 'machine-id'), '');
  await rm(path.join(rootfs, 'etc', 'hostname'), { force: true });
  // Downloaded packages are not needed inside the image.
  const archives = path.join(rootfs, 'var', 'cache', 'apt', 'archives');
  for (const name of await readdir(archives)) if (name.endsWith('.deb')) await rm(path.join(archives, name));
  const boot = path.join(rootfs, 'boot');
  const files = await readdir(boot);
  const kernel = files.find((f) => f.startsWith('vmlinuz-'));
  const initrd = files.find((f) => f.startsWith('initrd.img-'));
  if (!kernel || !initrd) throw new Error(`no kernel or initramfs in ${boot}: ${files.join(' ')}`);
  await run('cp', [path.join(boot, kernel), path.join(work, 'vmlinuz')]);
  await run('cp', [path.join(boot, initrd), path.join(work, 'initrd.img')]);
}

import path from 'node:path';
import { parseByteSize } from '../../config/units';
import { CIDataISO, DataDisk, Disk, DisksDir, Initrd, ISO, Kernel, KernelCmdline } from '../../store/filenames';
import type { DriverInstance } from '../driver';
import { accelSupported, chooseAccel } from './accel';
import { ArgList } from './arg-list';
import { chooseCpu, cpuSupported } from './cpu';
import { audioArgs, displayArgs, identityArgs, qmpArgs, serialArgs } from './devices';
import type { QemuExecutable } from './executable';
import { findFirmware, needsFirmware, usesLegacyBios } from './firmware';
import type { HostFacts } from './host-facts';
import { machineArgs } from './machine';
import { mountArgs } from './mounts';
import { networkArgs } from './network';
import { optValue } from './qemu-opts';
import type { QemuFeatures } from './version';

/** What exists in the instance directory (and elsewhere) when the VM starts. */
export interface ArgvFiles {
  exists(file: string): boolean;
  /** Contents of `<I>/kernel.cmdline`, when that file exists. */
  kernelCmdline?: string;
}

export interface ArgvContext {
  host: HostFacts;
  features: QemuFeatures;
  executable: QemuExecutable;
  /** The executable resolved on PATH: firmware and virtiofsd are searched next to it. */
  exePath: string;
  files: ArgvFiles;
  usernetNames?: ReadonlySet<string>;
  varRun?: string;
  /** The format of each additional disk's image by disk name (disk-format.ts); unknown ones get none. */
  diskFormats?: ReadonlyMap<string, string>;
}

export interface QemuArgv {
  exe: string;
  args: string[];
  /** Unix socket paths to connect and pass as fd 3, 4, … (they are already numbered in args). */
  fdConnects: string[];
  warnings: string[];
}

const GiB = 1024 ** 3;

function diskName(disk: DriverInstance['config']['additionalDisks'][number]): string {
  return typeof disk === 'string' ? disk : disk.name;
}

function macosOlderThan(version: string, major: number, minor: number): boolean {
  const [maj = 0, min = 0] = version.split('.').map(Number);
  return maj < major || (maj === major && min < minor);
}

/** The whole QEMU command line, in Lima's order, so that `ps` output matches limactl's. */
export function buildQemuArgv(instance: DriverInstance, ctx: ArgvContext): QemuArgv {
  const { config, dir } = instance;
  const { host, features, files } = ctx;
  const exe = ctx.executable.exe;
  const warnings: string[] = [];
  const list = new ArgList(ctx.executable.prefixArgs);
  const at = (name: string): string => path.join(dir, name);

  let memBytes = parseByteSize(config.memory);
  const { accel, warning: accelWarning } = chooseAccel(config.arch, host);
  if (accelWarning) warnings.push(accelWarning);
  if (features.accelHelp && !accelSupported(features.accelHelp, accel)) {
    throw new Error(`accelerator \`${accel}\` is not supported by ${exe}`);
  }
  if (host.os === 'darwin' && host.arch === 'aarch64' && accel === 'hvf' && macosOlderThan(host.macosVersion, 12, 4) && memBytes > 3 * GiB) {
    warnings.push('field `memory` is reduced to 3GiB: macOS before 12.4 panics with more under HVF');
    memBytes = 3 * GiB;
  }
  list.add('-m', String(Math.floor(memBytes / 2 ** 20)));
  if (config.mountType === 'virtiofs') {
    list.add('-object', `memory-backend-file,id=virtiofs-shm,size=${memBytes},mem-path=/dev/shm,share=on`, '-numa', 'node,memdev=virtiofs-shm');
  }

  const cpu = chooseCpu(config.arch, host, accel, config.vmOpts.qemu.cpuType);
  warnings.push(...cpu.warnings);
  if (!cpuSupported(features.cpuHelp, cpu.model)) throw new Error(`cpu \`${cpu.model}\` is not supported by ${exe}`);
  list.add('-cpu', cpu.model);
  list.add(...machineArgs(config.arch, accel));
  list.add('-smp', `${config.cpus},sockets=1,cores=${config.cpus},threads=1`);

  if (config.firmware.legacyBIOS && !usesLegacyBios(config)) warnings.push(`field \`firmware.legacyBIOS\` is ignored for arch ${config.arch}`);
  if (needsFirmware(config)) {
    const firmware = findFirmware(config.arch, dir, host.homeDir, ctx.exePath, files.exists);
    list.add('-drive', `if=pflash,format=raw,readonly=on,file=${optValue(firmware)}`);
  }

  list.add('-device', 'qemu-xhci,id=usb-bus');
  const hasIso = files.exists(at(ISO));
  if (files.exists(at(Disk))) {
    if (hasIso) {
      list.add('-drive', `file=${optValue(at(Disk))},if=virtio,discard=on`);
    } else {
      // bootindex keeps the boot disk first however many data disks follow.
      const blk = config.arch === 's390x' ? 'virtio-blk-ccw' : 'virtio-blk-pci';
      list.add('-drive', `file=${optValue(at(Disk))},if=none,discard=on,id=boot-disk`, '-device', `${blk},drive=boot-disk,bootindex=1`);
    }
  }
  if (hasIso) {
    list.add('-boot', 'order=d,splash-time=0,menu=on');
    if (config.os !== 'Windows') list.add('-drive', `file=${optValue(at(ISO))},format=raw,media=cdrom,readonly=on`);
  } else {
    list.add('-boot', 'order=c,splash-time=0,menu=on');
  }
  for (const disk of config.additionalDisks) {
    const format = ctx.diskFormats?.get(diskName(disk));
    list.add('-drive', `file=${optValue(path.join(instance.limaHome, DisksDir, diskName(disk), DataDisk))},${format ? `format=${format},` : ''}if=virtio,discard=on`);
  }
  // Lima's host agent writes cidata.iso on every start; until Limadesk generates it, a missing seed is left out rather than failing QEMU.
  if (config.os !== 'Windows' && files.exists(at(CIDataISO))) {
    list.add(
      '-drive', `id=cdrom0,if=none,format=raw,readonly=on,file=${optValue(at(CIDataISO))}`,
      '-device', 'virtio-scsi,id=scsi0',
      '-device', 'scsi-cd,bus=scsi0.0,drive=cdrom0',
    );
  }
  if (files.exists(at(Kernel))) list.add('-kernel', at(Kernel));
  if (files.kernelCmdline !== undefined && files.exists(at(KernelCmdline))) list.add('-append', files.kernelCmdline);
  if (files.exists(at(Initrd))) list.add('-initrd', at(Initrd));
  if (config.tpm) list.add(...tpmArgs(config.arch, dir));

  list.add(...networkArgs(config.networks, {
    arch: config.arch,
    instanceDir: dir,
    limaHome: instance.limaHome,
    sshLocalPort: instance.sshLocalPort,
    host,
    qemuVersion: features.version,
    netdevHelp: features.netdevHelp,
    usernetNames: ctx.usernetNames ?? new Set(),
    varRun: ctx.varRun ?? '/private/var/run/lima',
  }));
  list.add('-device', 'virtio-rng-pci');
  const audio = audioArgs(config, host, features.version);
  warnings.push(...audio.warnings);
  list.add(...audio.args);
  list.add(...displayArgs(config));
  list.add('-parallel', 'none');
  list.add(...serialArgs(config.arch, dir, config.os));
  list.add(...mountArgs(config, dir, host.homeDir));
  list.add(...qmpArgs(dir));
  list.add(...identityArgs(instance.name, dir));

  return { exe, ...numberFdConnects(list.args), warnings };
}

function tpmArgs(arch: string, dir: string): string[] {
  let device: string;
  if (arch === 'x86_64') device = 'tpm-crb';
  else if (arch === 'aarch64' || arch === 'armv7l' || arch === 'riscv64') device = 'tpm-tis-device';
  else throw new Error(`field \`tpm\`: TPM is not supported on arch ${arch}`);
  return [
    '-chardev', `socket,id=chrtpm,path=${optValue(path.join(dir, 'swtpm.sock'))}`,
    '-tpmdev', 'emulator,id=tpm0,chardev=chrtpm',
    '-device', `${device},tpmdev=tpm0`,
  ];
}

const FD_CONNECT = /\{\{ fd_connect ("(?:[^"\\]|\\.)*") \}\}/g;

/** Replaces each fd_connect placeholder by the fd number it will have in the child: 3, 4, … */
export function numberFdConnects(args: readonly string[]): { args: string[]; fdConnects: string[] } {
  const fdConnects: string[] = [];
  const numbered = args.map((arg) =>
    arg.replace(FD_CONNECT, (_m, quoted: string) => {
      fdConnects.push(JSON.parse(quoted) as string);
      return String(3 + fdConnects.length - 1);
    }),
  );
  return { args: numbered, fdConnects };
}

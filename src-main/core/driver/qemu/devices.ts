import path from 'node:path';
import type { Arch, FilledLimaYAML } from '../../config/types';
import { QemuPID, QMPSock, SerialLog, SerialPCILog, SerialPCISock, SerialSock, SerialVirtioLog, SerialVirtioSock } from '../../store/filenames';
import type { HostFacts } from './host-facts';
import { optValue } from './qemu-opts';
import { versionAtLeast } from './version';

export interface DeviceArgs {
  args: string[];
  warnings: string[];
}

function defaultAudioDevice(host: HostFacts): string {
  if (host.os === 'darwin') return 'coreaudio';
  if (host.os === 'linux') return 'pa';
  if (host.os === 'windows') return 'dsound';
  return 'oss';
}

export function audioArgs(config: FilledLimaYAML, host: HostFacts, qemuVersion: string): DeviceArgs {
  const warnings: string[] = [];
  const device = config.audio.device;
  if (device === '' || device === 'none') return { args: ['-audiodev', 'none,id=snd0'], warnings };
  const backend = device === 'default' ? defaultAudioDevice(host) : device;
  const args = ['-audiodev', `${backend},id=snd0`];
  let iface = config.audio.interface;
  if (iface === 'virtio' && !versionAtLeast(qemuVersion, '8.2.0')) {
    warnings.push(`field \`audio.interface\`: virtio-sound needs QEMU 8.2.0 or later (found ${qemuVersion || 'unknown'}); using hda`);
    iface = 'hda';
  }
  if (iface === '' || iface === 'hda') args.push(...hdaDevices());
  else if (iface === 'virtio') args.push('-device', 'virtio-sound-pci,audiodev=snd0');
  else throw new Error(`field \`audio.interface\` has an unexpected value ${JSON.stringify(iface)}`);
  return { args, warnings };
}

function hdaDevices(): string[] {
  return ['-device', 'ich9-intel-hda', '-device', 'hda-output,audiodev=snd0'];
}

/** -display, the GPU and input devices, or `-vga none` for a headless VM. */
export function displayArgs(config: FilledLimaYAML): string[] {
  const display = config.video.display;
  const args: string[] = [];
  const vnc = display === 'vnc';
  if (display !== '') args.push('-display', vnc ? `vnc=${config.video.vnc.display},password=on` : display);
  if (display !== 'none' && display !== '') {
    args.push('-device', videoDevice(config.arch));
    // A tablet reports absolute positions, which VNC clients send.
    args.push('-device', 'virtio-keyboard-pci', '-device', vnc ? 'virtio-tablet-pci' : 'virtio-mouse-pci');
  }
  if (display === 'none') args.push('-vga', 'none');
  return args;
}

function videoDevice(arch: Arch): string {
  return arch === 'x86_64' || arch === 'riscv64' ? 'virtio-vga' : 'virtio-gpu';
}

function socketChardev(id: string, sock: string, log: string): string {
  return `socket,id=${id},path=${optValue(sock)},server=on,wait=off,logfile=${optValue(log)}`;
}

/** The UART, the PCI serial on ARM, and the virtio console, each logging to its own file. */
export function serialArgs(arch: Arch, instanceDir: string, guestOs: string): string[] {
  const at = (name: string): string => path.join(instanceDir, name);
  const args = ['-chardev', socketChardev('char-serial', at(SerialSock), at(SerialLog)), '-serial', 'chardev:char-serial'];
  if (arch === 'aarch64' || arch === 'armv7l') {
    args.push('-chardev', socketChardev('char-serial-pci', at(SerialPCISock), at(SerialPCILog)), '-device', 'pci-serial,chardev=char-serial-pci');
  }
  if (guestOs !== 'Windows') {
    args.push(
      '-chardev', socketChardev('char-serial-virtio', at(SerialVirtioSock), at(SerialVirtioLog)),
      '-device', `virtio-serial-pci,id=virtio-serial0,max_ports=${arch === 's390x' ? 2 : 1}`,
      '-device', 'virtconsole,chardev=char-serial-virtio,id=console0',
    );
  }
  return args;
}

/** Every serial socket and log file, removed before each start so old output never shows. */
export const SERIAL_FILES = [SerialSock, SerialLog, SerialPCISock, SerialPCILog, SerialVirtioSock, SerialVirtioLog];

export function qmpArgs(instanceDir: string): string[] {
  return ['-chardev', `socket,id=char-qmp,path=${optValue(path.join(instanceDir, QMPSock))},server=on,wait=off`, '-qmp', 'chardev:char-qmp'];
}

export function identityArgs(name: string, instanceDir: string): string[] {
  return ['-name', `lima-${name}`, '-pidfile', path.join(instanceDir, QemuPID)];
}

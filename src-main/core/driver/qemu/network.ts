import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Arch, Network } from '../../config/types';
import { NetworksDir } from '../../store/filenames';
import type { HostFacts } from './host-facts';
import { optValue } from './qemu-opts';
import { versionAtLeast } from './version';

export const SLIRP_NETWORK = '192.168.5.0/24';
export const SLIRP_GUEST_IP = '192.168.5.15';

/** Placeholder text replaced at spawn by an inherited fd connected to `socketPath`. */
export function fdConnect(socketPath: string): string {
  return `{{ fd_connect ${JSON.stringify(socketPath)} }}`;
}

/** Stable per host and instance, so the guest keeps its DHCP lease across restarts. */
export function slirpMacAddress(machineId: string, instanceDir: string): string {
  const digest = createHash('sha256').update(machineId + instanceDir).digest();
  const tail = [...digest.subarray(0, 3)].map((b) => b.toString(16).padStart(2, '0'));
  return ['52', '55', '55', ...tail].join(':');
}

function nicDevice(arch: Arch): string {
  return arch === 's390x' ? 'virtio-net-ccw' : 'virtio-net-pci';
}

/** Lima's `_networks/<name>/<name>_qemu.sock` for user-v2 networks. */
function usernetSocket(limaHome: string, name: string): string {
  return path.join(limaHome, NetworksDir, name, `${name}_qemu.sock`);
}

export interface NetworkContext {
  arch: Arch;
  instanceDir: string;
  limaHome: string;
  sshLocalPort: number;
  host: HostFacts;
  qemuVersion: string;
  netdevHelp: string;
  /** Names of `networks.yaml` entries whose mode is user-v2. */
  usernetNames: ReadonlySet<string>;
  /** `paths.varRun` from networks.yaml. */
  varRun: string;
}

function isUsernet(network: Network | undefined, ctx: NetworkContext): boolean {
  return network?.lima !== undefined && ctx.usernetNames.has(network.lima);
}

function socketVmnetNetdev(id: string, name: string, ctx: NetworkContext): string {
  if (ctx.host.os !== 'darwin') throw new Error(`networks.yaml '${name}' configuration is only supported on macOS right now`);
  const sock = path.join(ctx.varRun, `socket_vmnet.${name}`);
  if (/^stream\s*$/m.test(ctx.netdevHelp)) {
    let netdev = `stream,id=${id},server=off,addr.type=unix,addr.path=${optValue(sock)}`;
    if (versionAtLeast(ctx.qemuVersion, '9.2.0')) netdev += ',reconnect-ms=500';
    else if (versionAtLeast(ctx.qemuVersion, '8.0.0')) netdev += ',reconnect=1';
    return netdev;
  }
  return `socket,id=${id},fd=${fdConnect(sock)}`;
}

/** net0 (slirp with the SSH forward, or the first usernet), then one NIC per further network. */
export function networkArgs(networks: readonly Network[], ctx: NetworkContext): string[] {
  const args: string[] = [];
  const first = networks[0];
  if (first?.lima !== undefined && isUsernet(first, ctx)) {
    args.push('-netdev', `socket,id=net0,fd=${fdConnect(usernetSocket(ctx.limaHome, first.lima))}`);
  } else {
    args.push('-netdev', `user,id=net0,net=${SLIRP_NETWORK},dhcpstart=${SLIRP_GUEST_IP},hostfwd=tcp:127.0.0.1:${ctx.sshLocalPort}-:22`);
  }
  args.push('-device', `${nicDevice(ctx.arch)},netdev=net0,mac=${slirpMacAddress(ctx.host.machineId, ctx.instanceDir)}`);
  networks.forEach((network, i) => {
    const id = `net${i + 1}`;
    let netdev: string;
    if (network.lima !== undefined) {
      if (i === 0 && isUsernet(network, ctx)) return;
      netdev = isUsernet(network, ctx)
        ? `socket,id=${id},fd=${fdConnect(usernetSocket(ctx.limaHome, network.lima))}`
        : socketVmnetNetdev(id, network.lima, ctx);
    } else if (network.socket !== undefined) {
      netdev = `socket,id=${id},fd=${fdConnect(network.socket)}`;
    } else {
      return;
    }
    args.push('-netdev', netdev, '-device', `${nicDevice(ctx.arch)},netdev=${id},mac=${network.macAddress ?? ''}`);
  });
  return args;
}

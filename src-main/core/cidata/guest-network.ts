import { stringify } from 'yaml';
import type { FilledLimaYAML } from '../config/types';
import { derivedMacAddress } from '../config/defaults-entries';

/**
 * The guest's view of Lima's user-mode network 192.168.5.0/24: the host is reachable at
 * .2, QEMU's built-in DNS answers at .3, the guest gets .15. These addresses are part of
 * Lima's contract with guest images, so they are fixed.
 */
export const SLIRP_GATEWAY = '192.168.5.2';
export const SLIRP_DNS = '192.168.5.3';
export const SLIRP_GUEST_IP = '192.168.5.15';
export const SLIRP_NIC_NAME = 'eth0';
/** The user-mode NIC loses to any extra network for the default route (their metric is 100). */
const SLIRP_METRIC = 200;

/** The user-mode NIC's MAC: the same derivation QEMU's `-device …,mac=` uses, so netplan's match holds. */
export function slirpMac(machineId: string, instanceDir: string): string {
  return derivedMacAddress(instanceDir, machineId);
}

/** Name servers the guest is told about: the configured `dns:` list, else QEMU's resolver. */
export function dnsAddresses(config: FilledLimaYAML): string[] {
  return config.dns && config.dns.length > 0 ? [...config.dns] : [SLIRP_DNS];
}

interface EthernetEntry {
  match: { macaddress: string };
  dhcp4: boolean;
  'set-name': string;
  'dhcp4-overrides': { 'route-metric': number };
  nameservers?: { addresses: string[] };
}

/** `network-config` (netplan v2): every NIC matched by MAC and renamed, DHCP on each. */
export function renderNetworkConfig(config: FilledLimaYAML, slirpMacAddress: string): string {
  const ethernets: Record<string, EthernetEntry> = {
    [SLIRP_NIC_NAME]: {
      match: { macaddress: slirpMacAddress },
      dhcp4: true,
      'set-name': SLIRP_NIC_NAME,
      'dhcp4-overrides': { 'route-metric': SLIRP_METRIC },
      nameservers: { addresses: dnsAddresses(config) },
    },
  };
  config.networks.forEach((network, i) => {
    const name = network.interface || `lima${i}`;
    if (!network.macAddress) throw new Error(`field \`networks[${i}].macAddress\` must be set before the cidata is written`);
    ethernets[name] = {
      match: { macaddress: network.macAddress },
      dhcp4: true,
      'set-name': name,
      'dhcp4-overrides': { 'route-metric': network.metric ?? 100 },
    };
  });
  return stringify({ version: 2, ethernets });
}

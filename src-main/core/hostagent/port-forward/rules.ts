import type { PortForward, Proto } from '../../config/types';
import { formatIp, IPV4_LOOPBACK, IPV6_LOOPBACK, ipEqual, isUnspecified, joinHostPort, parseIp, type IpBytes } from './ip';
import type { GuestListener } from './proc-net-tcp';

/** A `portForwards` entry with Lima's defaults filled in and its addresses parsed. */
export interface ForwardRule {
  guestIP: IpBytes;
  guestIPMustBeZero: boolean;
  guestPort: number;
  guestPortRange: [number, number];
  guestSocket?: string;
  hostIP: IpBytes;
  hostPort: number;
  hostPortRange: [number, number];
  hostSocket?: string;
  proto: Proto;
  ignore: boolean;
  reverse: boolean;
  static: boolean;
}

/** The guest's SSH server port, never forwarded (Lima's sshGuestPort). */
export const SSH_GUEST_PORT = 22;

const unset = (range: [number, number] | undefined): boolean => !range || (range[0] === 0 && range[1] === 0);

/**
 * Lima's FillPortForwardDefaults (limayaml), for a rule whose templates the config loader has
 * already expanded: guestIP 127.0.0.1 (0.0.0.0 when guestIPMustBeZero), guestIPMustBeZero
 * true exactly when guestIP is 0.0.0.0 unless set, hostIP 127.0.0.1, the guest range from
 * guestPort (all ports without one), the host range from hostPort or else the guest range.
 */
export function fillRule(rule: PortForward, where: string): ForwardRule {
  const ip = (value: string | undefined, field: string, fallback: IpBytes): IpBytes => {
    if (value === undefined || value === '') return fallback;
    const parsed = parseIp(value);
    if (!parsed) throw new Error(`${where}.${field} ${JSON.stringify(value)} is not an IP address`);
    return parsed;
  };
  const guestIP = ip(rule.guestIP, 'guestIP', rule.guestIPMustBeZero ? parseIp('0.0.0.0')! : IPV4_LOOPBACK);
  const guestPort = rule.guestPort ?? 0;
  const guestPortRange: [number, number] = !unset(rule.guestPortRange)
    ? [rule.guestPortRange![0], rule.guestPortRange![1]]
    : guestPort !== 0
      ? [guestPort, guestPort]
      : [1, 65535];
  const hostPort = rule.hostPort ?? 0;
  const hostPortRange: [number, number] = !unset(rule.hostPortRange)
    ? [rule.hostPortRange![0], rule.hostPortRange![1]]
    : hostPort !== 0
      ? [hostPort, hostPort]
      : [guestPortRange[0], guestPortRange[1]];
  const filled: ForwardRule = {
    guestIP,
    guestIPMustBeZero: rule.guestIPMustBeZero ?? ipEqual(guestIP, parseIp('0.0.0.0')!),
    guestPort,
    guestPortRange,
    hostIP: ip(rule.hostIP, 'hostIP', IPV4_LOOPBACK),
    hostPort,
    hostPortRange,
    proto: rule.proto ?? 'any',
    ignore: rule.ignore === true,
    reverse: rule.reverse === true,
    static: rule.static === true,
  };
  if (rule.guestSocket) filled.guestSocket = rule.guestSocket;
  if (rule.hostSocket) filled.hostSocket = rule.hostSocket;
  return filled;
}

/**
 * The rules the forwarder applies, in Lima's order (hostagent's portForwardRules): the SSH
 * ports are refused on every guest address first, then the instance's own rules, then the
 * default rule (guest 127.0.0.1, any port, to the same port on host 127.0.0.1). The first
 * rule that matches decides. Config rules that cannot be read are left out and reported.
 */
export function portForwardRules(
  configRules: readonly PortForward[],
  sshLocalPort: number,
): { rules: ForwardRule[]; instanceRules: ForwardRule[]; problems: string[] } {
  const rules: ForwardRule[] = [];
  const instanceRules: ForwardRule[] = [];
  const problems: string[] = [];
  for (const port of [SSH_GUEST_PORT, sshLocalPort]) {
    // guestIPMustBeZero false on purpose: 0.0.0.0 then matches every guest address, so a guest
    // SSH server on 127.0.0.1 or ::1 is refused too.
    rules.push(fillRule({ guestIP: '0.0.0.0', guestIPMustBeZero: false, guestPort: port, ignore: true }, 'ssh'));
  }
  configRules.forEach((rule, i) => {
    try {
      instanceRules.push(fillRule(rule, `portForwards[${i}]`));
    } catch (err) {
      problems.push(`${(err as Error).message}; the rule is left out`);
    }
  });
  rules.push(...instanceRules, fillRule({}, 'default'));
  return { rules, instanceRules, problems };
}

/** Where a rule sends a guest port: its host socket, or the host port at the same offset in its range. */
export function hostAddress(rule: ForwardRule, guestPort: number): string {
  if (rule.hostSocket) return rule.hostSocket;
  const port = guestPort === 0 ? rule.hostPort : guestPort + rule.hostPortRange[0] - rule.guestPortRange[0];
  return joinHostPort(formatIp(rule.hostIP), port);
}

function guestIPMatches(rule: ForwardRule, guestIP: IpBytes): boolean {
  if (isUnspecified(guestIP)) return true;
  if (ipEqual(guestIP, rule.guestIP)) return true;
  if (ipEqual(guestIP, IPV6_LOOPBACK) && ipEqual(rule.guestIP, IPV4_LOOPBACK)) return true;
  // With guestIPMustBeZero only an exact 0.0.0.0 listener matches, which the first case covers.
  return isUnspecified(rule.guestIP) && !rule.guestIPMustBeZero;
}

/**
 * The host address a guest TCP listener is forwarded to, or undefined when it is not forwarded
 * (Lima's forwardingAddresses). An `ignore` rule for a specific address does not stop a
 * listener on 0.0.0.0, which is reachable on other addresses too.
 */
export function forwardingAddress(rules: readonly ForwardRule[], guest: GuestListener): string | undefined {
  const guestIP = parseIp(guest.ip);
  if (!guestIP) return undefined;
  for (const rule of rules) {
    if (rule.guestSocket) continue;
    if (rule.proto !== 'any' && rule.proto !== 'tcp') continue;
    if (guest.port < rule.guestPortRange[0] || guest.port > rule.guestPortRange[1]) continue;
    if (!guestIPMatches(rule, guestIP)) continue;
    if (rule.ignore) {
      if (isUnspecified(guestIP) && !isUnspecified(rule.guestIP)) continue;
      return undefined;
    }
    return hostAddress(rule, guest.port);
  }
  return undefined;
}

/** The guest address as Lima prints it: `127.0.0.1:8080`, `[::]:8080`. */
export function guestAddress(guest: GuestListener): string {
  return joinHostPort(guest.ip, guest.port);
}

/**
 * An instance's leading `ignore` rules for every port switch forwarding off for their protocol,
 * and with it the "Not forwarding" reports (Lima's ignoreTCP / ignoreUDP).
 */
export function disabledProtocols(instanceRules: readonly ForwardRule[]): { tcp: boolean; udp: boolean } {
  const disabled = { tcp: false, udp: false };
  for (const rule of instanceRules) {
    if (!(rule.ignore && rule.guestPortRange[0] === 1 && rule.guestPortRange[1] === 65535)) break;
    if (rule.proto === 'tcp' || rule.proto === 'any') disabled.tcp = true;
    if (rule.proto === 'udp' || rule.proto === 'any') disabled.udp = true;
  }
  return disabled;
}

/** Whether a `static` rule covers the port, in which case the dynamic forwarder leaves it alone. */
export function isStaticallyForwarded(rules: readonly ForwardRule[], port: number): boolean {
  return rules.some((rule) => rule.static && port >= rule.guestPortRange[0] && port <= rule.guestPortRange[1]);
}

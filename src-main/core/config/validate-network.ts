/** Port forwards, copyToHost, DNS and networks. */
import path from 'node:path';
import { statSync } from 'node:fs';
import { PROTOS, type FilledLimaYAML, type PortForward } from './types';
import { q, type IssueSink, type ValidateContext } from './validate-context';
import { warnUnreachableForwards } from './validate-forward-shadow';
import { portProblem } from './validate-ports';

/** sizeof(sockaddr_un.sun_path) on Linux; macOS allows 104, so Lima checks the smaller. */
const UNIX_PATH_MAX = 104;
const DEFAULT_RANGE: [number, number] = [1, 65535];

/** networks.yaml as shipped by Lima, for when the user has none. */
export const DEFAULT_NETWORKS: Readonly<Record<string, { usernet: boolean }>> = {
  'user-v2': { usernet: true },
  shared: { usernet: false },
  bridged: { usernet: false },
  host: { usernet: false },
};

export function validatePortForwards(y: FilledLimaYAML, ctx: ValidateContext, sink: IssueSink): void {
  y.portForwards.forEach((rule, i) => validateRule(rule, i, ctx, sink));
  warnUnreachableForwards(y.portForwards, sink);
  (y.copyToHost ?? []).forEach((rule, i) => {
    const field = `CopyToHost[${i}]`;
    if (rule.guest && !path.posix.isAbsolute(rule.guest)) {
      sink.error(['copyToHost', i, 'guest'], `field \`${field}.guest\` must be an absolute path, but is ${q(rule.guest)}`);
    }
    const hostAbs = ctx.hostOS === 'win32' ? path.win32.isAbsolute : path.posix.isAbsolute;
    if (rule.host && !hostAbs(rule.host)) {
      sink.error(['copyToHost', i, 'host'], `field \`${field}.host\` must be an absolute path, but is ${q(rule.host)}`);
    }
  });
}

function validateRule(rule: PortForward, i: number, ctx: ValidateContext, sink: IssueSink): void {
  const f = `portForwards[${i}]`;
  const at = (key: string, index?: number): Array<string | number> => (index === undefined ? ['portForwards', i, key] : ['portForwards', i, key, index]);
  const guestRange = rule.guestPortRange ?? (rule.guestPort ? [rule.guestPort, rule.guestPort] : DEFAULT_RANGE);
  const hostRange = rule.hostPortRange ?? (rule.hostPort ? [rule.hostPort, rule.hostPort] : guestRange);
  const check = (field: string, path: Array<string | number>, port: number): void => {
    const problem = portProblem(field, port);
    if (problem) sink.error(path, problem);
  };

  if (rule.guestIPMustBeZero && rule.guestIP !== '0.0.0.0') {
    sink.error(at('guestIPMustBeZero'), `field \`${f}.guestIPMustBeZero\` can only be true when field \`${f}.guestIP\` is 0.0.0.0`);
  }
  if (rule.guestPort) {
    if (rule.guestSocket) sink.error(at('guestPort'), `field \`${f}.guestPort\` must be 0 when field \`${f}.guestSocket\` is set`);
    if (rule.guestPort !== guestRange[0]) sink.error(at('guestPort'), `field \`${f}.guestPort\` must match field \`${f}.guestPortRange[0]\``);
    check(`${f}.guestPort`, at('guestPort'), rule.guestPort);
  }
  if (rule.hostPort) {
    if (rule.hostSocket) sink.error(at('hostPort'), `field \`${f}.hostPort\` must be 0 when field \`${f}.hostSocket\` is set`);
    if (rule.hostPort !== hostRange[0]) sink.error(at('hostPort'), `field \`${f}.hostPort\` must match field \`${f}.hostPortRange[0]\``);
    check(`${f}.hostPort`, at('hostPort'), rule.hostPort);
  }
  for (const j of [0, 1] as const) {
    check(`${f}.guestPortRange[${j}]`, at('guestPortRange', j), guestRange[j]);
    if (!rule.hostSocket) check(`${f}.hostPortRange[${j}]`, at('hostPortRange', j), hostRange[j]);
  }
  if (guestRange[0] > guestRange[1]) {
    sink.error(at('guestPortRange', 1), `field \`${f}.guestPortRange[1]\` must be greater than or equal to field \`${f}.guestPortRange[0]\``);
  }
  if (hostRange[0] > hostRange[1]) {
    sink.error(at('hostPortRange', 1), `field \`${f}.hostPortRange[1]\` must be greater than or equal to field \`${f}.hostPortRange[0]\``);
  }
  if (!rule.hostSocket && guestRange[1] - guestRange[0] !== hostRange[1] - hostRange[0]) {
    sink.error(at('hostPortRange'), `field \`${f}.hostPortRange\` must specify the same number of ports as field \`${f}.guestPortRange\``);
  }
  if (rule.guestSocket) {
    if (!path.posix.isAbsolute(rule.guestSocket)) sink.error(at('guestSocket'), `field \`${f}.guestSocket\` must be an absolute path, but is ${q(rule.guestSocket)}`);
    if (!rule.hostSocket && hostRange[1] - hostRange[0] > 0) {
      sink.error(at('guestSocket'), `field \`${f}.guestSocket\` can only be mapped to a single port or socket. not a range`);
    }
  }
  if (rule.hostSocket) {
    const hostAbs = ctx.hostOS === 'win32' ? path.win32.isAbsolute : path.posix.isAbsolute;
    if (!hostAbs(rule.hostSocket)) sink.error(at('hostSocket'), `field \`${f}.hostSocket\` must be an absolute path, but is ${q(rule.hostSocket)}`);
    if (!rule.guestSocket && guestRange[1] - guestRange[0] > 0) {
      sink.error(at('hostSocket'), `field \`${f}.hostSocket\` can only be mapped from a single port or socket. not a range`);
    }
    if (rule.hostSocket.length >= UNIX_PATH_MAX) {
      sink.error(at('hostSocket'), `field \`${f}.hostSocket\` must be less than UNIX_PATH_MAX=${UNIX_PATH_MAX} characters, but is ${rule.hostSocket.length}`);
    }
  }
  const proto = rule.proto ?? 'any';
  if (!(PROTOS as readonly string[]).includes(proto)) sink.error(at('proto'), `field \`${f}.proto\` must be \`tcp\`, \`udp\`, or \`any\``);
  if (rule.reverse && !rule.guestSocket) sink.error(at('reverse'), `field \`${f}.reverse\` must be false if field \`${f}.guestSocket\` is empty`);
  if (rule.reverse && !rule.hostSocket) sink.error(at('reverse'), `field \`${f}.reverse\` must be false if field \`${f}.hostSocket\` is empty`);
}

export function validateDns(y: FilledLimaYAML, sink: IssueSink): void {
  if ((y.hostResolver?.enabled ?? true) && (y.dns?.length ?? 0) > 0) {
    sink.error(['dns'], 'field `dns` must be empty when field `HostResolver.Enabled` is true');
  }
}

export function validateNetworks(y: FilledLimaYAML, ctx: ValidateContext, sink: IssueSink): void {
  const known = ctx.networks ?? DEFAULT_NETWORKS;
  const seen = new Map<string, number>();
  y.networks.forEach((nw, i) => {
    const f = `networks[${i}]`;
    const at = (key: string): Array<string | number> => ['networks', i, key];
    if (nw.lima) {
      if (nw.socket) sink.error(at('socket'), `field \`${f}.lima\` and field \`${f}.socket\` are mutually exclusive`);
      if (nw.vzNAT) sink.error(at('vzNAT'), `field \`${f}.lima\` and field \`${f}.vzNAT\` are mutually exclusive`);
      const network = Object.hasOwn(known, nw.lima) ? known[nw.lima] : undefined;
      if (!network) sink.error(at('lima'), `field \`${f}.lima\` references network ${q(nw.lima)} which is not defined in networks.yaml`);
      else if (!network.usernet && ctx.hostOS !== 'darwin') sink.error(at('lima'), `field \`${f}.lima\` is only supported on macOS`);
    } else if (nw.socket) {
      if (nw.vzNAT) sink.error(at('vzNAT'), `field \`${f}.socket\` and field \`${f}.vzNAT\` are mutually exclusive`);
      try {
        if (!statSync(nw.socket).isSocket()) sink.error(at('socket'), `field \`${f}.socket\` ${q(nw.socket)} points to a non-socket file`);
      } catch {
        // A socket that does not exist yet is fine: socket_vmnet may start later.
      }
    } else if (nw.vzNAT) {
      if (y.vmType !== 'vz') sink.error(at('vzNAT'), `field \`${f}.vzNAT\` requires \`vmType\` to be \`vz\``);
    } else {
      sink.error(['networks', i], `field \`${f}.lima\` or field \`${f}.socket\` must be set`);
    }
    if (nw.macAddress) {
      const bytes = nw.macAddress.split(/[:-]/);
      if (!bytes.every((b) => /^[0-9a-fA-F]{2}$/.test(b))) sink.error(at('macAddress'), `field \`${f}.macAddress\` is invalid: ${q(nw.macAddress)}`);
      else if (bytes.length !== 6) {
        sink.error(at('macAddress'), `field \`${f}.macAddress\` must be a 48 bit (6 bytes) MAC address; actual length of ${q(nw.macAddress)} is ${bytes.length} bytes`);
      }
    }
    const name = nw.interface ?? '';
    if (Buffer.byteLength(name) >= 16) sink.error(at('interface'), `field \`${f}.interface\` must be less than 16 bytes, but is ${Buffer.byteLength(name)} bytes: ${q(name)}`);
    if (/[\s/]/.test(name)) sink.error(at('interface'), `field \`${f}.interface\` must not contain whitespace or slashes`);
    if (name === 'eth0') sink.error(at('interface'), `field \`${f}.interface\` must not be set to \`eth0\` because it is reserved for slirp`);
    const prev = seen.get(name);
    if (prev !== undefined) sink.error(at('interface'), `field \`${f}.interface\` value ${q(name)} has already been used by field \`networks[${prev}].interface\``);
    else seen.set(name, i);
  });
}

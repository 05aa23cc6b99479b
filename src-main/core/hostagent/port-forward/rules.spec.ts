import { describe, expect, it } from 'vitest';
import type { PortForward } from '../../config/types';
import { disabledProtocols, forwardingAddress, isStaticallyForwarded, portForwardRules } from './rules';

const SSH_LOCAL_PORT = 60022;

/** Where a guest listener goes under the given `portForwards` (undefined: not forwarded). */
function hostFor(portForwards: PortForward[], ip: string, port: number): string | undefined {
  const { rules, problems } = portForwardRules(portForwards, SSH_LOCAL_PORT);
  expect(problems).toEqual([]);
  return forwardingAddress(rules, { ip, port });
}

describe('forwardingAddress with no portForwards (Lima default rule)', () => {
  it('forwards guest loopback and wildcard listeners to the same port on host 127.0.0.1', () => {
    for (const ip of ['127.0.0.1', '0.0.0.0', '::1', '::']) expect(hostFor([], ip, 8080), ip).toBe('127.0.0.1:8080');
  });

  it('does not forward a listener on another guest address', () => {
    expect(hostFor([], '192.168.5.15', 8080)).toBeUndefined();
    expect(hostFor([], '127.0.0.2', 8080)).toBeUndefined();
  });

  it('never forwards the SSH ports (22 and the host SSH port), on any guest address', () => {
    for (const ip of ['0.0.0.0', '127.0.0.1', '::', '::1']) {
      expect(hostFor([], ip, 22), ip).toBeUndefined();
      expect(hostFor([], ip, SSH_LOCAL_PORT), ip).toBeUndefined();
    }
  });

  it('forwards privileged ports as Lima does (binding them may then fail on the host)', () => {
    expect(hostFor([], '127.0.0.1', 80)).toBe('127.0.0.1:80');
  });
});

describe('forwardingAddress with portForwards entries', () => {
  it('moves a guest port to another host port', () => {
    const rules: PortForward[] = [{ guestPort: 8080, hostPort: 9090 }];
    expect(hostFor(rules, '127.0.0.1', 8080)).toBe('127.0.0.1:9090');
    // Other ports still follow the default rule.
    expect(hostFor(rules, '127.0.0.1', 8081)).toBe('127.0.0.1:8081');
  });

  it('maps a port range at the same offset', () => {
    const rules: PortForward[] = [{ guestPortRange: [3000, 3009], hostPortRange: [13000, 13009] }];
    expect(hostFor(rules, '127.0.0.1', 3000)).toBe('127.0.0.1:13000');
    expect(hostFor(rules, '0.0.0.0', 3005)).toBe('127.0.0.1:13005');
    expect(hostFor(rules, '127.0.0.1', 3010)).toBe('127.0.0.1:3010');
  });

  it('stops a port with an ignore rule, but not a wildcard listener, which other addresses reach too', () => {
    const rules: PortForward[] = [{ guestPort: 8080, ignore: true }];
    expect(hostFor(rules, '127.0.0.1', 8080)).toBeUndefined();
    expect(hostFor(rules, '::1', 8080)).toBeUndefined();
    expect(hostFor(rules, '0.0.0.0', 8080)).toBe('127.0.0.1:8080');
  });

  it('with guestIP 0.0.0.0, matches only a wildcard listener (guestIPMustBeZero follows guestIP)', () => {
    const rules: PortForward[] = [{ guestIP: '0.0.0.0', guestPort: 8080, ignore: true }];
    expect(hostFor(rules, '0.0.0.0', 8080)).toBeUndefined();
    expect(hostFor(rules, '::', 8080)).toBeUndefined();
    expect(hostFor(rules, '127.0.0.1', 8080)).toBe('127.0.0.1:8080');
  });

  it('with guestIP 0.0.0.0 and guestIPMustBeZero false, matches every guest address', () => {
    const rules: PortForward[] = [{ guestIP: '0.0.0.0', guestIPMustBeZero: false, guestPort: 8080, hostPort: 18080 }];
    for (const ip of ['0.0.0.0', '127.0.0.1', '192.168.5.15', '::1']) expect(hostFor(rules, ip, 8080), ip).toBe('127.0.0.1:18080');
  });

  it('with guestIPMustBeZero, forwards a wildcard listener and leaves a loopback one to later rules', () => {
    const rules: PortForward[] = [{ guestIPMustBeZero: true, guestPort: 8080, hostIP: '0.0.0.0' }];
    expect(hostFor(rules, '0.0.0.0', 8080)).toBe('0.0.0.0:8080');
    expect(hostFor(rules, '127.0.0.1', 8080)).toBe('127.0.0.1:8080');
  });

  it('forwards another guest address and binds the host address the rule names, IPv6 in brackets', () => {
    expect(hostFor([{ guestIP: '192.168.5.15', guestPort: 80, hostPort: 8000 }], '192.168.5.15', 80)).toBe('127.0.0.1:8000');
    expect(hostFor([{ guestPort: 8080, hostIP: '::1' }], '127.0.0.1', 8080)).toBe('[::1]:8080');
    expect(hostFor([{ guestIP: '::1', guestPort: 8080, hostPort: 9000 }], '::1', 8080)).toBe('127.0.0.1:9000');
  });

  it('treats an IPv4-mapped rule address as the IPv4 one', () => {
    expect(hostFor([{ guestIP: '::ffff:127.0.0.1', guestPort: 8080, hostPort: 9000 }], '127.0.0.1', 8080)).toBe('127.0.0.1:9000');
  });

  it('lets the first matching rule win', () => {
    const rules: PortForward[] = [
      { guestPort: 8080, hostPort: 9001 },
      { guestPort: 8080, hostPort: 9002 },
      { guestPortRange: [8000, 8999], ignore: true },
    ];
    expect(hostFor(rules, '127.0.0.1', 8080)).toBe('127.0.0.1:9001');
    expect(hostFor(rules, '127.0.0.1', 8081)).toBeUndefined();
  });

  it('skips rules for another protocol and socket rules', () => {
    const rules: PortForward[] = [
      { guestPort: 8080, hostPort: 9001, proto: 'udp' },
      { guestSocket: '/run/docker.sock', hostSocket: '/tmp/docker.sock' },
      { guestPort: 8080, hostPort: 9002, proto: 'tcp' },
    ];
    expect(hostFor(rules, '127.0.0.1', 8080)).toBe('127.0.0.1:9002');
  });

  it('sends a guest port to a host socket', () => {
    expect(hostFor([{ guestPort: 2375, hostSocket: '/tmp/docker-tcp.sock' }], '127.0.0.1', 2375)).toBe('/tmp/docker-tcp.sock');
  });

  it('reads rules as the config loader fills them (guestIP, hostIP, proto and ranges set)', () => {
    const filled: PortForward = { guestPort: 8080, hostPort: 9090, guestIP: '127.0.0.1', hostIP: '127.0.0.1', proto: 'any', guestPortRange: [8080, 8080], hostPortRange: [9090, 9090] };
    expect(hostFor([filled], '0.0.0.0', 8080)).toBe('127.0.0.1:9090');
  });

  it('leaves out a rule whose address is not an IP, naming the field', () => {
    const { rules, problems } = portForwardRules([{ guestPort: 8080, hostIP: 'localhost' }], SSH_LOCAL_PORT);
    expect(problems).toEqual(['portForwards[0].hostIP "localhost" is not an IP address; the rule is left out']);
    expect(forwardingAddress(rules, { ip: '127.0.0.1', port: 8080 })).toBe('127.0.0.1:8080');
  });
});

describe('disabledProtocols and isStaticallyForwarded', () => {
  it('turns a protocol off only through leading ignore rules for every port', () => {
    const of = (portForwards: PortForward[]) => disabledProtocols(portForwardRules(portForwards, SSH_LOCAL_PORT).instanceRules);
    expect(of([])).toEqual({ tcp: false, udp: false });
    expect(of([{ ignore: true, proto: 'tcp' }])).toEqual({ tcp: true, udp: false });
    expect(of([{ ignore: true, proto: 'udp' }, { ignore: true, proto: 'tcp', guestPortRange: [1, 65535] }])).toEqual({ tcp: true, udp: true });
    expect(of([{ guestPort: 80, hostPort: 8080 }, { ignore: true }])).toEqual({ tcp: false, udp: false });
    // The SSH ports stay refused either way.
    const { rules } = portForwardRules([{ ignore: true, proto: 'tcp' }], SSH_LOCAL_PORT);
    expect(forwardingAddress(rules, { ip: '127.0.0.1', port: 8080 })).toBeUndefined();
  });

  it('knows the ports a static rule covers', () => {
    const { rules } = portForwardRules([{ guestPort: 8080, hostPort: 9090, static: true }], SSH_LOCAL_PORT);
    expect(isStaticallyForwarded(rules, 8080)).toBe(true);
    expect(isStaticallyForwarded(rules, 8081)).toBe(false);
  });
});

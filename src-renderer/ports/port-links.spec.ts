import { describe, expect, it } from 'vitest';
import type { PortForwardInfo } from '../../src-main/common/api';
import { httpUrlOf, parseHostAddr, rowPorts } from './port-links';

const tcp = (hostAddr: string, extra: Partial<PortForwardInfo> = {}): PortForwardInfo => ({ protocol: 'tcp', guestAddr: '127.0.0.1:80', hostAddr, state: 'forwarding', ...extra });

describe('port links', () => {
  it('opens a forwarded TCP port over http on loopback', () => {
    expect(httpUrlOf(tcp('127.0.0.1:8080'))).toBe('http://127.0.0.1:8080/');
    expect(httpUrlOf(tcp('0.0.0.0:3000'))).toBe('http://127.0.0.1:3000/');
    expect(httpUrlOf(tcp('[::1]:8443'))).toBe('http://[::1]:8443/');
  });

  it('offers no link for what a browser cannot open', () => {
    expect(httpUrlOf(tcp('127.0.0.1:5432'))).toBeUndefined();
    expect(httpUrlOf(tcp('127.0.0.1:8080', { state: 'failed', error: 'bind: address already in use' }))).toBeUndefined();
    expect(httpUrlOf({ protocol: 'unix', guestAddr: '/run/docker.sock', hostAddr: '/l/vm/sock/docker.sock', state: 'forwarding' })).toBeUndefined();
    expect(parseHostAddr('/tmp/x.sock')).toBeUndefined();
    expect(parseHostAddr('127.0.0.1:99999')).toBeUndefined();
  });

  it('lists a row\'s forwarded TCP ports in port order, links where they open', () => {
    const ports = rowPorts([tcp('127.0.0.1:8080'), tcp('127.0.0.1:5432'), tcp('127.0.0.1:9000', { state: 'not-forwarding' }), tcp('127.0.0.1:80')]);
    expect(ports.map((p) => [p.port, p.url])).toEqual([
      [80, 'http://127.0.0.1:80/'],
      [5432, undefined],
      [8080, 'http://127.0.0.1:8080/'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { formatIp, ipEqual, isUnspecified, joinHostPort, parseIp } from './ip';

describe('IP addresses as Go treats them', () => {
  it('formats as net.IP.String(): mapped IPv4 dotted, IPv6 compressed and lower-case', () => {
    const cases: Array<[string, string]> = [
      ['127.0.0.1', '127.0.0.1'],
      ['::ffff:127.0.0.1', '127.0.0.1'],
      ['::FFFF:7F00:1', '127.0.0.1'],
      ['::', '::'],
      ['0:0:0:0:0:0:0:1', '::1'],
      ['FE80:0:0:0:5255:55FF:FE1A:5AFE', 'fe80::5255:55ff:fe1a:5afe'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['2001:db8:1:1:1:1:0:1', '2001:db8:1:1:1:1:0:1'],
    ];
    for (const [input, output] of cases) expect(formatIp(parseIp(input)!), input).toBe(output);
  });

  it('compares an IPv4 address and its mapped form as equal, and knows both wildcards', () => {
    expect(ipEqual(parseIp('127.0.0.1')!, parseIp('::ffff:127.0.0.1')!)).toBe(true);
    expect(ipEqual(parseIp('127.0.0.1')!, parseIp('::1')!)).toBe(false);
    expect(isUnspecified(parseIp('0.0.0.0')!)).toBe(true);
    expect(isUnspecified(parseIp('::')!)).toBe(true);
    expect(isUnspecified(parseIp('::1')!)).toBe(false);
  });

  it('rejects what is not an address, and joins host and port as net.JoinHostPort', () => {
    expect(parseIp('localhost')).toBeUndefined();
    expect(parseIp('[::1]')).toBeUndefined();
    expect(joinHostPort('127.0.0.1', 80)).toBe('127.0.0.1:80');
    expect(joinHostPort('::', 80)).toBe('[::]:80');
  });
});

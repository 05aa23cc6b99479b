import { describe, expect, it } from 'vitest';
import { parseProcNetTcp } from './proc-net-tcp';

// Lines as an x86_64 guest's kernel prints them: each 32-bit word of an address in the
// CPU's (little-endian) byte order, the port in network order, state 0A for LISTEN.
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 20311 1 0000000047a31c8f 100 0 0 10 0
   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 11839 1 00000000a3e1b1d2 100 0 0 10 0
   2: 0F05A8C0:0016 0205A8C0:C4E2 01 00000000:00000000 02:0009F6B5 00000000     0        0 12577 2 00000000d6c8b5ad 20 4 30 10 -1
   3: 0F05A8C0:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 20400 1 0000000047a31c8f 100 0 0 10 0
`;

const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 11841 1 00000000f5e0a3c1 100 0 0 10 0
   1: 00000000000000000000000001000000:1F92 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 20455 1 000000008f1d2e3a 100 0 0 10 0
   2: 0000000000000000FFFF00000100007F:0BB8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 20501 1 000000001a2b3c4d 100 0 0 10 0
   3: 000080FE00000000FF555552FE5A1AFE:1F93 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 20510 1 000000001a2b3c4e 100 0 0 10 0
   4: 0000000000000000FFFF00000F05A8C0:0050 0000000000000000FFFF00000205A8C0:D431 01 00000000:00000000 00:00000000 00000000  1000        0 20520 1 000000001a2b3c4f 20 4 30 10 -1
`;

describe('parseProcNetTcp', () => {
  it('reads the IPv4 listeners and skips the header and connections', () => {
    expect(parseProcNetTcp(TCP)).toEqual([
      { ip: '127.0.0.1', port: 8080 },
      { ip: '0.0.0.0', port: 22 },
      { ip: '192.168.5.15', port: 8081 },
    ]);
  });

  it('reads IPv6 listeners: unspecified, loopback, IPv4-mapped (as IPv4, as Lima prints them) and link-local', () => {
    expect(parseProcNetTcp(TCP6)).toEqual([
      { ip: '::', port: 22 },
      { ip: '::1', port: 8082 },
      { ip: '127.0.0.1', port: 3000 },
      { ip: 'fe80::5255:55ff:fe1a:5afe', port: 8083 },
    ]);
  });

  it('reads both files at once, as the guest watcher sends them, each address and port once', () => {
    const listenOnly = (text: string): string => text.split('\n').filter((l) => / 0A /.test(l)).join('\n');
    const both = `${listenOnly(TCP)}\n${listenOnly(TCP6)}\n${listenOnly(TCP).split('\n')[0]!}`;
    const listeners = parseProcNetTcp(both);
    expect(listeners).toHaveLength(7);
    expect(listeners.filter((l) => l.ip === '127.0.0.1' && l.port === 8080)).toHaveLength(1);
  });

  it('reads a big-endian guest (s390x) when told so', () => {
    const line = '   0: 7F000001:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1 0 100 0 0 10 0';
    expect(parseProcNetTcp(line, false)).toEqual([{ ip: '127.0.0.1', port: 8080 }]);
    const line6 = '   0: 00000000000000000000000000000001:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1 0 100 0 0 10 0';
    expect(parseProcNetTcp(line6, false)).toEqual([{ ip: '::1', port: 8080 }]);
  });

  it('gives nothing for empty or unrelated text', () => {
    expect(parseProcNetTcp('')).toEqual([]);
    expect(parseProcNetTcp('cat: /proc/net/tcp6: No such file or directory\n')).toEqual([]);
  });
});

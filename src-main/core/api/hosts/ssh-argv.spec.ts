import { describe, expect, it } from 'vitest';
import { forwardArgv, remoteCommandLine, serveArgv, versionArgv } from './ssh-argv';

const option = (argv: string[], name: string): string | undefined => argv.filter((_, i) => argv[i - 1] === '-o').find((o) => o.startsWith(`${name}=`))?.slice(name.length + 1);

describe('ssh argv for a host', () => {
  const box = { name: 'box', destination: 'me@box.lan' };

  it('runs limadesk serve --stdio in batch mode with known host keys only, as a control master', () => {
    const argv = serveArgv(box, { hostKeys: 'known-only', controlPath: '/tmp/ld-ssh-x/cm', homeDir: '/home/me' });
    expect(argv.slice(-3)).toEqual(['--', 'me@box.lan', 'limadesk serve --stdio']);
    expect(option(argv, 'BatchMode')).toBe('yes');
    expect(option(argv, 'StrictHostKeyChecking')).toBe('yes');
    expect(option(argv, 'ControlMaster')).toBe('yes');
    expect(option(argv, 'ControlPath')).toBe('/tmp/ld-ssh-x/cm');
    expect(option(argv, 'ForwardAgent')).toBe('no');
    expect(option(argv, 'ClearAllForwardings')).toBe('yes');
    expect(option(argv, 'RemoteCommand')).toBe('none');
    expect(argv).toContain('-T');
    expect(argv).not.toContain('-F');
  });

  it('accepts a new host key only when asked (adding the host), never a changed one', () => {
    const argv = serveArgv(box, { hostKeys: 'accept-new', controlPath: '/tmp/c', homeDir: '/home/me' });
    expect(option(argv, 'StrictHostKeyChecking')).toBe('accept-new');
    expect(argv.filter((a) => /StrictHostKeyChecking=no|UserKnownHostsFile=\/dev\/null/.test(a))).toEqual([]);
  });

  it('passes port, identity and config file as separate words, ~/ expanded, before the destination', () => {
    const argv = serveArgv(
      { name: 'box', destination: 'build-box', port: 2222, identity: '~/.ssh/id_box', sshConfig: '~/.ssh/limadesk config', remoteCommand: 'npx limadesk' },
      { hostKeys: 'known-only', controlPath: '/tmp/c', homeDir: '/home/me' },
    );
    expect(argv.slice(0, 6)).toEqual(['-F', '/home/me/.ssh/limadesk config', '-p', '2222', '-i', '/home/me/.ssh/id_box']);
    expect(argv.slice(-3)).toEqual(['--', 'build-box', 'npx limadesk serve --stdio']);
  });

  it('escapes % in the control path, which ssh would read as a token', () => {
    expect(option(serveArgv(box, { hostKeys: 'known-only', controlPath: '/tmp/a%b/cm', homeDir: '/h' }), 'ControlPath')).toBe('/tmp/a%%b/cm');
  });

  it('asks the master for a forward from a local socket to the remote loopback port', () => {
    const argv = forwardArgv({ ...box, sshConfig: '/etc/x' }, { controlPath: '/tmp/c/cm', localSocket: '/tmp/c/fwd-5900', remotePort: 5900, homeDir: '/h' });
    expect(argv).toEqual(['-F', '/etc/x', '-o', 'ControlPath=/tmp/c/cm', '-O', 'forward', '-L', '/tmp/c/fwd-5900:127.0.0.1:5900', '--', 'me@box.lan']);
    expect(() => forwardArgv(box, { controlPath: '/tmp/c/cm', localSocket: '/tmp/a:b', remotePort: 1, homeDir: '/h' })).toThrow(/":"/);
  });

  it('asks an old remote CLI for its version the same way', () => {
    expect(versionArgv({ ...box, remoteCommand: '/opt/limadesk/bin/limadesk' }, '/h').slice(-3)).toEqual(['--', 'me@box.lan', '/opt/limadesk/bin/limadesk --version']);
    expect(remoteCommandLine({ ...box, remoteCommand: '  ' }, ['--version'])).toBe('limadesk --version');
  });
});

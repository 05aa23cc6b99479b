import { describe, expect, it } from 'vitest';
import { classifySshExit } from './ssh-problem';

// What OpenSSH 9.2's ssh and a remote bash print in each case, as captured from the real ones.
const CHANGED = `@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!
Someone could be eavesdropping on you right now (man-in-the-middle attack)!
It is also possible that a host key has just been changed.
The fingerprint for the ED25519 key sent by the remote host is
SHA256:SiiyAgG/fJ7gNeOOTTeaxrR94S1FefiriERUvjYC3LU.
Please contact your system administrator.
Add correct host key in /home/me/.ssh/known_hosts to get rid of this message.
Offending ED25519 key in /home/me/.ssh/known_hosts:1
  remove with:
  ssh-keygen -f "/home/me/.ssh/known_hosts" -R "[127.0.0.1]:42222"
Host key for [127.0.0.1]:42222 has changed and you have requested strict checking.
Host key verification failed.
`;

const base = { signal: null, destination: 'box', remoteCommand: 'limadesk' };

describe("reading why ssh ended before the remote's hello", () => {
  it('a changed host key: refused, with the command that removes the old key once checked', () => {
    const f = classifySshExit({ ...base, code: 255, stderr: CHANGED });
    expect(f.problem).toBe('host-key-changed');
    expect(f.message).toContain('refused');
    expect(f.message).toContain('ssh-keygen -f "/home/me/.ssh/known_hosts" -R "[127.0.0.1]:42222"');
  });

  it('an unknown host key under strict checking', () => {
    const f = classifySshExit({ ...base, code: 255, stderr: 'No ED25519 host key is known for [127.0.0.1]:42222 and you have requested strict checking.\nHost key verification failed.\n' });
    expect(f).toMatchObject({ problem: 'host-key-unknown', message: expect.stringContaining('limadesk host add') });
  });

  it('a refused login', () => {
    expect(classifySshExit({ ...base, code: 255, stderr: 'me@127.0.0.1: Permission denied (publickey).\n' })).toMatchObject({ problem: 'auth-failed', message: expect.stringContaining('Permission denied (publickey)') });
  });

  it('no connection at all', () => {
    expect(classifySshExit({ ...base, code: 255, stderr: 'ssh: connect to host 127.0.0.1 port 42223: Connection refused\n' })).toMatchObject({ problem: 'network', message: expect.stringContaining('Connection refused') });
    expect(classifySshExit({ ...base, code: 255, stderr: 'ssh: Could not resolve hostname nowhere: Name or service not known\n' }).problem).toBe('network');
  });

  it('the CLI missing on the remote (the shell says so, exit 127)', () => {
    expect(classifySshExit({ ...base, code: 127, stderr: 'bash: limadesk: command not found\n' })).toMatchObject({ problem: 'cli-missing', message: expect.stringContaining('install') });
    expect(classifySshExit({ ...base, code: 127, remoteCommand: '/opt/x/limadesk', stderr: 'bash: /opt/x/limadesk: No such file or directory\n' })).toMatchObject({ problem: 'cli-missing', message: expect.stringContaining('"/opt/x/limadesk"') });
  });

  it('a CLI too old to know serve --stdio', () => {
    const f = classifySshExit({ ...base, code: 2, stderr: 'limadesk serve: unknown option --stdio\nUsage: limadesk serve [--open]\n' });
    expect(f).toMatchObject({ problem: 'cli-too-old', message: expect.stringContaining('too old') });
  });

  it('ssh failing for a reason of its own is not mistaken for a missing CLI', () => {
    const f = classifySshExit({ ...base, code: 255, stderr: "Can't open user config file /nope: No such file or directory\n" });
    expect(f).toMatchObject({ problem: 'failed', message: expect.stringContaining("Can't open user config file") });
  });

  it('anything else: the exit status and the last words', () => {
    expect(classifySshExit({ ...base, code: 1, stderr: 'boom\n' })).toEqual({ problem: 'failed', message: '`limadesk serve --stdio` on "box" ended (exit status 1) before it said hello: boom' });
  });
});

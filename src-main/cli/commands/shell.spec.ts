import { describe, expect, it } from 'vitest';
import { shellQuote, sshArgv } from './shell';

describe('limadesk shell argv', () => {
  it('connects through the instance ssh.config and its lima-NAME host', () => {
    expect(sshArgv('/h/vm/ssh.config', 'vm', [], true)).toEqual(['-F', '/h/vm/ssh.config', '-t', 'lima-vm']);
    expect(sshArgv('/h/vm/ssh.config', 'vm', [], false)).toEqual(['-F', '/h/vm/ssh.config', 'lima-vm']);
  });

  it('passes the command as one remote string whose words survive the guest shell', () => {
    expect(sshArgv('/c', 'vm', ['echo', 'hi'], false)).toEqual(['-F', '/c', 'lima-vm', '--', 'echo hi']);
    expect(sshArgv('/c', 'vm', ['sh', '-c', 'echo $HOME; ls'], false).at(-1)).toBe("sh -c 'echo $HOME; ls'");
  });

  it('quotes what a shell would split or expand', () => {
    expect(shellQuote('plain/path-1.txt')).toBe('plain/path-1.txt');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote('$(reboot)')).toBe("'$(reboot)'");
  });
});

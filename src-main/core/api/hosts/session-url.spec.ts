import { describe, expect, it } from 'vitest';
import { localSessionUrl, remoteSessionPort } from './session-url';

describe('session URLs of a remote instance', () => {
  it('finds the remote loopback port and maps the URL to a local one, token and path kept', () => {
    const remote = 'ws://127.0.0.1:40123/vnc/AbC-123_xyz';
    expect(remoteSessionPort(remote)).toEqual({ port: 40123 });
    expect(localSessionUrl(remote, 51000)).toBe('ws://127.0.0.1:51000/vnc/AbC-123_xyz');
    expect(localSessionUrl('ws://localhost:40123/terminal/t0k?x=1', 51001)).toBe('ws://127.0.0.1:51001/terminal/t0k?x=1');
    expect(remoteSessionPort('ws://[::1]:40123/vnc/t')).toEqual({ port: 40123 });
  });

  it('refuses a URL that is not on the remote loopback: nothing else is forwarded', () => {
    expect(remoteSessionPort('ws://10.0.0.5:40123/vnc/t')).toMatchObject({ problem: expect.stringContaining('not on its loopback') });
    expect(remoteSessionPort('ws://evil.example:40123/vnc/t')).toMatchObject({ problem: expect.stringContaining('evil.example') });
    expect(remoteSessionPort('wss://127.0.0.1:40123/vnc/t')).toMatchObject({ problem: expect.stringContaining('wss:') });
    expect(remoteSessionPort('http://127.0.0.1:40123/')).toMatchObject({ problem: expect.stringContaining('http:') });
    expect(remoteSessionPort('ws://user:pw@127.0.0.1:40123/vnc/t')).toMatchObject({ problem: expect.stringContaining('credentials') });
    expect(remoteSessionPort('ws://127.0.0.1/vnc/t')).toMatchObject({ problem: expect.stringContaining('without a port') });
    expect(remoteSessionPort('not a url')).toMatchObject({ problem: expect.stringContaining('does not parse') });
  });
});

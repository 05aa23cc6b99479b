import { describe, expect, it } from 'vitest';
import { describeEvent, formatEvent, parseEvent } from './events';

describe('host agent events', () => {
  it('writes Lima-shaped lines, leaving out empty fields as omitempty does', () => {
    const line = formatEvent({ time: '2026-01-02T03:04:05.000Z', status: { running: false, sshLocalPort: 60022, errors: [] } });
    expect(line).toBe('{"time":"2026-01-02T03:04:05.000Z","status":{"sshLocalPort":60022}}\n');
  });

  it('keeps Limadesk stages in their own object next to status', () => {
    const line = formatEvent({
      time: '2026-01-02T03:04:05.000Z',
      status: { running: true, sshLocalPort: 2222 },
      limadesk: { stage: 'ssh-ready' },
    });
    expect(JSON.parse(line)).toEqual({
      time: '2026-01-02T03:04:05.000Z',
      status: { running: true, sshLocalPort: 2222 },
      limadesk: { stage: 'ssh-ready' },
    });
  });

  it('round-trips through parseEvent and rejects lines that are not events', () => {
    const event = { time: '2026-01-02T03:04:05.000Z', status: { exiting: true, errors: ['boom'] } };
    expect(parseEvent(formatEvent(event))).toEqual(event);
    expect(parseEvent('not json')).toBeUndefined();
    expect(parseEvent('{"status":{}}')).toBeUndefined();
    expect(parseEvent('{"time":"yesterday","status":{}}')).toBeUndefined();
  });

  it('reads a line written by Lima itself', () => {
    const lima = '{"time":"2024-05-01T10:00:00.123456789+02:00","status":{"running":true,"degraded":true,"errors":["x"],"sshLocalPort":60022}}';
    const event = parseEvent(lima);
    expect(event?.status).toEqual({ running: true, degraded: true, errors: ['x'], sshLocalPort: 60022 });
    expect(describeEvent(event!)).toBe('running (degraded: x)');
  });

  it('describes stages for people', () => {
    const t = '2026-01-02T03:04:05.000Z';
    expect(describeEvent({ time: t, status: {}, limadesk: { stage: 'qemu-started', qemuPid: 42 } })).toBe('QEMU started (pid 42)');
    expect(describeEvent({ time: t, status: {}, limadesk: { stage: 'qemu-exited', exitCode: null, signal: 'SIGKILL' } })).toBe(
      'QEMU exited (signal SIGKILL)',
    );
    expect(describeEvent({ time: t, status: { sshLocalPort: 5 } })).toBe('booting (SSH port 5)');
    // After `running`, every event repeats it: the stage is what the line is about.
    expect(describeEvent({ time: t, status: { running: true }, limadesk: { stage: 'ssh-ready', message: '127.0.0.1:60022' } })).toBe('ssh-ready: 127.0.0.1:60022');
    expect(describeEvent({ time: t, status: { running: true }, limadesk: { stage: 'probe', message: 'The optional requirement 1 of 1 is satisfied: "x"', ok: true } })).toBe(
      'probe: The optional requirement 1 of 1 is satisfied: "x"',
    );
    expect(describeEvent({ time: t, status: { exiting: true, errors: ['a', 'b'] } })).toBe('exiting: a; b');
  });

  it('carries port-forward events in status.portForward, as Lima writes them, and describes them as limactl watch does', () => {
    const lima =
      '{"time":"2025-06-01T10:00:00Z","status":{"running":true,"sshLocalPort":60022,"portForward":{"type":"forwarding","protocol":"tcp","guestAddr":"127.0.0.1:8080","hostAddr":"127.0.0.1:8080"}}}';
    const event = parseEvent(lima)!;
    expect(JSON.parse(formatEvent(event))).toEqual(JSON.parse(lima));
    expect(describeEvent(event)).toBe('forwarding tcp 127.0.0.1:8080 to 127.0.0.1:8080');
    const t = '2026-01-02T03:04:05.000Z';
    const describe = (portForward: Parameters<typeof formatEvent>[0]['status']['portForward']): string =>
      describeEvent({ time: t, status: { running: true, portForward } });
    expect(describe({ type: 'not-forwarding', protocol: 'tcp', guestAddr: '0.0.0.0:22' })).toBe('not forwarding tcp 0.0.0.0:22');
    expect(describe({ type: 'stopping', protocol: 'tcp', guestAddr: '127.0.0.1:8080', hostAddr: '127.0.0.1:8080' })).toBe('stopping forwarding tcp 127.0.0.1:8080');
    expect(describe({ type: 'failed', protocol: 'tcp', guestAddr: '127.0.0.1:80', error: 'listen tcp 127.0.0.1:80: bind: permission denied' })).toBe(
      'failed to forward tcp 127.0.0.1:80: listen tcp 127.0.0.1:80: bind: permission denied',
    );
  });
});

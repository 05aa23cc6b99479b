import { describe, expect, it } from 'vitest';
import { diagnoseStart } from './failure-hints';
import { isProblemLine, readableLogLine } from '../logs/readable-line';

// Texts written by real runs: `limadesk start` in a scratch LIMA_HOME with PATH lacking
// QEMU, with a script on PATH that reports QEMU 3.1.0, with the SSH port held by another
// listener (QEMU's forward, and later the host agent's own check), with arch aarch64 and no edk2 firmware installed; and QEMU 7.2 itself run as
// a user outside the kvm group. The macOS texts are QEMU's, as users reported them.
const NO_QEMU = [
  '{"level":"error","msg":"host agent failed","time":"2026-11-24T19:32:28.446Z","error":"qemu-system-x86_64 -M none -accel help failed: spawn qemu-system-x86_64 ENOENT"}',
  '{"level":"info","msg":"host agent exiting","time":"2026-11-24T19:32:28.449Z","errors":1}',
];
const TOO_OLD = ['{"level":"error","msg":"host agent failed","time":"2026-11-24T19:32:34.029Z","error":"QEMU 3.1.0 is too old, 4.0.0 or later required"}'];
const PORT_TAKEN = [
  '{"level":"debug","msg":"qemu[stderr]: qemu-system-x86_64: -netdev user,id=net0,net=192.168.5.0/24,dhcpstart=192.168.5.15,hostfwd=tcp:127.0.0.1:47222-:22: Could not set up host forwarding rule \'tcp:127.0.0.1:47222-:22\'","time":"2026-11-24T19:32:38.146Z"}',
  '{"level":"info","msg":"QEMU exited","time":"2026-11-24T19:32:38.155Z","code":1,"signal":null}',
  '{"level":"error","msg":"host agent failed","time":"2026-11-24T19:32:38.158Z","error":"the VM process exited during boot (exit code 1); see serial.log and ha.stderr.log"}',
];
const SSH_PORT_TAKEN = [
  '{"level":"error","msg":"host agent failed","time":"2026-11-24T19:57:25.741Z","error":"ssh.localPort 47333 is already in use on 127.0.0.1 by another program; free it, choose another port, or set ssh.localPort to 0 to pick a free one"}',
];
const NO_FIRMWARE =
  'could not find firmware for aarch64 (tried /tmp/ldp-fw/vm1/qemu-efi-code.fd, /root/.local/share/qemu/edk2-aarch64-code.fd, /usr/share/edk2/aarch64/QEMU_CODE.fd, /usr/share/AAVMF/AAVMF_CODE.fd, /usr/share/qemu-efi-aarch64/QEMU_EFI.fd); hint: copy edk2-aarch64-code.fd into /root/.local/share/qemu/';
const KVM_DENIED = ['Could not access KVM kernel module: Permission denied', 'qemu-system-x86_64: -accel kvm: failed to initialize kvm: Permission denied'];

describe('diagnoseStart', () => {
  it('recognizes a missing QEMU', () => {
    const [hint, ...rest] = diagnoseStart([{ source: 'ha.stderr.log', lines: NO_QEMU }]);
    expect(rest).toEqual([]);
    expect(hint).toMatchObject({ id: 'no-qemu', title: 'QEMU is not installed: qemu-system-x86_64 is not on PATH' });
    expect(hint!.hint).toContain('sudo apt-get install -y qemu-system-x86');
    expect(hint!.lines).toEqual([{ source: 'ha.stderr.log', line: NO_QEMU[0] }]);
    expect(diagnoseStart([{ source: 'lima', lines: ['exec: "qemu-system-aarch64": executable file not found in $PATH'] }])[0]!.title).toContain('qemu-system-aarch64');
  });

  it('recognizes a QEMU older than required', () => {
    expect(diagnoseStart([{ source: 'ha.stderr.log', lines: TOO_OLD }])).toMatchObject([{ id: 'qemu-too-old', title: 'QEMU 3.1.0 is too old (4.0.0 or later required)' }]);
  });

  it('recognizes a forwarded port that is taken, with the port', () => {
    const hints = diagnoseStart([{ source: 'ha.stderr.log', lines: PORT_TAKEN }]);
    expect(hints).toMatchObject([{ id: 'port-in-use', title: 'Port 47222 on the host is already in use' }]);
    expect(hints[0]!.hint).toContain('ssh.localPort');
    expect(hints[0]!.lines.map((l) => l.line)).toEqual([PORT_TAKEN[0]]);
    // The host agent's own check of the SSH port, before QEMU runs.
    expect(diagnoseStart([{ source: 'ha.stderr.log', lines: SSH_PORT_TAKEN }])).toMatchObject([{ id: 'port-in-use', title: 'Port 47333 on the host is already in use' }]);
  });

  it('recognizes missing firmware, per arch', () => {
    const [arm] = diagnoseStart([{ source: 'start', lines: [NO_FIRMWARE] }]);
    expect(arm).toMatchObject({ id: 'no-firmware', title: 'No UEFI firmware for aarch64 guests' });
    expect(arm!.hint).toContain('qemu-efi-aarch64');
    const [x86] = diagnoseStart([{ source: 'start', lines: ['could not find firmware for x86_64 (tried …); hint: try setting `firmware.legacyBIOS` to `true`'] }]);
    expect(x86!.hint).toContain('firmware.legacyBIOS: true');
  });

  it('recognizes KVM refused, once per distinct line across sources', () => {
    const hints = diagnoseStart([
      { source: 'ha.stderr.log', lines: KVM_DENIED },
      { source: 'start', lines: [KVM_DENIED[0]!] },
    ]);
    expect(hints).toHaveLength(1);
    expect(hints[0]).toMatchObject({ id: 'kvm', title: 'KVM is not accessible: Permission denied' });
    expect(hints[0]!.hint).toContain('usermod -aG kvm');
    expect(hints[0]!.lines).toHaveLength(2);
    expect(diagnoseStart([{ source: 'x', lines: ['qemu-system-x86_64: -accel kvm: failed to initialize kvm: No such file or directory'] }])[0]!.hint).toContain('modprobe');
  });

  it('recognizes an unsigned QEMU and a Mac without Hypervisor.framework', () => {
    expect(diagnoseStart([{ source: 'x', lines: ['qemu-system-aarch64: -accel hvf: Error: HV_ERROR'] }])).toMatchObject([{ id: 'hvf-unsigned' }]);
    expect(diagnoseStart([{ source: 'x', lines: ['qemu-system-x86_64: -accel hvf: Unknown Error'] }])).toMatchObject([{ id: 'hvf-unsigned' }]);
    expect(diagnoseStart([{ source: 'x', lines: ['qemu-system-aarch64: invalid accelerator hvf'] }])).toMatchObject([{ id: 'hvf-unavailable' }]);
  });

  it('finds nothing in a healthy boot', () => {
    expect(diagnoseStart([{ source: 'serial.log', lines: ['Linux version 6.1.0', 'LIMADESK-GUEST-BOOTED', 'Run /init as init process'] }])).toEqual([]);
  });
});

describe('readableLogLine', () => {
  it('turns a JSON log entry into LEVEL message key=value', () => {
    expect(readableLogLine(TOO_OLD[0]!)).toBe('ERROR host agent failed error=QEMU 3.1.0 is too old, 4.0.0 or later required');
    expect(readableLogLine(PORT_TAKEN[1]!)).toBe('INFO QEMU exited code=1 signal=null');
    expect(readableLogLine('plain text {')).toBe('plain text {');
    expect(readableLogLine('{"not":"a log"}')).toBe('{"not":"a log"}');
  });

  it('tells problem lines apart', () => {
    expect(PORT_TAKEN.map(isProblemLine)).toEqual([false, false, true]);
  });
});

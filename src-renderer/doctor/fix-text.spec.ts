import { describe, expect, it } from 'vitest';
import { splitFix } from './fix-text';

describe('splitFix', () => {
  it('tells commands, prose and prose leading to a command apart', () => {
    expect(splitFix('sudo apt-get install -y ovmf')).toEqual({ command: 'sudo apt-get install -y ovmf' });
    expect(splitFix('brew install qemu')).toEqual({ command: 'brew install qemu' });
    expect(splitFix('Upgrade QEMU: sudo dnf install -y qemu-system-x86')).toEqual({ prose: 'Upgrade QEMU', command: 'sudo dnf install -y qemu-system-x86' });
    expect(splitFix('Enable VT-x/AMD-V in the firmware settings, then load the module: sudo modprobe kvm_intel  # kvm_amd on AMD CPUs')).toEqual({
      prose: 'Enable VT-x/AMD-V in the firmware settings, then load the module',
      command: 'sudo modprobe kvm_intel  # kvm_amd on AMD CPUs',
    });
    expect(splitFix('Free at least 3.0 GiB there, or set LIMA_HOME to a directory on a larger disk')).toEqual({ prose: 'Free at least 3.0 GiB there, or set LIMA_HOME to a directory on a larger disk' });
  });
});

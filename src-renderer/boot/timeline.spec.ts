import { describe, expect, it } from 'vitest';
import type { BootStageName } from '../../src-main/common/api';
import { bootPhase, elapsedMs, formatElapsed } from './timeline';

const steps = (...stages: BootStageName[]) => stages.map((stage, i) => ({ stage, time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }));

describe('bootPhase', () => {
  it('follows a start, a stop and a failure', () => {
    expect(bootPhase([])).toBe('idle');
    expect(bootPhase(steps('agent-started', 'disks-ready', 'qemu-started'))).toBe('starting');
    expect(bootPhase(steps('agent-started', 'qemu-started', 'qmp-ready', 'running'))).toBe('booted');
    expect(bootPhase(steps('agent-started', 'running', 'ssh-ready', 'stopping'))).toBe('stopping');
    expect(bootPhase(steps('agent-started', 'running', 'stopping', 'qemu-exited', 'exiting'))).toBe('stopped');
    expect(bootPhase(steps('agent-started', 'disks-ready', 'exiting'))).toBe('failed');
    // A VM that died on its own after booting is a failure too.
    expect(bootPhase(steps('agent-started', 'running', 'qemu-exited'))).toBe('failed');
  });
});

describe('elapsed time', () => {
  it('measures from the first stage and formats seconds and minutes', () => {
    expect(elapsedMs('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.250Z')).toBe(1250);
    expect(formatElapsed(1250)).toBe('1.3 s');
    expect(formatElapsed(0)).toBe('0.0 s');
    expect(formatElapsed(125_000)).toBe('2 min 05 s');
  });
});

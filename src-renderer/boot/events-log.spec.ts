import { describe, expect, it } from 'vitest';
import { stepsFromEventLog } from './events-log';

// Two starts as the host agent logged them: a good one stopped, then one refused on a taken port.
const LOG = `{"time":"2026-11-24T19:32:21.785Z","status":{},"limadesk":{"stage":"agent-started","message":"pid 10505"}}
{"time":"2026-11-24T19:32:21.900Z","status":{},"limadesk":{"stage":"disks-ready"}}
{"time":"2026-11-24T19:32:22.048Z","status":{},"limadesk":{"stage":"qemu-started","qemuPid":10644}}
{"time":"2026-11-24T19:32:22.048Z","status":{"sshLocalPort":35003}}
{"time":"2026-11-24T19:32:22.190Z","status":{"running":true,"sshLocalPort":35003}}
not json
{"time":"2026-11-24T19:57:25.653Z","status":{},"limadesk":{"stage":"agent-started","message":"pid 21409"}}
{"time":"2026-11-24T19:57:25.742Z","status":{"exiting":true,"errors":["ssh.localPort 47333 is already in use on 127.0.0.1 by another program"]}}
`;

describe('stepsFromEventLog', () => {
  it('returns the stages of the latest start with their messages', () => {
    expect(stepsFromEventLog(LOG)).toEqual([
      { stage: 'agent-started', time: '2026-11-24T19:57:25.653Z', message: 'pid 21409' },
      { stage: 'exiting', time: '2026-11-24T19:57:25.742Z', message: 'ssh.localPort 47333 is already in use on 127.0.0.1 by another program' },
    ]);
  });

  it('reads a running VM: the running status counts as the running stage', () => {
    const first = LOG.split('\n').slice(0, 5).join('\n');
    expect(stepsFromEventLog(first).map((s) => s.stage)).toEqual(['agent-started', 'disks-ready', 'qemu-started', 'running']);
    expect(stepsFromEventLog('')).toEqual([]);
  });
});

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/logger';
import type { FilledLimaYAML } from '../config/types';
import type { Driver, StartedVm, VmExit } from '../driver/driver';
import { generateTestKey, startTestSshServer, type TestSshServer } from '../ssh/ssh-server.test-support';
import { fetchHostAgentInfo } from '../store/hostagent-info';
import { HostAgent, type HostAgentDeps } from './agent';
import { parseEvent, type HostAgentEvent } from './events';

// The driver here is a stand-in whose "VM" is a real child process: it lets these tests make
// the VM die mid-boot or refuse to stop on cue, which real QEMU cannot be made to do reliably.
// The real driver and QEMU are exercised in test/e2e/lifecycle.e2e.ts.

let home: string;
let dir: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'ld-agent-'));
  dir = path.join(home, 'vm');
  await mkdir(dir);
  await writeFile(path.join(dir, 'disk'), '');
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const config = {
  vmType: 'qemu',
  arch: 'x86_64',
  images: [],
  ssh: { localPort: 0 },
  user: { name: 'alice', uid: 1000, home: '/home/alice.guest', shell: '/bin/bash' },
  video: { display: 'none', vnc: { display: '127.0.0.1:0,to=9' } },
} as unknown as FilledLimaYAML;

interface FakeVmControl {
  driver: Driver;
  started(): Promise<StartedVm>;
  stopCalls: number;
  /** The port the agent gave the driver, where QEMU would forward the guest's SSH. */
  sshLocalPort: number;
  /** The driver methods the agent called before start, in order. */
  calls: string[];
}

/** `onStart` runs as the VM starts, with the forwarded SSH port: a stand-in guest listens there. */
function fakeDriver(opts: { ignoreStop?: boolean; onStart?: (sshLocalPort: number) => Promise<void> } = {}): FakeVmControl {
  let resolveStarted: (vm: StartedVm) => void = () => {};
  const startedPromise = new Promise<StartedVm>((r) => (resolveStarted = r));
  const control: FakeVmControl = { driver: undefined as unknown as Driver, started: () => startedPromise, stopCalls: 0, sshLocalPort: 0, calls: [] };
  let child: ReturnType<typeof spawn> | undefined;
  control.driver = {
    warmUp: () => void control.calls.push('warmUp'),
    createDisk: async () => void control.calls.push('createDisk'),
    start: async () => {
      await opts.onStart?.(control.sshLocalPort);
      child = spawn(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      const exited = new Promise<VmExit>((r) => child!.on('exit', (code, signal) => r({ code, signal })));
      await new Promise((r) => child!.on('spawn', r));
      await writeFile(path.join(dir, 'qemu.pid'), `${child.pid}\n`);
      const vm = { pid: child.pid!, exited };
      resolveStarted(vm);
      return vm;
    },
    stop: async () => {
      control.stopCalls++;
      if (opts.ignoreStop) throw new Error('QMP not answering');
      child?.kill('SIGKILL');
      await new Promise((r) => child?.once('exit', r));
    },
  } as unknown as Driver;
  return control;
}

function makeAgent(control: FakeVmControl, qmpAnswers: HostAgentDeps['qmpAnswers'] = async () => {}, sshPort = 0) {
  const events: HostAgentEvent[] = [];
  const agent = new HostAgent(
    { limaHome: home, name: 'vm', dir, pidFile: path.join(dir, 'ha.pid'), socketPath: path.join(dir, 'ha.sock'), sshProbeIntervalMs: 50 },
    {
      loadConfig: async () => ({ config: { ...config, ssh: { ...config.ssh, localPort: sshPort } }, issues: [] }),
      createDriver: (_vmType, instance) => {
        control.sshLocalPort = instance.sshLocalPort;
        return control.driver;
      },
      qmpAnswers,
      logger: silentLogger,
      writeEvent: (line) => events.push(parseEvent(line)!),
    },
  );
  return { agent, events };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('HostAgent', () => {
  it('boots to running, serves its port, stops on request and cleans up', async () => {
    const control = fakeDriver();
    const { agent, events } = makeAgent(control);
    const done = agent.run();
    await until(() => events.some((e) => e.status.running));
    const port = events.find((e) => e.status.running)!.status.sshLocalPort!;
    expect(port).toBeGreaterThan(0);
    expect(await fetchHostAgentInfo(path.join(dir, 'ha.sock'))).toEqual({ sshLocalPort: port });
    agent.requestStop('SIGINT');
    expect(await done).toBe(0);
    expect(control.stopCalls).toBe(1);
    expect(events.at(-1)!.status).toEqual({ exiting: true });
    expect(events.map((e) => e.limadesk?.stage ?? (e.status.running ? 'running' : e.status.exiting ? 'exiting' : 'booting'))).toEqual([
      'agent-started',
      'disks-ready',
      'cidata-ready',
      'qemu-started',
      'booting',
      'qmp-ready',
      'running',
      'stopping',
      'qemu-exited',
      'exiting',
    ]);
    for (const f of ['ha.pid', 'ha.sock', 'qemu.pid']) expect(existsSync(path.join(dir, f))).toBe(false);
    // The driver learns what start() needs (QEMU's capabilities) while the disk is prepared.
    expect(control.calls).toEqual(['warmUp', 'createDisk']);
  });

  it("removes the last run's VNC password and display before QEMU starts, so no one reads a stale password", async () => {
    await writeFile(path.join(dir, 'vncpassword'), 'OLDPASS1');
    await writeFile(path.join(dir, 'vncdisplay'), '127.0.0.1:0');
    const control = fakeDriver();
    const { agent } = makeAgent(control);
    const done = agent.run();
    await control.started();
    expect(existsSync(path.join(dir, 'vncpassword'))).toBe(false);
    expect(existsSync(path.join(dir, 'vncdisplay'))).toBe(false);
    agent.requestStop('SIGINT');
    expect(await done).toBe(0);
  });

  it('reports a VM that dies while the agent waits for QMP, and exits with an error', async () => {
    const control = fakeDriver();
    const { agent, events } = makeAgent(control, () => new Promise(() => {}));
    const done = agent.run();
    const vm = await control.started();
    process.kill(vm.pid, 'SIGKILL');
    expect(await done).toBe(1);
    const last = events.at(-1)!;
    expect(last.status.exiting).toBe(true);
    expect(last.status.errors?.[0]).toContain('the VM process exited during boot (signal SIGKILL)');
    expect(events.some((e) => e.status.running)).toBe(false);
    expect(existsSync(path.join(dir, 'qemu.pid'))).toBe(false);
  });

  it('kills the VM when the driver cannot stop it', async () => {
    const control = fakeDriver({ ignoreStop: true });
    const { agent, events } = makeAgent(control);
    const done = agent.run();
    await until(() => events.some((e) => e.status.running));
    agent.requestStop('SIGTERM');
    expect(await done).toBe(0);
    const exited = events.find((e) => e.limadesk?.stage === 'qemu-exited')!;
    expect(exited.limadesk?.signal).toBe('SIGKILL');
  });

  it('refuses to run while another agent holds ha.pid', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)', '--', '--pidfile', path.join(dir, 'ha.pid')]);
    try {
      await writeFile(path.join(dir, 'ha.pid'), `${other.pid}\n`);
      const control = fakeDriver();
      const { agent, events } = makeAgent(control);
      expect(await agent.run()).toBe(1);
      expect(events).toEqual([]);
      expect(existsSync(path.join(dir, 'ha.pid'))).toBe(true);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('reports ssh-ready after running, once the Lima key logs in and a command runs', async () => {
    const key = generateTestKey();
    await mkdir(path.join(home, '_config'));
    await writeFile(path.join(home, '_config', 'user'), key.privateKey, { mode: 0o600 });
    await writeFile(path.join(home, '_config', 'user.pub'), `${key.publicKey}\n`);
    let server: TestSshServer | undefined;
    try {
      const control = fakeDriver({ onStart: async (port) => void (server = await startTestSshServer({ port, user: 'alice', authorizedKey: key.publicKey })) });
      const { agent, events } = makeAgent(control);
      const done = agent.run();
      await until(() => events.some((e) => e.limadesk?.stage === 'ssh-ready'));
      const stages = events.map((e) => e.limadesk?.stage ?? (e.status.running ? 'running' : ''));
      expect(stages.indexOf('ssh-ready')).toBeGreaterThan(stages.indexOf('running'));
      expect(events.find((e) => e.limadesk?.stage === 'ssh-ready')!.status).toEqual({ running: true, sshLocalPort: control.sshLocalPort });
      // The readiness check's command; the guest session that follows runs its own.
      expect(server!.execCommands[0]).toBe('true');
      agent.requestStop('SIGINT');
      expect(await done).toBe(0);
    } finally {
      await server?.close();
    }
  });

  it('does not report ssh-ready while the port only greets', async () => {
    const key = generateTestKey();
    await mkdir(path.join(home, '_config'));
    await writeFile(path.join(home, '_config', 'user'), key.privateKey, { mode: 0o600 });
    await writeFile(path.join(home, '_config', 'user.pub'), `${key.publicKey}\n`);
    let greetings = 0;
    const greeter = net.createServer((socket) => {
      greetings++;
      socket.end('SSH-2.0-OpenSSH_9.2\r\n');
    });
    try {
      const control = fakeDriver({ onStart: (port) => new Promise<void>((r) => greeter.listen(port, '127.0.0.1', r)) });
      const { agent, events } = makeAgent(control);
      const done = agent.run();
      // Several probes (50 ms apart here) each got the greeting; none may count as ready.
      await until(() => greetings >= 3);
      expect(events.some((e) => e.status.running)).toBe(true);
      expect(events.some((e) => e.limadesk?.stage === 'ssh-ready')).toBe(false);
      agent.requestStop('SIGINT');
      expect(await done).toBe(0);
    } finally {
      greeter.close();
    }
  });
});

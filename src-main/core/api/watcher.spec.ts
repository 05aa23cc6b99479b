import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { ApiEventEnvelope } from '../../common/api';
import { InstanceCatalog } from '../instances/catalog';
import { InstanceWatcher } from './watcher';

const LIMA_YAML = 'images:\n- location: /nonexistent/test.img\n  arch: x86_64\ncpus: 1\nmemory: 1GiB\n';

/** Waits for the first collected event that matches, failing after `ms`. */
async function waitFor(events: ApiEventEnvelope[], match: (e: ApiEventEnvelope) => boolean, ms = 5000): Promise<ApiEventEnvelope> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = events.find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching event in ${ms} ms; got ${JSON.stringify(events.map((e) => [e.event, 'name' in e.payload ? e.payload.name : '']))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('InstanceWatcher', () => {
  let home: string;
  let watcher: InstanceWatcher;
  let agentSocket: Server | undefined;
  const events: ApiEventEnvelope[] = [];

  beforeEach(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'lw-'));
    mkdirSync(path.join(home, 'vm1'));
    writeFileSync(path.join(home, 'vm1', 'lima.yaml'), LIMA_YAML);
    events.length = 0;
    // The safety re-scan is pushed out of the test's reach: every change below must arrive through file events.
    watcher = new InstanceWatcher({ limaHome: home, catalog: new InstanceCatalog(home), emit: (e) => events.push(e), rescanIntervalMs: 3_600_000, settleMs: 50 });
    await watcher.start();
  });

  afterEach(async () => {
    watcher.close();
    await new Promise<void>((resolve) => (agentSocket ? agentSocket.close(() => resolve()) : resolve()));
    agentSocket = undefined;
    rmSync(home, { recursive: true, force: true });
  });

  it('reports the instances it finds at start', async () => {
    const first = await waitFor(events, (e) => e.event === 'instanceStatusChanged');
    expect(first.payload).toMatchObject({ name: 'vm1', status: 'Stopped', previous: 'Unknown' });
    expect(watcher.instances().map((i) => i.name)).toEqual(['vm1']);
  });

  it('follows pid files and the host agent socket to Running and back to Stopped', async () => {
    const dir = path.join(home, 'vm1');
    // A stand-in host agent: something alive behind the pid files, and ha.sock answering /v1/info.
    agentSocket = createServer((_req, res) => res.end(JSON.stringify({ sshLocalPort: 60123 })));
    await new Promise<void>((resolve) => agentSocket!.listen(path.join(dir, 'ha.sock'), resolve));
    // The pid must belong to a process naming its pid file, as QEMU and the agent do (store/pid-owner.ts).
    const standIn = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', '--', '--pidfile', path.join(dir, 'ha.pid')], { stdio: 'ignore' });
    onTestFinished(() => void standIn.kill('SIGKILL'));
    writeFileSync(path.join(dir, 'qemu.pid'), `${standIn.pid}\n`);
    writeFileSync(path.join(dir, 'ha.pid'), `${standIn.pid}\n`);
    const running = await waitFor(events, (e) => e.event === 'instanceStatusChanged' && e.payload.status === 'Running');
    expect(running.payload).toMatchObject({ name: 'vm1', previous: 'Stopped', instance: { sshLocalPort: 60123 } });

    unlinkSync(path.join(dir, 'ha.pid'));
    unlinkSync(path.join(dir, 'qemu.pid'));
    const stopped = await waitFor(events, (e) => e.event === 'instanceStatusChanged' && e.payload.previous === 'Running');
    expect(stopped.payload).toMatchObject({ name: 'vm1', status: 'Stopped' });
  });

  it("turns the host agent's event lines into boot stages and log lines", async () => {
    const log = path.join(home, 'vm1', 'ha.stdout.log');
    const time = new Date().toISOString();
    appendFileSync(log, `${JSON.stringify({ time, status: {}, limadesk: { stage: 'qemu-started', qemuPid: 42 } })}\n`);
    // Lima's port-forward events repeat `running: true`; they must not read as a boot stage.
    const forward = { type: 'forwarding', protocol: 'tcp', guestAddr: '127.0.0.1:8080', hostAddr: '127.0.0.1:8080' };
    appendFileSync(log, `${JSON.stringify({ time, status: { running: true, portForward: forward } })}\n`);
    // The guest boot after SSH: a probe waited for, then its outcome.
    const waiting = 'Waiting for the optional requirement 1 of 1: "k3s is up"';
    const failed = 'failed to satisfy the optional requirement 1 of 1 "k3s is up": exit code 1';
    appendFileSync(log, `${JSON.stringify({ time, status: { running: true }, limadesk: { stage: 'probe', message: waiting } })}\n`);
    appendFileSync(log, `${JSON.stringify({ time, status: { running: true }, limadesk: { stage: 'probe', message: failed, ok: false } })}\n`);
    appendFileSync(log, `${JSON.stringify({ time, status: { exiting: true, errors: ['guest panicked'] } })}\n`);
    const stage = await waitFor(events, (e) => e.event === 'bootStage');
    expect(stage.payload).toEqual({ name: 'vm1', stage: 'qemu-started', time });
    const exiting = await waitFor(events, (e) => e.event === 'bootStage' && e.payload.stage === 'exiting');
    expect(exiting.payload).toMatchObject({ message: 'guest panicked' });
    const stages = events.flatMap((e) => (e.event === 'bootStage' ? [e.payload.stage] : []));
    expect(stages).toEqual(['qemu-started', 'probe', 'probe', 'exiting']);
    expect(events.find((e) => e.event === 'portForwardChanged')?.payload).toEqual({ name: 'vm1', ...forward });
    const probes = events.flatMap((e) => (e.event === 'bootStage' && e.payload.stage === 'probe' ? [e.payload] : []));
    expect(probes).toEqual([{ name: 'vm1', stage: 'probe', time, message: waiting }, { name: 'vm1', stage: 'probe', time, message: failed, ok: false }]);
    const lines = events.filter((e) => e.event === 'logLines').flatMap((e) => (e.event === 'logLines' ? e.payload.lines : []));
    expect(lines).toHaveLength(5);
  });

  it('notices instances appearing and disappearing under LIMA_HOME', async () => {
    mkdirSync(path.join(home, 'vm2'));
    writeFileSync(path.join(home, 'vm2', 'lima.yaml'), LIMA_YAML.replace('cpus: 1', 'cpus: 2'));
    const added = await waitFor(events, (e) => e.event === 'instanceStatusChanged' && e.payload.name === 'vm2');
    expect(added.payload).toMatchObject({ status: 'Stopped', previous: 'Unknown', instance: { cpus: 2 } });
    rmSync(path.join(home, 'vm2'), { recursive: true });
    const removed = await waitFor(events, (e) => e.event === 'instanceStatusChanged' && e.payload.name === 'vm2' && e.payload.status === 'Deleted');
    expect(removed.payload).toMatchObject({ previous: 'Stopped', instance: null });
    expect(watcher.instances().map((i) => i.name)).toEqual(['vm1']);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectInstance } from './inspect';

const VALID_YAML = `# a comment
images:
- location: /var/cache/images/debian.qcow2
  arch: x86_64
vmType: qemu
arch: x86_64
cpus: 2
memory: 3GiB
disk: 20GiB
message: "ssh on {{.SSHLocalPort}} for {{.Name}}"
`;

let home: string;
const children: ChildProcess[] = [];
const servers: http.Server[] = [];

beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'inspect-'));
});
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await rm(home, { recursive: true, force: true });
});

async function makeInstance(name: string, yaml: string | null = VALID_YAML): Promise<string> {
  const dir = path.join(home, name);
  await mkdir(dir);
  if (yaml !== null) await writeFile(path.join(dir, 'lima.yaml'), yaml);
  return dir;
}

/** A live process that names `pidFile` on its command line, as QEMU and the host agent do. */
function liveProcess(pidFile: string): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', '--', '--pidfile', pidFile], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
}

async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

async function serveInfo(dir: string, port: number): Promise<void> {
  const server = http.createServer((req, res) => {
    if (req.url === '/v1/info') res.end(JSON.stringify({ sshLocalPort: port }));
    else res.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(path.join(dir, 'ha.sock'), r));
}

describe('inspectInstance status rules', () => {
  it('reports a never-started instance as Stopped with the config values', async () => {
    const dir = await makeInstance('vm1');
    const inst = await inspectInstance(home, 'vm1');
    expect(inst).toMatchObject({
      name: 'vm1',
      hostname: 'lima-vm1',
      status: 'Stopped',
      dir,
      vmType: 'qemu',
      arch: 'x86_64',
      cpus: 2,
      memory: 3 * 2 ** 30,
      disk: 20 * 2 ** 30,
      sshAddress: '127.0.0.1',
      sshConfigFile: path.join(dir, 'ssh.config'),
      hostAgentPID: 0,
      driverPID: 0,
      errors: [],
      protected: false,
      message: 'ssh on 0 for vm1',
    });
    expect(inst.config?.images[0]?.location).toBe('/var/cache/images/debian.qcow2');
  });

  it('takes the SSH port from ssh.config when nothing is running', async () => {
    const dir = await makeInstance('vm1');
    await writeFile(path.join(dir, 'ssh.config'), 'Host lima-vm1\n  Port 51234\n');
    expect((await inspectInstance(home, 'vm1')).sshLocalPort).toBe(51234);
  });

  it('reports Running when both pids are alive, with the port from ha.sock', async () => {
    const dir = await makeInstance('vm1');
    const ha = liveProcess(path.join(dir, 'ha.pid'));
    const qemu = liveProcess(path.join(dir, 'qemu.pid'));
    await writeFile(path.join(dir, 'ha.pid'), `${ha}\n`);
    await writeFile(path.join(dir, 'qemu.pid'), `${qemu}\n`);
    await serveInfo(dir, 60123);
    const inst = await inspectInstance(home, 'vm1');
    expect(inst).toMatchObject({ status: 'Running', hostAgentPID: ha, driverPID: qemu, sshLocalPort: 60123, errors: [] });
    expect(inst.message).toBe('ssh on 60123 for vm1');
  });

  it('is Broken when only the host agent is alive', async () => {
    const dir = await makeInstance('vm1');
    await writeFile(path.join(dir, 'ha.pid'), `${liveProcess(path.join(dir, 'ha.pid'))}`);
    await serveInfo(dir, 60124);
    const inst = await inspectInstance(home, 'vm1');
    expect(inst.status).toBe('Broken');
    expect(inst.errors).toEqual(['host agent is running but driver is not']);
  });

  it('is Broken when only QEMU is alive', async () => {
    const dir = await makeInstance('vm1');
    await writeFile(path.join(dir, 'qemu.pid'), `${liveProcess(path.join(dir, 'qemu.pid'))}`);
    const inst = await inspectInstance(home, 'vm1');
    expect(inst.status).toBe('Broken');
    expect(inst.errors).toEqual(['qemu driver is running but host agent is not']);
  });

  it('is Broken when the host agent is alive but ha.sock does not answer', async () => {
    const dir = await makeInstance('vm1');
    await writeFile(path.join(dir, 'ha.pid'), `${liveProcess(path.join(dir, 'ha.pid'))}`);
    await writeFile(path.join(dir, 'qemu.pid'), `${liveProcess(path.join(dir, 'qemu.pid'))}`);
    const inst = await inspectInstance(home, 'vm1');
    expect(inst.status).toBe('Broken');
    expect(inst.errors[0]).toContain(`failed to get Info from "${path.join(dir, 'ha.sock')}"`);
  });

  it('reads pid files whose pid now belongs to an unrelated live process as stale: Stopped, files gone, process untouched', async () => {
    const dir = await makeInstance('vm1');
    const stranger = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(stranger);
    await writeFile(path.join(dir, 'ha.pid'), `${stranger.pid}\n`);
    await writeFile(path.join(dir, 'qemu.pid'), `${stranger.pid}\n`);
    const inst = await inspectInstance(home, 'vm1');
    expect(inst).toMatchObject({ status: 'Stopped', hostAgentPID: 0, driverPID: 0, errors: [] });
    expect(existsSync(path.join(dir, 'ha.pid'))).toBe(false);
    expect(existsSync(path.join(dir, 'qemu.pid'))).toBe(false);
    expect(() => process.kill(stranger.pid!, 0)).not.toThrow();
  });

  it('does not take the QEMU of another instance for this one', async () => {
    const dir = await makeInstance('vm1');
    await makeInstance('vm10');
    await writeFile(path.join(dir, 'qemu.pid'), `${liveProcess(path.join(home, 'vm10', 'qemu.pid'))}`);
    expect((await inspectInstance(home, 'vm1')).status).toBe('Stopped');
  });

  it('deletes stale pid files and reports Stopped', async () => {
    const dir = await makeInstance('vm1');
    await writeFile(path.join(dir, 'ha.pid'), `${await deadPid()}`);
    await writeFile(path.join(dir, 'qemu.pid'), `${await deadPid()}`);
    expect((await inspectInstance(home, 'vm1')).status).toBe('Stopped');
    expect(existsSync(path.join(dir, 'ha.pid'))).toBe(false);
    expect(existsSync(path.join(dir, 'qemu.pid'))).toBe(false);
  });

  it('is Broken, not a throw, for a garbage pid file', async () => {
    const dir = await makeInstance('vm1');
    await writeFile(path.join(dir, 'qemu.pid'), 'not-a-pid');
    const inst = await inspectInstance(home, 'vm1');
    expect(inst.status).toBe('Broken');
    expect(inst.errors[0]).toContain('qemu.pid');
  });

  it('reads the protected marker and lima-version', async () => {
    const dir = await makeInstance('vm1');
    await writeFile(path.join(dir, 'protected'), '');
    await writeFile(path.join(dir, 'lima-version'), '2.0.3\n');
    expect(await inspectInstance(home, 'vm1')).toMatchObject({ protected: true, limaVersion: '2.0.3', status: 'Stopped' });
  });
});

describe('inspectInstance on broken directories', () => {
  it('is Broken when lima.yaml is missing', async () => {
    const dir = await makeInstance('vm1', null);
    const inst = await inspectInstance(home, 'vm1');
    expect(inst.status).toBe('Broken');
    expect(inst.errors).toEqual([`${path.join(dir, 'lima.yaml')} does not exist`]);
  });

  it('is Broken with a positioned reason for an invalid config', async () => {
    const dir = await makeInstance('vm1', 'images:\n- location: /x.qcow2\n  arch: x86_64\ncpus: many\n');
    const inst = await inspectInstance(home, 'vm1');
    expect(inst.status).toBe('Broken');
    expect(inst.errors.join('\n')).toMatch(new RegExp(`^${path.join(dir, 'lima.yaml').replace(/[.]/g, '\\.')}:4:\\d+: cpus: `));
  });

  it('is Broken for YAML that does not parse', async () => {
    await makeInstance('vm1', 'images: [\n');
    const inst = await inspectInstance(home, 'vm1');
    expect(inst.status).toBe('Broken');
    expect(inst.errors.length).toBeGreaterThan(0);
  });

  it('is Broken when lima.yaml is a directory', async () => {
    const dir = await makeInstance('vm1', null);
    await mkdir(path.join(dir, 'lima.yaml'));
    const inst = await inspectInstance(home, 'vm1');
    expect(inst.status).toBe('Broken');
    expect(inst.errors.length).toBeGreaterThan(0);
  });

  it('is Broken when the message template is unclosed', async () => {
    await makeInstance('vm1', VALID_YAML.replace('message: "ssh on {{.SSHLocalPort}} for {{.Name}}"', 'message: "{{.Name"'));
    const inst = await inspectInstance(home, 'vm1');
    expect(inst.status).toBe('Broken');
    expect(inst.errors[0]).toContain('is not a valid template');
  });

  it('throws for an invalid name instead of touching any path', async () => {
    await expect(inspectInstance(home, '../etc')).rejects.toThrow('not a valid identifier');
  });
});

import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Builds a LIMA_HOME by hand in Lima's layout and drives the built CLI against it. Running
// instances are faked with real live processes and a real HTTP server on ha.sock, exactly
// what the status rules look at.

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'bin', 'limadesk.cjs');

const yaml = (cpus: number, memory: string, disk: string): string =>
  `# hand-made\nimages:\n- location: /var/cache/images/debian.qcow2\n  arch: x86_64\nvmType: qemu\narch: x86_64\ncpus: ${cpus}\nmemory: ${memory}\ndisk: ${disk}\n`;

let home: string;
let scratch: string;
const children: ChildProcess[] = [];
const servers: http.Server[] = [];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI asynchronously: the test process must stay free to answer on ha.sock. */
function limadesk(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env: { ...process.env, LIMA_HOME: home }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A stand-in for QEMU or the host agent: alive and naming its pid file, as they do (store/pid-owner.ts). */
function sleeper(pidFile: string): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 300000)', '--', '--pidfile', pidFile], { stdio: 'ignore' });
  children.push(child);
  return child;
}

function exitSignal(child: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(child.signalCode) : child.on('exit', (_c, s) => r(s))));
}

async function serveHostAgent(dir: string, sshLocalPort: number): Promise<void> {
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/v1/info') {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ sshLocalPort }));
    } else {
      res.writeHead(404).end();
    }
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(path.join(dir, 'ha.sock'), r));
}

async function instanceDir(name: string, text?: string): Promise<string> {
  const dir = path.join(home, name);
  await mkdir(dir, { recursive: true });
  if (text !== undefined) await writeFile(path.join(dir, 'lima.yaml'), text);
  return dir;
}

/** Splits a tabwriter table into rows of cells using the header's column starts. */
function parseTable(text: string): Array<Record<string, string>> {
  const [header, ...lines] = text.trimEnd().split('\n');
  const names = header!.split(/\s+/);
  const starts = names.map((n) => header!.indexOf(n));
  return lines.map((line) =>
    Object.fromEntries(names.map((n, i) => [n, line.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : undefined).trim()])),
  );
}

let runningHA: ChildProcess;
let runningQemu: ChildProcess;

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'cli'], { cwd: root, stdio: 'inherit' });
  // Short paths: ha.sock must fit in a unix socket address.
  home = await mkdtemp(path.join(tmpdir(), 'ld-e2e-'));
  scratch = await mkdtemp(path.join(tmpdir(), 'ld-e2e-src-'));

  const stopped = await instanceDir('stopped', yaml(2, '2GiB', '20GiB'));
  await writeFile(path.join(stopped, 'ssh.config'), 'Host lima-stopped\n  Hostname 127.0.0.1\n  Port 50022\n');
  await writeFile(path.join(stopped, 'lima-version'), '2.0.0\n');

  const running = await instanceDir('running', yaml(4, '4GiB', '100GiB'));
  runningHA = sleeper(path.join(running, 'ha.pid'));
  runningQemu = sleeper(path.join(running, 'qemu.pid'));
  await writeFile(path.join(running, 'ha.pid'), `${runningHA.pid}\n`);
  await writeFile(path.join(running, 'qemu.pid'), `${runningQemu.pid}\n`);
  await serveHostAgent(running, 60906);

  const brokenHA = await instanceDir('halfdead', yaml(1, '1GiB', '10GiB'));
  await writeFile(path.join(brokenHA, 'ha.pid'), `${sleeper(path.join(brokenHA, 'ha.pid')).pid}\n`);
  await serveHostAgent(brokenHA, 60907);

  const noYaml = await instanceDir('noyaml');
  await writeFile(path.join(noYaml, 'ha.stderr.log'), '');

  await instanceDir('invalid', 'images:\n- location: /x.qcow2\n  arch: x86_64\ncpus: many\n');

  // A pre-v2.1 instance: qcow2 diffdisk over a qcow2 basedisk, never migrated.
  const legacy = await instanceDir('legacy', yaml(1, '512MiB', '1GiB'));
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', path.join(legacy, 'basedisk'), '64M']);
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', path.join(legacy, 'basedisk'), path.join(legacy, 'diffdisk'), '1G']);

  // Never listed: Lima's own directories and hidden ones.
  await mkdir(path.join(home, '_config'));
  await mkdir(path.join(home, '.tmp-leftover-123'));
}, 300_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await rm(home, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

describe('limadesk list', () => {
  it('prints the table with statuses derived from pid files and ha.sock', async () => {
    const { code, stdout } = await limadesk('list');
    expect(code).toBe(0);
    const header = stdout.split('\n')[0];
    // Broken configs have no vmType, so VMTYPE is not uniform and stays; ARCH is uniform host arch.
    expect(header).toMatch(/^NAME {4,}STATUS {4,}SSH {4,}VMTYPE {4,}(ARCH {4,})?CPUS {4,}MEMORY {4,}DISK {4,}DIR$/);
    const rows = parseTable(stdout);
    expect(rows.map((r) => [r.NAME, r.STATUS])).toEqual([
      ['halfdead', 'Broken'],
      ['invalid', 'Broken'],
      ['legacy', 'Stopped'],
      ['noyaml', 'Broken'],
      ['running', 'Running'],
      ['stopped', 'Stopped'],
    ]);
    const byName = Object.fromEntries(rows.map((r) => [r.NAME, r]));
    expect(byName.running).toMatchObject({ SSH: '127.0.0.1:60906', VMTYPE: 'qemu', CPUS: '4', MEMORY: '4GiB', DISK: '100GiB', DIR: path.join(home, 'running') });
    expect(byName.stopped).toMatchObject({ SSH: '127.0.0.1:50022', CPUS: '2', MEMORY: '2GiB', DISK: '20GiB' });
    expect(byName.legacy).toMatchObject({ MEMORY: '512MiB', DISK: '1GiB' });
    expect(byName.noyaml).toMatchObject({ SSH: '127.0.0.1:0', CPUS: '0', MEMORY: '0B', DISK: '0B' });
  });

  it('prints one JSON array with limactl field names and the reasons for Broken', async () => {
    const { code, stdout } = await limadesk('list', '--json');
    expect(code).toBe(0);
    const list = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(Array.isArray(list)).toBe(true);
    const byName = Object.fromEntries(list.map((i) => [i.name as string, i]));
    expect(byName.running).toMatchObject({
      status: 'Running',
      hostname: 'lima-running',
      vmType: 'qemu',
      arch: 'x86_64',
      cpus: 4,
      memory: 4 * 2 ** 30,
      disk: 100 * 2 ** 30,
      sshLocalPort: 60906,
      sshAddress: '127.0.0.1',
      sshConfigFile: path.join(home, 'running', 'ssh.config'),
      hostAgentPID: runningHA.pid,
      driverPID: runningQemu.pid,
      errors: [],
      protected: false,
    });
    expect(byName.stopped).toMatchObject({ status: 'Stopped', limaVersion: '2.0.0', sshLocalPort: 50022 });
    expect(byName.halfdead).toMatchObject({ status: 'Broken', errors: ['host agent is running but driver is not'] });
    expect((byName.noyaml!.errors as string[])[0]).toContain('lima.yaml does not exist');
    expect((byName.invalid!.errors as string[])[0]).toMatch(new RegExp(`${path.join(home, 'invalid', 'lima.yaml')}:4:\\d+: cpus: `));
  });

  it('lists names only with -q, and only the named instances in argument order', async () => {
    expect((await limadesk('list', '-q')).stdout).toBe('halfdead\ninvalid\nlegacy\nnoyaml\nrunning\nstopped\n');
    const named = await limadesk('list', '--json', 'stopped', 'running');
    expect((JSON.parse(named.stdout) as Array<{ name: string }>).map((i) => i.name)).toEqual(['stopped', 'running']);
  });

  it('warns about an unknown name and exits 1 with "unmatched instances"', async () => {
    const { code, stdout, stderr } = await limadesk('list', 'stopped', 'ghost');
    expect(code).toBe(1);
    expect(stderr).toContain('No instance matching ghost found.');
    expect(stderr).toContain('unmatched instances');
    expect(parseTable(stdout).map((r) => r.NAME)).toEqual(['stopped']);
  });

  it('warns on an empty LIMA_HOME', async () => {
    const saved = home;
    home = await mkdtemp(path.join(tmpdir(), 'ld-empty-'));
    try {
      const { code, stdout, stderr } = await limadesk('list');
      expect(code).toBe(0);
      expect(stdout).toBe('');
      expect(stderr).toContain('No instance found. Run `limadesk create` to create an instance.');
    } finally {
      await rm(home, { recursive: true, force: true });
      home = saved;
    }
  });
});

describe('limadesk create and delete', () => {
  it('creates from a file with its exact text, refuses a second create, and deletes', async () => {
    const file = path.join(scratch, 'made.yaml');
    const text = `${yaml(1, '1GiB', '5GiB')}# trailing comment kept\n`;
    await writeFile(file, text);

    const created = await limadesk('create', '--name', 'made', file);
    expect(created.code).toBe(0);
    expect(await readFile(path.join(home, 'made', 'lima.yaml'), 'utf8')).toBe(text);
    expect(JSON.parse((await limadesk('list', '--json', 'made')).stdout)).toMatchObject([{ name: 'made', status: 'Stopped', cpus: 1 }]);

    const again = await limadesk('create', '--name', 'made', file);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');

    expect((await limadesk('delete', 'made')).code).toBe(0);
    expect(existsSync(path.join(home, 'made'))).toBe(false);
  });

  it('refuses an invalid file with FILE:LINE:COL: FIELD: MESSAGE and leaves nothing half-made', async () => {
    const file = path.join(scratch, 'bad.yaml');
    await writeFile(file, 'images:\n- location: /x.qcow2\n  arch: x86_64\ncpus: many\n');
    const before = await readdir(home);
    const { code, stderr } = await limadesk('create', '--name', 'bad', file);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`${file}:4:\\d+: cpus: `));
    expect(await readdir(home)).toEqual(before);
  });

  it('refuses a hostile name', async () => {
    const file = path.join(scratch, 'ok.yaml');
    await writeFile(file, yaml(1, '1GiB', '5GiB'));
    const { code, stderr } = await limadesk('create', '--name', '../escape', file);
    expect(code).toBe(1);
    expect(stderr).toContain('not a valid identifier');
    expect(existsSync(path.join(home, '..', 'escape'))).toBe(false);
  });

  it('creates from a user template under _templates, named after it', async () => {
    await mkdir(path.join(home, '_templates'), { recursive: true });
    await writeFile(path.join(home, '_templates', 'tiny.yaml'), yaml(1, '256MiB', '1GiB'));
    const { code, stderr } = await limadesk('create', 'template:tiny');
    expect(stderr).not.toContain('ERROR');
    expect(code).toBe(0);
    expect(await readFile(path.join(home, 'tiny', 'lima.yaml'), 'utf8')).toBe(yaml(1, '256MiB', '1GiB'));
    expect((await limadesk('rm', 'tiny')).code).toBe(0);
  });

  it('refuses to delete a Running instance without --force, then SIGKILLs it with --force', async () => {
    const refused = await limadesk('delete', 'running');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('expected status "Stopped", got "Running"');
    expect(existsSync(path.join(home, 'running'))).toBe(true);

    const forced = await limadesk('remove', '--force', 'running');
    expect(forced.code).toBe(0);
    expect(await exitSignal(runningQemu)).toBe('SIGKILL');
    expect(await exitSignal(runningHA)).toBe('SIGKILL');
    expect(existsSync(path.join(home, 'running'))).toBe(false);
  });

  it('warns and goes on for an instance that does not exist', async () => {
    const { code, stderr } = await limadesk('delete', 'ghost');
    expect(code).toBe(0);
    expect(stderr).toContain('Ignoring non-existent instance "ghost"');
  });
});

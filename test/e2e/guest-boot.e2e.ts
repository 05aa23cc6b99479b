import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildParts, createBaseDisk, localGuestYaml, makeTempHome, runCli, tearDown, waitFor, writeInstance, type CliResult } from '../support/e2e-kit';
import { ensureTestGuest } from '../support/guest';

// What a Lima host agent does once the guest answers SSH, end to end: the built CLI starts the
// instance, the test guest runs the cidata CD's boot.sh (as cloud-init's per-boot hook does in
// a real image), and the real host agent waits for the boot scripts, mounts a host directory
// with reverse-sshfs (the host's sftp-server, the guest's sshfs, joined over the agent's SSH
// connection to OpenSSH's sshd), runs the template's probes and copies files back.
const NAME = 'gb';
const USER = 'tester';
/** Each requirement and probe is retried this long (Lima's 10 minutes would make the failing probe slow). */
const REQUIREMENT_TIMEOUT_S = 20;

interface AgentEvent {
  time: string;
  status: { running?: boolean; degraded?: boolean; errors?: string[] };
  limadesk?: { stage: string; message?: string; ok?: boolean };
}

let home: string;
let dir: string;
let share: string;
let env: NodeJS.ProcessEnv;
let started: CliResult;

const cli = (...args: string[]): Promise<CliResult> => runCli(env, args, 180_000);

async function guestSh(script: string): Promise<string> {
  const r = await cli('shell', NAME, '--', 'sh', '-c', script);
  if (r.code !== 0) throw new Error(`guest script failed (${r.code}): ${script}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function events(): AgentEvent[] {
  return readFileSync(path.join(dir, 'ha.stdout.log'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as AgentEvent);
}

/** The outcomes (events with `ok`) of one stage, as [ok, message]. */
function outcomes(stage: string): Array<[boolean, string]> {
  return events().flatMap((e) => (e.limadesk?.stage === stage && typeof e.limadesk.ok === 'boolean' ? [[e.limadesk.ok, e.limadesk.message ?? '']] : []));
}

function agentLog(): Array<{ level: string; msg: string }> {
  return readFileSync(path.join(dir, 'ha.stderr.log'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: string; msg: string });
}

beforeAll(async () => {
  buildParts('cli');
  const guest = await ensureTestGuest();
  home = makeTempHome('ld-gb-');
  env = { ...process.env, LIMA_HOME: home, LIMADESK_REQUIREMENT_TIMEOUT: String(REQUIREMENT_TIMEOUT_S) };
  share = path.join(home, 'share');
  mkdirSync(share);
  writeFileSync(path.join(share, 'from-host.txt'), 'written on the host\n');
  const yaml = localGuestYaml(guest, createBaseDisk(home), {
    extraCmdline: 'limadesk.ssh=1',
    memory: '192MiB',
    display: 'none',
    extraLines: [
      'user:',
      `  name: ${USER}`,
      '  uid: 4242',
      'mountType: reverse-sshfs',
      'param:',
      '  GREETING: hello-from-the-template',
      'provision:',
      '- mode: system',
      '  script: |',
      '    #!/bin/sh',
      '    mkdir -p /var/lib/app',
      '    echo "$PARAM_GREETING" > /var/lib/app/config.txt',
      'probes:',
      '- description: the provisioned config is there',
      '  script: |',
      '    #!/bin/sh',
      '    grep -q "$PARAM_GREETING" /var/lib/app/config.txt',
      '- description: a service that never comes up',
      '  script: |',
      '    #!/bin/sh',
      '    echo "nothing listens on 9999" >&2',
      '    exit 1',
      '  hint: start the service in a provision script',
      'copyToHost:',
      '- guest: /var/lib/app/config.txt',
      '  host: "{{.Dir}}/copied-from-guest/config.txt"',
      '- guest: /var/lib/app/not-there.txt',
      '  host: "{{.Dir}}/copied-from-guest/not-there.txt"',
      '  skipIfMissing: true',
      'message: |',
      '  Hello from {{.Name}}{{if eq .HostOS "linux"}} on a Linux host{{end}}.',
      '  The config is in {{.Dir}}/copied-from-guest/config.txt',
    ],
  })
    .replace('\nplain: true\n', '\nplain: false\n')
    .replace(
      '\nmounts: []\n',
      [
        '',
        'mounts:',
        `- location: ${JSON.stringify(share)}`,
        '  mountPoint: /mnt/share',
        '  writable: true',
        `- location: ${JSON.stringify(path.join(home, 'unmountable'))}`,
        '  mountPoint: /proc/limadesk/cannot-be-made',
        '',
      ].join('\n'),
    );
  expect(yaml).toContain('\nplain: false\n');
  expect(yaml).toContain('\nmounts:\n- location');
  dir = writeInstance(home, NAME, yaml);
  started = await cli('start', NAME, '--wait', 'ssh', '--timeout', '5m');
  expect(started.code, `${started.stdout}\n${started.stderr}`).toBe(0);
  await waitFor('the host agent to finish the guest boot', 240_000, async () => (events().some((e) => e.limadesk?.stage === 'ready') ? true : undefined), 1000);
});

afterAll(async () => {
  await tearDown({ home, instances: [NAME] });
});

describe('the guest boot after SSH, as Lima\'s host agent runs it', () => {
  it('prints the template message, expanded, after start', () => {
    expect(started.stdout).toContain(`Message from the instance "${NAME}":\n`);
    expect(started.stdout).toContain(`Hello from ${NAME} on a Linux host.\nThe config is in ${dir}/copied-from-guest/config.txt\n`);
  });

  it('waits for the boot scripts in the guest: the essential and final requirements hold', () => {
    expect(outcomes('requirement')).toEqual([
      [true, 'The essential requirement 1 of 3 is satisfied: "user session is ready for ssh"'],
      [true, 'The essential requirement 2 of 3 is satisfied: "sshfs binary to be installed"'],
      [true, 'The essential requirement 3 of 3 is satisfied: "fuse to allow_other as user"'],
      [true, 'The final requirement 1 of 1 is satisfied: "boot scripts must have finished"'],
    ]);
  });

  it('runs the probes over SSH and reports each with its description and result', () => {
    const probes = outcomes('probe');
    expect(probes[0]).toEqual([true, 'The optional requirement 1 of 2 is satisfied: "the provisioned config is there"']);
    expect(probes[1]?.[0]).toBe(false);
    expect(probes[1]?.[1]).toMatch(/^failed to satisfy the optional requirement 2 of 2 "a service that never comes up": start the service in a provision script: exit code 1, stderr="nothing listens on 9999"$/);
    expect(events().some((e) => e.limadesk?.stage === 'probe' && e.limadesk.ok === undefined && e.limadesk.message === 'Waiting for the optional requirement 2 of 2: "a service that never comes up"')).toBe(true);
  });

  it('reports every boot and provisioning script\'s exit', () => {
    const scripts = outcomes('script');
    expect(scripts).toContainEqual([true, 'system provisioning script provision.system/00000000 exited with 0']);
    expect(scripts).toContainEqual([true, 'boot script boot.Linux/06-etc-hosts.sh exited with 0']);
    expect(scripts).toContainEqual([true, 'essential boot script boot.essential.Linux/07-etc-environment.sh exited with 0']);
    expect(scripts.every(([ok]) => ok)).toBe(true);
  });

  it('names host.lima.internal in the guest\'s /etc/hosts', async () => {
    expect(await guestSh('grep host.lima.internal /etc/hosts')).toBe('192.168.5.2\thost.lima.internal\n');
  });

  it('mounts a host directory with reverse-sshfs: a host file shows in the guest, a guest write lands on the host', async () => {
    expect(outcomes('mount')).toContainEqual([true, `Mounted "${share}" on "/mnt/share" (reverse-sshfs, writable)`]);
    expect(await guestSh('grep " /mnt/share " /proc/mounts | cut -d" " -f3')).toBe('fuse.sshfs\n');
    expect(await guestSh('cat /mnt/share/from-host.txt')).toBe('written on the host\n');
    await guestSh('echo "written in the guest" > /mnt/share/from-guest.txt');
    expect(readFileSync(path.join(share, 'from-guest.txt'), 'utf8')).toBe('written in the guest\n');
    expect(agentLog().map((l) => l.msg)).toContain(`Mounting "${share}" on "/mnt/share"`);
  });

  it('reports a mount that fails, with why, and the instance still runs', async () => {
    const failed = outcomes('mount').filter(([ok]) => !ok);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.[1]).toMatch(/^failed to prepare reverse sshfs for ".*\/unmountable" on "\/proc\/limadesk\/cannot-be-made": mkdir: can't create directory '\/proc\/limadesk\/'?.*/);
    expect(agentLog()).toContainEqual(expect.objectContaining({ level: 'warning', msg: failed[0]?.[1] }));
    const list = await cli('list', '--json', NAME);
    expect(JSON.parse(list.stdout) as unknown).toMatchObject([{ name: NAME, status: 'Running' }]);
  });

  it('copies a guest file to the host after boot, and skips a missing one marked skipIfMissing', () => {
    expect(readFileSync(path.join(dir, 'copied-from-guest', 'config.txt'), 'utf8')).toBe('hello-from-the-template\n');
    const copies = outcomes('copy-to-host');
    expect(copies).toEqual([
      [true, `Copied /var/lib/app/config.txt to ${dir}/copied-from-guest/config.txt (24 bytes)`],
      [true, 'Skipped missing /var/lib/app/not-there.txt (no such file or directory)'],
    ]);
  });

  it('ends with a ready event that names the problems, Lima\'s degraded status', () => {
    const ready = events().find((e) => e.limadesk?.stage === 'ready');
    expect(ready?.limadesk?.ok).toBe(false);
    expect(ready?.limadesk?.message).toMatch(/^the guest booted with 2 problems: failed to prepare reverse sshfs .*; failed to satisfy the optional requirement 2 of 2 "a service that never comes up"/);
    expect(ready?.status).toMatchObject({ running: true, degraded: true });
  });

  it('unmounts when the instance stops', async () => {
    const stopped = await cli('stop', NAME);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(agentLog().map((l) => l.msg)).toContain(`Unmounting "${share}"`);
    // The host side of the share is untouched by the stop.
    expect(readFileSync(path.join(share, 'from-guest.txt'), 'utf8')).toBe('written in the guest\n');
  });
});

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run';

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'limadesk-cli-'));
  env = { ...process.env, LIMA_HOME: path.join(dir, 'home') };
  // A stopped instance that has never run: no logs, no display.
  mkdirSync(path.join(dir, 'home', 'demo'), { recursive: true });
  writeFileSync(path.join(dir, 'home', 'demo', 'lima.yaml'), 'images: [{location: /nonexistent/a.img, arch: x86_64}]\nvideo: {display: vnc}\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { env, stdout: (t) => void (out += t), stderr: (t) => void (err += t) });
  return { code, out, err };
}

describe('the CLI talks to a person', () => {
  it('suggests the command meant instead of printing all usage', async () => {
    const r = await cli('lst');
    expect(r.code).toBe(2);
    expect(r.err).toBe('limadesk: unknown command "lst"; did you mean `list`? (`limadesk help` lists all commands)\n');
    expect((await cli('strat')).err).toMatch(/did you mean `start`\?/);
    const far = await cli('frobnicate');
    expect(far.err).toBe('limadesk: unknown command "frobnicate"; `limadesk help` lists all commands\n');
  });

  it('names an unknown option plainly, with a suggestion', async () => {
    const r = await cli('list', '--jsn');
    expect(r.code).toBe(2);
    expect(r.err).toBe('limadesk list: unknown option --jsn; did you mean --json?\nUsage: limadesk list [--host HOST] [--json] [-q|--quiet] [--all-fields] [NAME...]\n');
    const missing = await cli('create', '--name');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^limadesk create: option --name needs a value\n/);
    // Commands that parse without catching say it the same way.
    expect((await cli('vnc', 'demo', '--jsn')).err).toMatch(/^limadesk vnc: unknown option --jsn; did you mean --json\?\n/);
  });

  it('lists the templates that exist for a mistyped template', async () => {
    const r = await cli('create', 'template:ubunt');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/template "ubunt" not found \(did you mean "ubuntu"\?\)/);
    expect(r.err).toMatch(/available templates: .*\bdebian\b.*\bubuntu\b/);
  });

  it('says how to get a VNC display of a stopped instance', async () => {
    const r = await cli('vnc', 'demo');
    expect(r.code).toBe(1);
    expect(r.err).toBe('limadesk vnc: instance "demo" is Stopped; its display exists only while it runs: run `limadesk start demo` first\n');
  });

  it('says so when an instance has no log yet, and fails', async () => {
    const r = await cli('logs', 'demo');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^limadesk logs: instance "demo" has no host agent log yet \(.*ha\.stderr\.log\); it is written once the instance starts\n$/);
    expect((await cli('logs', 'demo', '--serial')).err).toMatch(/has no serial console log yet/);
  });

  it('shows the control bytes of a binary file escaped, never raw', async () => {
    const file = path.join(dir, 'binary.yaml');
    writeFileSync(file, Buffer.from('cpus: "\x1b[2J\x1b]0;pwned\x07"\nmemory: \x00\x01\n', 'latin1'));
    const r = await cli('create', file);
    expect(r.code).toBe(1);
    expect(r.err).toContain('\\x1b[2J');
    // eslint-disable-next-line no-control-regex
    expect(r.err).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    const v = await cli('validate', file);
    // eslint-disable-next-line no-control-regex
    expect(v.out + v.err).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });
});

describe('--host on the command line', () => {
  it('is refused by commands that do not run on other hosts, naming the ones that do', async () => {
    const r = await cli('clone', '--host', 'box', 'a', 'b');
    expect(r.code).toBe(2);
    expect(r.err).toBe('limadesk clone: --host is not available for this command (it is for list, start, stop, restart, delete, snapshot, logs, ports, vnc, shell)\n');
  });

  it('names the hosts file when no host of that name was added', async () => {
    const config = path.join(dir, 'config');
    let err = '';
    const code = await runCli(['stop', '--host', 'box', 'demo'], { env: { ...env, XDG_CONFIG_HOME: config }, stdout: () => undefined, stderr: (t) => void (err += t) });
    expect(code).toBe(1);
    expect(err).toBe('limadesk stop: no host named "box" (no host has been added yet; `limadesk host add NAME USER@HOST` adds one)\n');
  });

  it('host add refuses bad settings naming the option, and saves nothing', async () => {
    const config = path.join(dir, 'config2');
    let err = '';
    const code = await runCli(['host', 'add', '--port', '99999', 'box', '--', '-oProxyCommand=touch /tmp/x'], { env: { ...env, XDG_CONFIG_HOME: config }, stdout: () => undefined, stderr: (t) => void (err += t) });
    expect(code).toBe(2);
    expect(err).toMatch(/^limadesk host: DESTINATION must be an SSH destination without spaces and not starting with "-", got "-oProxyCommand=touch \/tmp\/x"\n--port must be a port number from 1 to 65535, got 99999\n$/);
    expect(existsSync(path.join(config, 'limadesk', 'hosts.json'))).toBe(false);
  });
});

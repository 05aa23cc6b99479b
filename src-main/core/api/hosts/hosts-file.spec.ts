import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/support/temp-dir';
import { HostsFileError, hostsFilePath, parseHostsFile, readHostsFile, updateHostsFile, writeHostsFile } from './hosts-file';

describe('the hosts file', () => {
  let dir = '';
  useTempDir('ld-hosts-', (d) => (dir = d));

  it('lives in the XDG config directory', () => {
    expect(hostsFilePath({ XDG_CONFIG_HOME: '/x/conf' }, () => '/home/me')).toBe('/x/conf/limadesk/hosts.json');
    expect(hostsFilePath({}, () => '/home/me')).toBe('/home/me/.config/limadesk/hosts.json');
    // A relative XDG_CONFIG_HOME is invalid by the specification and ignored.
    expect(hostsFilePath({ XDG_CONFIG_HOME: 'conf' }, () => '/home/me')).toBe('/home/me/.config/limadesk/hosts.json');
  });

  it('is empty before the first host is added, and round-trips what is written', async () => {
    const file = path.join(dir, 'limadesk', 'hosts.json');
    expect(await readHostsFile(file)).toEqual([]);
    await writeHostsFile(file, [{ name: 'box', destination: 'me@box', port: 2222, remoteCommand: 'npx limadesk' }]);
    expect(await readHostsFile(file)).toEqual([{ name: 'box', destination: 'me@box', port: 2222, remoteCommand: 'npx limadesk' }]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await updateHostsFile(file, (hosts) => [...hosts, { name: 'mini', destination: 'mac-mini' }]);
    expect((await readHostsFile(file)).map((h) => h.name)).toEqual(['box', 'mini']);
  });

  it('names the line of a JSON syntax error', () => {
    expect(() => parseHostsFile('/c/hosts.json', '{\n  "version": 1,\n  "hosts": [\n    { "name": "box", }\n  ]\n}\n')).toThrow(/^\/c\/hosts\.json:4: not valid JSON/);
  });

  it('names the entry, its line and the field of a bad host', () => {
    const text = JSON.stringify({ version: 1, hosts: [{ name: 'ok', destination: 'a' }, { name: 'bad', destination: '-oProxyCommand=x', port: 70000 }] }, null, 2);
    let error: unknown;
    try {
      parseHostsFile('/c/hosts.json', text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(HostsFileError);
    expect((error as HostsFileError).line).toBe(8);
    expect((error as Error).message).toMatch(/^\/c\/hosts\.json:8: hosts\[1\]: "destination" must be an SSH destination .*not starting with "-".*; "port" must be a port number from 1 to 65535, got 70000$/);
  });

  it('refuses a name used twice, an unknown field, and a version it does not know', () => {
    expect(() => parseHostsFile('f', JSON.stringify({ version: 1, hosts: [{ name: 'a', destination: 'x' }, { name: 'a', destination: 'y' }] }))).toThrow(/used twice/);
    expect(() => parseHostsFile('f', JSON.stringify({ version: 1, hosts: [{ name: 'a', destination: 'x', password: 'hunter2' }] }))).toThrow(/unknown field "password"/);
    expect(() => parseHostsFile('f', JSON.stringify({ version: 2, hosts: [] }))).toThrow(/reads version 1/);
  });

  it('leaves a file it cannot read as it is when asked to change it', async () => {
    const file = path.join(dir, 'limadesk', 'hosts.json');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '{ "version": 1, "hosts": [ oops ] }');
    await expect(updateHostsFile(file, (h) => [...h, { name: 'x', destination: 'y' }])).rejects.toBeInstanceOf(HostsFileError);
    expect(await readFile(file, 'utf8')).toBe('{ "version": 1, "hosts": [ oops ] }');
  });
});

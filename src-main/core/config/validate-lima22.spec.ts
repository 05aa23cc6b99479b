import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillDefaults } from './defaults';
import type { HostInfo } from './host';
import { parseLimaYaml } from './parse';
import type { ConfigIssue } from './types';
import { validateLimaYaml, validateParamIsUsed } from './validate';

const HOST: HostInfo = { os: 'linux', arch: 'x86_64', cpus: 4, memoryBytes: 8 * 1024 ** 3, homeDir: os.homedir(), userName: 'ada', uid: 1000, timezone: 'UTC' };
const IMAGE = 'images: [{location: https://example.com/x.img, arch: x86_64}]\n';

function check(text: string, warn = false): ConfigIssue[] {
  const parsed = parseLimaYaml(text, 'lima.yaml');
  expect(parsed.issues).toEqual([]);
  const params = validateParamIsUsed(parsed.value, { file: 'lima.yaml', positionOf: parsed.positionOf });
  const { config } = fillDefaults(parsed.value, { host: HOST, instanceDir: path.join(os.tmpdir(), 'lima', 'vm') });
  return [...params, ...validateLimaYaml(config, { hostOS: 'linux', limaVersion: '2.2.0', warn, positionOf: parsed.positionOf, file: 'lima.yaml' })];
}

const messages = (text: string, warn = false): string[] => check(text, warn).map((i) => `${i.severity}: ${i.message}`);

describe('Lima 2.2 fields', () => {
  it('knows copyToHost.skipIfMissing, {url, digest} locators and osOpts.Windows.virtioWin', () => {
    const text = [
      'copyToHost: [{guest: /etc/hostname, host: /tmp/h, skipIfMissing: true, deleteOnStop: true}]',
      'base: [{url: template:x}]',
      'provision: [{file: {url: https://example.com/p.sh}}]',
      'osOpts: {Windows: {virtioWin: [{location: https://example.com/v.iso, arch: x86_64}]}}',
    ].join('\n');
    const parsed = parseLimaYaml(text, 'lima.yaml');
    expect(parsed.issues).toEqual([]);
    expect(parsed.value.copyToHost?.[0]?.skipIfMissing).toBe(true);
  });

  it('rejects an un-embedded provision or probe file, as Lima does after embedding', () => {
    expect(messages(`${IMAGE}provision: [{file: /p.sh}]\nprobes: [{file: {url: /q.sh, digest: "sha256:00"}, script: "#!/bin/sh"}]\n`)).toEqual([
      'error: field `provision[0].file.url` must be empty during validation (script should already be embedded)',
      'error: field `provision[0].script` must not be empty',
      'error: field `probe[0].file.url` must be empty during validation (script should already be embedded)',
      'error: field `probe[0].file.digest` support is not yet implemented',
    ]);
  });
});

describe('params', () => {
  it('count as used in mounts (location and mountPoint), copyToHost, sockets and every provision field', () => {
    expect(messages(`${IMAGE}mounts: [{location: "/srv/{{.Param.dir}}"}]\nparam: {dir: data}\n`)).toEqual([]);
    expect(messages(`${IMAGE}mounts: [{location: /srv, mountPoint: "/mnt/{{ .Param.where }}"}]\nparam: {where: x}\n`)).toEqual([]);
    expect(messages(`${IMAGE}provision: [{mode: data, path: /etc/x, content: "", owner: "{{.Param.who}}"}]\nparam: {who: ada}\n`)).toEqual([]);
    // permissions count as a use, though Lima does not expand them (so validation rejects the value).
    expect(messages(`${IMAGE}provision: [{mode: data, path: /etc/x, content: "", permissions: "{{.Param.mode}}"}]\nparam: {mode: "600"}\n`)).toEqual([
      'error: field `provision[0].permissions` must be an octal number, got `{{.Param.mode}}`',
    ]);
    expect(messages(`${IMAGE}provision: [{script: "#!/bin/sh\\necho $PARAM_GREETING"}]\nparam: {GREETING: hi}\n`)).toEqual([]);
    expect(messages(`${IMAGE}param: {unused: x}\n`)).toEqual(['error: field `param` key `unused` is not used in any provision, probe, copyToHost, or portForward']);
  });

  it('accept internal_netplanOptional, which Lima\'s boot files read, and non-string values as written', () => {
    const issues = check(`${IMAGE}param: {internal_netplanOptional: "true", flag: true}\nprovision: [{script: "#!/bin/sh\\n{{if eq .Param.flag \\"true\\"}}x{{end}}"}]\n`);
    expect(issues).toEqual([]);
  });
});

describe('the guest user', () => {
  it('gets the default shell of the guest OS', () => {
    const shellOf = (osName: string): string | undefined => fillDefaults(parseLimaYaml(`os: ${osName}\n`, 'x').value, { host: HOST }).config.user?.shell;
    expect(shellOf('Linux')).toBe('/bin/bash');
    expect(shellOf('Darwin')).toBe('/bin/zsh');
    expect(shellOf('FreeBSD')).toBe('/bin/sh');
    expect(shellOf('Windows')).toBe('cmd.exe');
  });

  it('on macOS has no passwordless sudo unless asked, and cannot have it', () => {
    const mac = 'os: Darwin\narch: aarch64\nimages: [{location: https://example.com/m.ipsw, arch: aarch64}]\n';
    expect(fillDefaults(parseLimaYaml(mac, 'x').value, { host: HOST }).config.user?.passwordlessSudo).toBe(false);
    expect(messages(mac)).toEqual([]);
    expect(messages(`${mac}user: {passwordlessSudo: true}\n`)).toEqual(['error: `user.passwordlessSudo: true` is not supported on macOS guests']);
  });
});

describe('Windows guests', () => {
  const windows = [
    'os: Windows',
    'vmType: qemu',
    'images:',
    '- location: "~/Downloads/Win11_English_x64.iso"',
    '  arch: x86_64',
    '- location: "~/Downloads/Win11_English_Arm64.iso"',
    '  arch: aarch64',
    'tpm: true',
    'plain: true',
    'video: {display: default}',
    'osOpts:',
    '  Windows:',
    '    virtioWin:',
    '    - location: https://example.com/virtio-win.iso',
    '      arch: x86_64',
    '',
  ].join('\n');

  it('validate as Lima accepts them, cmd.exe being the shell', () => {
    expect(messages(windows, true)).toEqual(['warning: `os: Windows` is experimental']);
    expect(messages(`${windows}user: {shell: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\PowerShell.exe'}\n`)).toEqual([]);
  });

  it('reject Unix shells and the provision modes Windows has no stage for', () => {
    expect(messages(`${windows}user: {shell: /bin/bash}\nprovision: [{mode: boot, script: "echo"}]\n`)).toEqual([
      'error: field `user.shell` must be one of [cmd.exe powershell.exe pwsh.exe] for Windows guests, got `/bin/bash`',
      'error: provision mode `boot` is not supported on Windows VM',
    ]);
  });
});

describe('port forward rules that can never match', () => {
  const warnings = (rules: string): string[] => check(`${IMAGE}portForwards:\n${rules}`).filter((i) => i.severity === 'warning').map((i) => `${i.field}: ${i.message}`);

  it('are warned about, naming the entry and the rule that wins', () => {
    expect(warnings('- guestPortRange: [8000, 9000]\n  hostIP: 0.0.0.0\n- guestPort: 8080\n  hostPort: 18080\n')).toEqual([
      'portForwards[1]: field `portForwards[1]` can never match: `portForwards[0]` comes first and forwards every guest port it would (the first matching rule wins)',
    ]);
    expect(warnings('- guestIP: 0.0.0.0\n  guestIPMustBeZero: false\n  ignore: true\n- guestPort: 80\n')).toEqual([
      'portForwards[1]: field `portForwards[1]` can never match: `portForwards[0]` comes first and ignores every guest port it would (the first matching rule wins)',
    ]);
  });

  it('are not reported when a later rule still sees some ports', () => {
    // Different range, protocol, guest address; an ignore rule for one address lets 0.0.0.0 through; sockets are separate.
    expect(warnings('- guestPort: 80\n- guestPortRange: [80, 81]\n')).toEqual([]);
    expect(warnings('- guestPort: 53\n  proto: udp\n- guestPort: 53\n  proto: tcp\n')).toEqual([]);
    expect(warnings('- guestPort: 80\n  guestIP: 127.0.0.1\n- guestPort: 80\n  guestIP: 0.0.0.0\n  guestIPMustBeZero: false\n')).toEqual([]);
    expect(warnings('- guestPort: 80\n  ignore: true\n- guestPort: 80\n  guestIP: 0.0.0.0\n')).toEqual([]);
    expect(warnings('- guestSocket: /run/a.sock\n  hostSocket: /tmp/a.sock\n- guestSocket: /run/a.sock\n  hostSocket: /tmp/b.sock\n')).toEqual([]);
  });
});

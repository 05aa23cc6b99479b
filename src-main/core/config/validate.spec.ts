import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fillDefaults } from './defaults';
import type { HostInfo } from './host';
import { parseLimaYaml } from './parse';
import { validateAgainstLatestConfig, validateLimaYaml, validateParamIsUsed, type ValidateContext } from './validate';
import { versionAtLeastLima } from './version';

const HOME = mkdtempSync(path.join(os.tmpdir(), 'limadesk-validate-'));
afterAll(() => rmSync(HOME, { recursive: true, force: true }));
const HOST: HostInfo = { os: 'linux', arch: 'x86_64', cpus: 8, memoryBytes: 16 * 1024 ** 3, homeDir: HOME, userName: 'tester', uid: 1000, timezone: 'UTC' };
const FILE = path.join(HOME, 'lima.yaml');
const IMAGE = 'images: [{location: "https://example.com/a.img", arch: x86_64}]\n';

/** Parse → defaults → validate, as the loader does, with the host pinned. */
function check(text: string, extra: Partial<ValidateContext> = {}) {
  const parsed = parseLimaYaml(text, FILE);
  expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
  const { config } = fillDefaults(parsed.value, { host: HOST, instanceDir: path.join(HOME, 'inst') });
  return validateLimaYaml(config, {
    file: FILE, positionOf: parsed.positionOf, hostOS: 'linux', limaVersion: '2.0.3', warn: false, homeDir: HOME, ...extra,
  });
}
const messages = (text: string, extra: Partial<ValidateContext> = {}) => check(text, extra).map((i) => i.message);

describe('validateLimaYaml (Lima validate_test vectors)', () => {
  it('an empty YAML fails with exactly the images message', () => {
    expect(messages('')).toEqual(['field `images` must be set']);
  });

  it('a minimal config with an image is valid', () => {
    expect(check(IMAGE)).toEqual([]);
  });

  it('rejects digests without an algorithm and with an unknown one', () => {
    const hex = 'a'.repeat(64);
    expect(messages(`images: [{location: /a.img, arch: x86_64, digest: "${hex}"}]\n`)).toEqual([
      `field \`images[0].digest\` is invalid: ${hex}: invalid checksum digest format`,
    ]);
    expect(messages(`images: [{location: /a.img, arch: x86_64, digest: "sha001:${hex}"}]\n`)).toEqual([
      `field \`images[0].digest\` is invalid: sha001:${hex}: unsupported digest algorithm`,
    ]);
    expect(messages(`images: [{location: /a.img, arch: x86_64, digest: "sha256:${hex}"}]\n`)).toEqual([]);
  });

  it('checks digest lengths, local paths and kernel/initrd pairing', () => {
    expect(messages(`images: [{location: /a.img, arch: x86_64, digest: "sha512:${'a'.repeat(64)}"}]\n`)).toEqual([
      `field \`images[0].digest\` is invalid: sha512:${'a'.repeat(64)}: invalid checksum digest length`,
    ]);
    expect(messages('images: [{location: "~bob/a.img", arch: x86_64}]\n')).toEqual([
      'field `images[0].location` refers to an invalid local file path: `~bob/a.img`: unexpandable path `~bob/a.img`',
    ]);
    const text = 'images:\n- location: /a.img\n  arch: x86_64\n  kernel: {location: /k, arch: aarch64}\n- location: /b.img\n  arch: x86_64\n  initrd: {location: /i}\n';
    expect(messages(text)).toEqual([
      'images[0].kernel has unexpected architecture `aarch64`, must be `x86_64`',
      'field `images[1].initrd` requires a kernel',
    ]);
  });

  it('checks disk names against the identifier grammar', () => {
    expect(messages(`${IMAGE}additionalDisks: [ok-1, {name: "bad name"}, "-x"]\n`)).toEqual([
      'field `additionalDisks[1].name is invalid`: identifier `bad name` must match ^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$',
      'field `additionalDisks[2].name is invalid`: identifier `-x` must match ^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$',
    ]);
  });

  it('positions an issue at the field, or at its nearest written parent', () => {
    const issues = check(`${IMAGE}cpus: 2\nprobes:\n- script: foo\n`);
    expect(issues).toEqual([
      { severity: 'error', field: 'probes[0].script', message: "field `probe[0].script` must start with a '#!' line", file: FILE, line: 4, col: 3 },
    ]);
    const missing = check('cpus: 2\n');
    expect(missing[0]).toMatchObject({ field: 'images', line: 1, col: 1 });
  });

  it('a bad provision mode also reports the missing script', () => {
    expect(messages(`${IMAGE}provision:\n- mode: foo\n`)).toEqual([
      'field `provision[0].mode` must be one of `system`, `user`, `boot`, `dependency`, `data`, `yq`, `ansible`',
      'field `provision[0].script` must not be empty',
    ]);
  });

  it('stops after a data step without path, as Lima does (later port-forward errors are absent)', () => {
    const text = `${IMAGE}provision:\n- mode: data\n  content: hi\nportForwards:\n- guestSocket: rel.sock\n  hostSocket: /tmp/s.sock\n`;
    expect(messages(text)).toEqual(['field `provision[0].path` must not be empty when mode is `data`']);
    const withPath = text.replace('content: hi', 'content: hi\n  path: /etc/x');
    expect(messages(withPath)).toEqual(['field `portForwards[0].guestSocket` must be an absolute path, but is `rel.sock`']);
  });

  it('reports multiple errors in Lima order', () => {
    const text = 'arch: sparc\nmemory: lots\nadditionalDisks: [""]\nssh: {localPort: 22}\naudio: {interface: sb16}\n';
    const parsed = parseLimaYaml(text, FILE);
    // Defaults replace `cpus: 0` as Lima's do, so the cpus rule is reached with a hand-made config.
    const { config } = fillDefaults(parsed.value, { host: HOST });
    const issues = validateLimaYaml({ ...config, cpus: 0 }, { hostOS: 'linux', limaVersion: '2.0.3', warn: false, positionOf: parsed.positionOf });
    expect(issues.map((i) => i.message)).toEqual([
      'field `arch` must be one of [x86_64 aarch64 armv7l ppc64le riscv64 s390x]; got `sparc`',
      'field `images` must be set',
      'field `cpus` must be set',
      'field `memory` has an invalid value: invalid size "lots": expected a number with an optional unit such as 512MiB, 4GiB or 100G',
      'field `additionalDisks[0].name is invalid`: identifier must not be empty',
      'field `ssh.localPort` must not be 22',
      'invalid audio.interface "sb16", must be "hda" or "virtio"',
    ]);
  });

  it('checks ssh.localPort bounds', () => {
    expect(messages(`${IMAGE}ssh: {localPort: -1}\n`)).toEqual(['field `ssh.localPort` must be > 0']);
    expect(messages(`${IMAGE}ssh: {localPort: 65536}\n`)).toEqual(['field `ssh.localPort` must be < 65536']);
    expect(messages(`${IMAGE}ssh: {localPort: 60022}\n`)).toEqual([]);
  });

  it('checks param names and values', () => {
    const text = `${IMAGE}param:\n  1bad: x\n  ok: "a\\u0001b"\nprovision:\n- script: "#!/bin/sh\\necho {{.Param.ok}} $PARAM_1bad"\n`;
    expect(messages(text)).toEqual([
      'param `1bad` name does not match regex `^[a-zA-Z][a-zA-Z0-9_]*$`',
      'param `ok` value contains unprintable character "\\u0001"',
    ]);
  });

  it('reports an unused param on the config as written', () => {
    const parsed = parseLimaYaml(`${IMAGE}param:\n  name: x\n  used: y\nprobes:\n- script: "#!/bin/sh\\ntest {{ .Param.used }}"\n`, FILE);
    expect(validateParamIsUsed(parsed.value, { file: FILE, positionOf: parsed.positionOf })).toEqual([
      {
        severity: 'error', field: 'param.name', file: FILE, line: 3, col: 3,
        message: 'field `param` key `name` is not used in any provision, probe, copyToHost, or portForward',
      },
    ]);
  });

  it('checks user.shell, also for Windows guests', () => {
    expect(messages(`${IMAGE}user: {shell: bash}\n`)).toEqual(['field `user.shell` must be an absolute path, got `bash`']);
    const win = messages('os: Windows\nvmType: vz\narch: riscv64\nimages: [{location: /w.img, arch: riscv64}]\nuser: {shell: /bin/bash}\n');
    expect(win).toEqual([
      'currently Windows guest is only supported on `qemu`; got `vz`',
      'currently Windows guest is only supported on [`x86_64`, `aarch64`]; got `riscv64`',
      'field `user.shell` must be one of [cmd.exe powershell.exe pwsh.exe] for Windows guests, got `/bin/bash`',
    ]);
  });

  it('checks minimumLimaVersion', () => {
    expect(messages(`${IMAGE}minimumLimaVersion: 1.1.2\n`, { limaVersion: '1.1.1-114-g5bf5e513' })).toEqual([
      'template requires Lima version `1.1.2`; this is only `1.1.1-114-g5bf5e513`',
    ]);
    expect(messages(`${IMAGE}minimumLimaVersion: 1.1.1\n`, { limaVersion: '1.1.1-114-g5bf5e513' })).toEqual([]);
    expect(messages(`${IMAGE}minimumLimaVersion: invalid\n`)).toEqual([
      'field `minimumLimaVersion` must be a semvar value, got `invalid`: invalid is not in dotted-tri format',
    ]);
    expect(versionAtLeastLima('2.0.3', '2.0.0')).toBe(true);
    expect(versionAtLeastLima('2.0.3', '2.1.0')).toBe(false);
  });

  it('requires absolute mount locations and allows ~ and missing directories', () => {
    expect(messages(`${IMAGE}mounts: [{location: "."}]\n`)).toEqual(['field `mounts[0].location` must be an absolute path, got `.`']);
    expect(messages(`${IMAGE}mounts: [{location: /foo}, {location: "~/foo"}]\n`)).toEqual([]);
    const warned = check(`${IMAGE}mounts: [{location: /nonexistent-dir-for-test}]\n`, { warn: true });
    expect(warned.map((i) => [i.severity, i.message])).toEqual([
      ['warning', 'field `mounts[0].location` refers to a non-existent directory: `/nonexistent-dir-for-test`'],
    ]);
    const file = path.join(HOME, 'plain-file');
    writeFileSync(file, 'x');
    expect(messages(`${IMAGE}mounts: [{location: "${file}"}]\n`)).toEqual([`field \`mounts[0].location\` refers to a non-directory path: \`${file}\``]);
  });

  it('rejects system mount points and a tilde in the guest path', () => {
    expect(messages(`${IMAGE}mounts: [{location: /tmp, mountPoint: /etc}, {location: /tmp, mountPoint: "~/x"}]\n`)).toEqual([
      'field `mounts[0].mountPoint` must not be a system path such as /etc or /usr',
      'field `mounts[1].mountPoint` must not start with "~"',
    ]);
  });

  it('rejects dns together with the host resolver', () => {
    expect(messages(`${IMAGE}dns: [1.1.1.1]\n`)).toEqual(['field `dns` must be empty when field `HostResolver.Enabled` is true']);
    expect(messages(`${IMAGE}dns: [1.1.1.1]\nhostResolver: {enabled: false}\n`)).toEqual([]);
  });

  it('checks port forward consistency', () => {
    const text = `${IMAGE}portForwards:\n- guestPortRange: [10, 5]\n  hostPortRange: [10, 5]\n- guestSocket: rel.sock\n  reverse: true\n- proto: sctp\n`;
    expect(messages(text)).toEqual([
      'field `portForwards[0].guestPortRange[1]` must be greater than or equal to field `portForwards[0].guestPortRange[0]`',
      'field `portForwards[0].hostPortRange[1]` must be greater than or equal to field `portForwards[0].hostPortRange[0]`',
      'field `portForwards[1].guestSocket` must be an absolute path, but is `rel.sock`',
      'field `portForwards[1].guestSocket` can only be mapped to a single port or socket. not a range',
      'field `portForwards[1].reverse` must be false if field `portForwards[1].hostSocket` is empty',
      'field `portForwards[2].proto` must be `tcp`, `udp`, or `any`',
    ]);
  });

  it('checks networks against networks.yaml and the host', () => {
    const text = `${IMAGE}networks:\n- lima: shared\n- lima: nope\n- {}\n- socket: /tmp/x.sock\n  interface: eth0\n`;
    expect(messages(text)).toEqual([
      'field `networks[0].lima` is only supported on macOS',
      'field `networks[1].lima` references network `nope` which is not defined in networks.yaml',
      'field `networks[2].lima` or field `networks[2].socket` must be set',
      'field `networks[3].interface` must not be set to `eth0` because it is reserved for slirp',
    ]);
  });

  it('checks MAC addresses and interface names', () => {
    const text = `${IMAGE}networks:\n- lima: user-v2\n  macAddress: "52:55:55:12:34"\n  interface: averyveryverylongname\n- lima: user-v2\n  macAddress: zz\n  interface: lima0\n`;
    expect(messages(text)).toEqual([
      'field `networks[0].macAddress` must be a 48 bit (6 bytes) MAC address; actual length of `52:55:55:12:34` is 5 bytes',
      'field `networks[0].interface` must be less than 16 bytes, but is 21 bytes: `averyveryverylongname`',
      'field `networks[1].macAddress` is invalid: `zz`',
    ]);
  });

  it('checks probes, tpm and passwordless sudo', () => {
    expect(messages('tpm: true\narch: s390x\nimages: [{location: /a, arch: s390x}]\n')).toEqual([
      'field `tpm` is not supported on architecture `s390x`',
    ]);
    expect(messages(`${IMAGE}user: {passwordlessSudo: false}\n`)).toEqual(['`user.passwordlessSudo: false` requires `plain: true`']);
    expect(messages(`${IMAGE}user: {passwordlessSudo: false}\nplain: true\n`)).toEqual([]);
  });

  it('reports experimental features only when warn is set', () => {
    const text = `${IMAGE}mountType: virtiofs\nmountInotify: true\nvideo: {display: vnc}\n`;
    expect(check(text)).toEqual([]);
    expect(check(text, { warn: true }).map((i) => `${i.severity}: ${i.message}`)).toEqual([
      'warning: `mountType: virtiofs` on Linux is experimental',
      'warning: `video.display: vnc` is experimental',
      'warning: `mountInotify` is experimental',
    ]);
  });
});

describe('validateAgainstLatestConfig', () => {
  it('refuses to shrink the disk and allows growing it', () => {
    const next = parseLimaYaml('disk: 50GiB\n', FILE);
    expect(validateAgainstLatestConfig({ disk: '100GiB' }, next.value, { file: FILE, positionOf: next.positionOf })).toEqual([
      { severity: 'error', field: 'disk', message: 'field `disk`: shrinking the disk (100GiB --> 50GiB) is not supported', file: FILE, line: 1, col: 1 },
    ]);
    expect(validateAgainstLatestConfig({ disk: '100GiB' }, { disk: '200GiB' })).toEqual([]);
    expect(validateAgainstLatestConfig({ disk: '100GiB' }, {})).toEqual([]);
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../run';
import { parseFlags } from './flags';
import { formatUsageTable } from './top';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'verbs-cli-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

async function limadesk(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { env: { ...process.env, LIMA_HOME: home }, stdout: (t) => void (out += t), stderr: (t) => void (err += t), isTTY: false });
  return { code, out, err };
}

describe('flags as pflag reads them', () => {
  it('takes --flag=false, --no-flag, comma lists and negative numbers', () => {
    const { values } = parseFlags(['--video=false', '--mount', 'a,b', '--mount', 'c', '--size', '-1', '--rosetta=true'], { video: { type: 'boolean' }, rosetta: { type: 'boolean' }, mount: { type: 'string', multiple: true }, size: { type: 'string' } }, ['mount']);
    expect(values).toMatchObject({ video: false, rosetta: true, mount: ['a', 'b', 'c'], size: '-1' });
  });
});

describe('validate', () => {
  it('rejects what create and start would: an unknown vmType and a minimumVersion that is no semver', async () => {
    const file = path.join(home, 'bad.yaml');
    await writeFile(file, 'vmType: bhyve\nimages:\n- location: /x.qcow2\n  arch: x86_64\n');
    const r = await limadesk('validate', file);
    expect(r.code).toBe(1);
    expect(r.out).toBe(`${file}:1:1: vmType: vmType \`bhyve\` is not a registered driver (Limadesk drives \`qemu\`)\n`);
    await writeFile(file, 'images:\n- location: /x.qcow2\n  arch: x86_64\nvmOpts:\n  qemu:\n    minimumVersion: "8.2"\n');
    expect((await limadesk('validate', file)).out).toContain(':6:5: vmOpts.qemu.minimumVersion: field `vmOpts.qemu.minimumVersion` must be a semvar value, got "8.2"');
  });
});

describe('top', () => {
  it('prints a sample as a table, with dashes for what is not known yet', () => {
    const text = formatUsageTable([
      { name: 'vm', time: 0, intervalMs: 0, memory: { configuredBytes: 1 }, disk: { virtualBytes: 2 ** 30, onDiskBytes: 2 ** 20 } },
      {
        name: 'busy',
        time: 0,
        intervalMs: 2000,
        cpu: { vcpus: 2, hostCores: 4, percentOfVcpus: 87.5, percentOfHost: 43.75 },
        memory: { configuredBytes: 1, hostRssBytes: 300 * 2 ** 20, guest: { totalBytes: 2 ** 30, availableBytes: 2 ** 29, usedBytes: 2 ** 29 } },
        disk: { virtualBytes: 2 ** 30, onDiskBytes: 2 ** 20, readBytesPerSec: 1024, writeBytesPerSec: 0 },
        network: { rxBytesPerSec: 2048, txBytesPerSec: 512 },
      },
    ]);
    const [head, idle, busy] = text.trimEnd().split('\n');
    expect(head).toMatch(/^NAME\s+CPU\(VCPUS\)\s+CPU\(HOST\)/);
    expect(idle).toMatch(/^vm\s+-\s+-\s+-\s+-\s+1\.0 MiB\/1\.0 GiB\s+-\s+-$/);
    expect(busy).toContain('87.5% of 2');
    expect(busy).toContain('512.0 MiB/1.0 GiB');
  });
});

describe('refusals of the verbs, from the command line', () => {
  it('names what is wrong and exits non-zero', async () => {
    expect(await limadesk('clone', 'ghost', 'copy')).toMatchObject({ code: 1, err: expect.stringContaining('instance "ghost" does not exist') });
    expect(await limadesk('disk', 'create', 'd', '--size', 'lots')).toMatchObject({ code: 2, err: expect.stringContaining('invalid disk size "lots"') });
    expect(await limadesk('disk', 'resize', 'd', '--size', '2G')).toMatchObject({ code: 1, err: expect.stringContaining('disk "d" does not exist') });
    expect(await limadesk('edit', 'ghost', '--cpus', '2')).toMatchObject({ code: 1, err: expect.stringContaining('instance "ghost" does not exist') });
    expect(await limadesk('disk', 'frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining('unknown disk command "frobnicate"') });
    expect(await limadesk('top', 'ghost', '--count', '1')).toMatchObject({ code: 1, err: expect.stringContaining('instance "ghost" does not exist') });
  });
});

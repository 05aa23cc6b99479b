import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/support/temp-dir';
import { dataDiskFormat, qcow2VirtualSize } from './disk-format';

let dir: string;
useTempDir('ld-diskfmt-', (d) => (dir = d));

describe('dataDiskFormat', () => {
  it('tells qcow2 (made by the real qemu-img) from raw, and says nothing of a missing file', () => {
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', path.join(dir, 'q'), '16M']);
    execFileSync('qemu-img', ['create', '-q', '-f', 'raw', path.join(dir, 'r'), '16M']);
    writeFileSync(path.join(dir, 'tiny'), 'ab');
    expect(dataDiskFormat(path.join(dir, 'q'))).toBe('qcow2');
    expect(dataDiskFormat(path.join(dir, 'r'))).toBe('raw');
    expect(dataDiskFormat(path.join(dir, 'tiny'))).toBe('raw');
    expect(dataDiskFormat(path.join(dir, 'missing'))).toBeUndefined();
  });

  it("reads a qcow2 image's virtual size off its header as qemu-img reports it", () => {
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', path.join(dir, 'q'), '1G']);
    execFileSync('qemu-img', ['create', '-q', '-f', 'raw', path.join(dir, 'r'), '16M']);
    const reported = JSON.parse(execFileSync('qemu-img', ['info', '--output=json', path.join(dir, 'q')], { encoding: 'utf8' })) as { 'virtual-size': number };
    expect(qcow2VirtualSize(path.join(dir, 'q'))).toBe(reported['virtual-size']);
    expect(qcow2VirtualSize(path.join(dir, 'r'))).toBeUndefined();
    expect(qcow2VirtualSize(path.join(dir, 'missing'))).toBeUndefined();
  });
});

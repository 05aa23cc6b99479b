import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../common/logger';
import { cachedQemuProbe } from './probe-cache';
import type { ProbeOutcome } from './version';

const features = (version: string): ProbeOutcome['features'] => ({ version, accelHelp: 'Accelerators supported in QEMU binary:\ntcg\nkvm\n', netdevHelp: 'user', machineHelp: 'q35', cpuHelp: 'max' });

describe('cachedQemuProbe', () => {
  let dir: string;
  let exe: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ld-probe-'));
    exe = path.join(dir, 'qemu-system-x86_64');
    writeFileSync(exe, '#!/bin/sh\n', { mode: 0o755 });
    file = path.join(dir, 'cache', 'qemu-probes.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const options = () => ({ file, exePath: exe, prefixArgs: [], arch: 'x86_64' as const, logger: silentLogger });

  it('probes a binary once, then answers from the file for the same binary', async () => {
    const probe = vi.fn(async (): Promise<ProbeOutcome> => ({ features: features('8.2.2'), warnings: [] }));
    expect(await cachedQemuProbe(options(), probe)).toEqual({ features: features('8.2.2'), warnings: [] });
    expect(await cachedQemuProbe(options(), probe)).toEqual({ features: features('8.2.2'), warnings: [] });
    expect(probe).toHaveBeenCalledTimes(1);
    expect(Object.values((JSON.parse(readFileSync(file, 'utf8')) as { entries: object }).entries)).toHaveLength(1);
  });

  it('probes again when the binary changes (an upgrade rewrites it)', async () => {
    const probe = vi.fn(async (): Promise<ProbeOutcome> => ({ features: features('8.2.2'), warnings: [] }));
    await cachedQemuProbe(options(), probe);
    writeFileSync(exe, '#!/bin/sh\n# a newer build\n');
    probe.mockResolvedValueOnce({ features: features('9.0.0'), warnings: [] });
    expect((await cachedQemuProbe(options(), probe)).features.version).toBe('9.0.0');
    expect(probe).toHaveBeenCalledTimes(2);
  });

  it('keeps nothing from a probe that warned or read no version, so the problem is said again', async () => {
    const warned = vi.fn(async (): Promise<ProbeOutcome> => ({ features: features('8.2.2'), warnings: ['-netdev help failed'] }));
    await cachedQemuProbe(options(), warned);
    await cachedQemuProbe(options(), warned);
    expect(warned).toHaveBeenCalledTimes(2);
    const noVersion = vi.fn(async (): Promise<ProbeOutcome> => ({ features: features(''), warnings: [] }));
    await cachedQemuProbe(options(), noVersion);
    await cachedQemuProbe(options(), noVersion);
    expect(noVersion).toHaveBeenCalledTimes(2);
  });

  it('reads a damaged file as empty and writes it anew', async () => {
    const probe = vi.fn(async (): Promise<ProbeOutcome> => ({ features: features('8.2.2'), warnings: [] }));
    await cachedQemuProbe(options(), probe);
    writeFileSync(file, '{"format":1,"entries":');
    await cachedQemuProbe(options(), probe);
    expect(probe).toHaveBeenCalledTimes(2);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 1 });
  });

  it('probes every time without a cache file, or for a binary not found on PATH', async () => {
    const probe = vi.fn(async (): Promise<ProbeOutcome> => ({ features: features('8.2.2'), warnings: [] }));
    await cachedQemuProbe({ ...options(), file: undefined }, probe);
    await cachedQemuProbe({ ...options(), file: undefined }, probe);
    await cachedQemuProbe({ ...options(), exePath: path.join(dir, 'missing') }, probe);
    await cachedQemuProbe({ ...options(), exePath: path.join(dir, 'missing') }, probe);
    expect(probe).toHaveBeenCalledTimes(4);
  });

  it('keeps one entry per binary and arch, at most eight', async () => {
    const probe = vi.fn(async (): Promise<ProbeOutcome> => ({ features: features('8.2.2'), warnings: [] }));
    for (let i = 0; i < 10; i++) {
      const other = path.join(dir, `qemu-${i}`);
      writeFileSync(other, `#!/bin/sh\n# ${i}\n`);
      await cachedQemuProbe({ ...options(), exePath: other }, probe);
    }
    await cachedQemuProbe({ ...options(), arch: 'aarch64' }, probe);
    expect(Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { entries: object }).entries)).toHaveLength(8);
  });
});

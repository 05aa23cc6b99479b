import { mkdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../../common/logger';
import type { Arch } from '../../config/types';
import { writeFileAtomic } from '../../store/atomic-write';
import type { ProbeOutcome, QemuFeatures } from './version';

/** Bumped when QemuFeatures changes shape, so an older file is read as empty. */
const FORMAT = 1;
/** A handful of QEMU builds (one per arch, a Homebrew and a system one) is all a host has. */
const MAX_ENTRIES = 8;

interface CacheFile {
  format: number;
  entries: Record<string, { features: QemuFeatures; savedAt: string }>;
}

/**
 * The identity of a QEMU binary: its real path, size, inode and change times to the
 * nanosecond. An upgrade (a new file, or the same file rewritten) gives a new key.
 */
async function binaryKey(exePath: string, prefixArgs: readonly string[], arch: Arch): Promise<string> {
  const real = await realpath(exePath);
  const s = await stat(real, { bigint: true });
  return JSON.stringify([real, String(s.size), String(s.ino), String(s.mtimeNs), String(s.ctimeNs), prefixArgs, arch]);
}

async function readCache(file: string): Promise<CacheFile> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<CacheFile>;
    if (parsed.format === FORMAT && parsed.entries && typeof parsed.entries === 'object') return { format: FORMAT, entries: parsed.entries };
  } catch {
    // Absent or damaged: probed again and rewritten.
  }
  return { format: FORMAT, entries: {} };
}

export interface ProbeCacheOptions {
  /** The cache file; without one every start probes. */
  file: string | undefined;
  /** The QEMU binary as found on PATH; without one (not found) the probe runs and reports it. */
  exePath: string | undefined;
  prefixArgs: readonly string[];
  arch: Arch;
  logger: Logger;
}

/**
 * QEMU's answers to Lima's five probes (`--version`, `-accel help`, …) only change when the
 * binary does, yet running them costs five QEMU processes on every start. They are kept per
 * binary, and a probe that warned (something could not be read) is never kept, so a problem
 * is reported again on the next start rather than remembered.
 */
export async function cachedQemuProbe(options: ProbeCacheOptions, probe: () => Promise<ProbeOutcome>): Promise<ProbeOutcome> {
  const { file, exePath, logger } = options;
  if (!file || !exePath) return probe();
  let key: string;
  try {
    key = await binaryKey(exePath, options.prefixArgs, options.arch);
  } catch {
    return probe();
  }
  const cache = await readCache(file);
  const hit = cache.entries[key];
  if (hit) return { features: hit.features, warnings: [] };

  const outcome = await probe();
  if (outcome.warnings.length > 0 || !outcome.features.version) return outcome;
  const kept = Object.entries(cache.entries)
    .sort(([, a], [, b]) => b.savedAt.localeCompare(a.savedAt))
    .slice(0, MAX_ENTRIES - 1);
  const next: CacheFile = { format: FORMAT, entries: { ...Object.fromEntries(kept), [key]: { features: outcome.features, savedAt: new Date().toISOString() } } };
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, `${JSON.stringify(next)}\n`);
  } catch (err) {
    logger.debug('cannot keep QEMU probe results; the next start probes again', { file, error: (err as Error).message });
  }
  return outcome;
}

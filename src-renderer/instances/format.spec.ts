import { describe, expect, it } from 'vitest';
import { factsText, formatBytes, formatDuration, formatRate, formatSsh } from './format';

describe('instance list formatting', () => {
  it('prints sizes the way limactl list does', () => {
    expect(formatBytes(4 * 1024 ** 3)).toBe('4GiB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5GiB');
    expect(formatBytes(512 * 1024 ** 2)).toBe('512MiB');
    expect(formatBytes(0)).toBe('0B');
    expect(formatBytes(4096)).toBe('4KiB');
    expect(formatBytes(1536)).toBe('1.5KiB');
    expect(formatBytes(100)).toBe('100B');
  });

  it('shows the SSH address only once a port is known', () => {
    expect(formatSsh(60022)).toBe('127.0.0.1:60022');
    expect(formatSsh(0)).toBe('—');
  });

  it('prints download rates and remaining times compactly', () => {
    expect(formatRate(12.34 * 1024 ** 2)).toBe('12.3MiB/s');
    expect(formatRate(300 * 1024)).toBe('300KiB/s');
    expect(formatDuration(42.4)).toBe('42s');
    expect(formatDuration(185)).toBe('3m05s');
    expect(formatDuration(3720)).toBe('1h02m');
  });

  it('says resources are unknown rather than zero', () => {
    expect(factsText({ arch: 'x86_64', cpus: 2, memory: 4 * 1024 ** 3, disk: 100 * 1024 ** 3 })).toBe('x86_64 · 2 CPUs · 4GiB · 100GiB');
    expect(factsText({ arch: 'x86_64', cpus: 1, memory: 1024 ** 3, disk: 1024 ** 3 }, true)).toBe('x86_64 · 1 CPU · 1GiB memory · 1GiB disk');
    expect(factsText({ arch: '', cpus: 0, memory: 0, disk: 0 })).toBe('resources unknown');
  });
});

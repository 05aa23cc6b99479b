import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../common/logger';
import { linuxKvm, macArm } from './argv-fixtures.test-support';
import type { RunResult, Runner } from './runner';
import { checkQemuSigning, signQemu } from './signing';

const QEMU = '/opt/homebrew/bin/qemu-system-aarch64';

function runner(answer: (args: readonly string[]) => RunResult | Promise<RunResult>): { run: Runner; calls: string[][] } {
  const calls: string[][] = [];
  return { calls, run: async (_file, args) => { calls.push([...args]); return answer(args); } };
}

const ok = (stdout = ''): RunResult => ({ code: 0, stdout, stderr: '' });

describe('QEMU entitlement check', () => {
  it('a signed binary with the entitlement needs nothing', async () => {
    const { run, calls } = runner((args) => ok(args[0] === '--display' ? '<key>com.apple.security.hypervisor</key><true/>' : ''));
    expect(await checkQemuSigning(run, macArm, 'aarch64', QEMU)).toEqual({ shouldOfferSigning: false, warnings: [] });
    expect(calls).toEqual([['--verify', QEMU], ['--display', '--entitlements', '-', '--xml', QEMU]]);
  });

  it('an unsigned binary gets the offer (the caller asks), a colima wrapper a hint', async () => {
    const { run } = runner(() => ({ code: 1, stdout: '', stderr: 'code object is not signed at all' }));
    const advice = await checkQemuSigning(run, macArm, 'aarch64', '/Users/u/.colima/_wrapper/abc/qemu-system-aarch64');
    expect(advice.shouldOfferSigning).toBe(true);
    expect(advice.warnings[1]).toContain('colima');
  });

  it('is skipped off macOS, before macOS 12, and under TCG', async () => {
    const { run, calls } = runner(() => ok());
    await checkQemuSigning(run, linuxKvm, 'x86_64', QEMU);
    await checkQemuSigning(run, { ...macArm, macosVersion: '11.7' }, 'aarch64', QEMU);
    await checkQemuSigning(run, macArm, 'x86_64', QEMU);
    expect(calls).toEqual([]);
  });

  it('signQemu signs ad hoc with a temporary entitlements plist, then removes it', async () => {
    let plist = '';
    const { run, calls } = runner(async (args) => {
      plist = await readFile(args[3] as string, 'utf8');
      return ok();
    });
    expect(await signQemu(run, QEMU, silentLogger)).toBe(true);
    const args = calls[0] ?? [];
    expect([args[0], args[1], args[2], args[4], args[5]]).toEqual(['--sign', '-', '--entitlements', '--force', QEMU]);
    expect(args[3]).toMatch(/lima-qemu-entitlements-/);
    expect(plist).toMatch(/<key>com\.apple\.security\.hypervisor<\/key>\s*<true\/>/);
    await expect(readFile(args[3] as string)).rejects.toThrow();
  });
});

import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { shellWord, type GuestConnection } from '../../ssh/guest-connection';
import { runWithInput } from './guest-script';

export interface CopyRule {
  guest: string;
  host: string;
  skipIfMissing: boolean;
}

export type CopyOutcome = { copied: true; bytes: number } | { copied: false; skipped: true };

/**
 * Lima's copyToHost: the guest file read with `cat` over SSH (again with `sudo cat` when the
 * user may not read it), written on the host with mode 0600. The host file is replaced by
 * rename, so a symlink planted at its place (it may sit in a writable mount) is replaced, not
 * followed. A missing guest file is skipped when the rule says so; anything else throws.
 */
export async function copyToHost(connection: GuestConnection, rule: CopyRule): Promise<CopyOutcome> {
  const command = (argv: string[]): string => argv.map(shellWord).join(' ');
  let result = await runWithInput(connection, command(['env', 'LANG=C', 'LC_ALL=C', 'cat', rule.guest]), '');
  if (result.code !== 0 && result.stderr.includes('Permission denied')) {
    result = await runWithInput(connection, command(['sudo', '-n', 'env', 'LANG=C', 'LC_ALL=C', 'cat', rule.guest]), '');
  }
  if (result.code !== 0) {
    if (rule.skipIfMissing && result.stderr.includes('No such file or directory')) return { copied: false, skipped: true };
    throw new Error(`failed to copy ${rule.guest} from the guest to ${rule.host}: ${result.stderr.trim() || `cat exited with ${String(result.code)}`}`);
  }
  const dir = path.dirname(rule.host);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = path.join(dir, `.${path.basename(rule.host)}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await writeFile(temp, result.stdoutBytes, { mode: 0o600, flag: 'wx' });
      await rename(temp, rule.host);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  } catch (err) {
    throw new Error(`can't write to local file ${rule.host}: ${(err as Error).message}`, { cause: err });
  }
  return { copied: true, bytes: result.stdoutBytes.length };
}


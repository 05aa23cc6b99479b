import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../common/logger';

/**
 * The keys the guest user accepts: Lima's own key first, then, with `ssh.loadDotSSHPubKeys`,
 * every `~/.ssh/*.pub` of the host user, each file's content as one entry (as Lima does).
 */
export async function authorizedKeys(userPublicKey: string, loadDotSSH: boolean, homeDir: string, logger: Logger): Promise<string[]> {
  const keys = [userPublicKey];
  if (!loadDotSSH) return keys;
  const sshDir = path.join(homeDir, '.ssh');
  let names: string[];
  try {
    names = (await readdir(sshDir)).filter((n) => n.endsWith('.pub')).sort();
  } catch {
    return keys;
  }
  for (const name of names) {
    try {
      const text = (await readFile(path.join(sshDir, name), 'utf8')).trim();
      if (text && !keys.includes(text)) keys.push(text);
    } catch (err) {
      logger.warn('skipping an unreadable public key', { file: path.join(sshDir, name), error: (err as Error).message });
    }
  }
  return keys;
}

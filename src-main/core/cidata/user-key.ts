import { execFile } from 'node:child_process';
import { link, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigDir, UserPrivateKey, UserPublicKey } from '../store/filenames';

const run = promisify(execFile);

export interface UserKey {
  privateKeyPath: string;
  publicKeyPath: string;
  /** The one-line public key, e.g. `ssh-ed25519 AAAA… lima`. */
  publicKey: string;
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * Lima's SSH identity, `$LIMA_HOME/_config/user` and `user.pub`, shared by every instance and by
 * `limactl`. Made on first use exactly as Lima makes it (ed25519, no passphrase, comment "lima").
 * Several processes may start instances at once: each generates into its own temp directory and
 * the first to hard-link its private key into place wins, so the pair is never mixed.
 */
export async function ensureUserKey(limaHome: string, sshKeygen = 'ssh-keygen'): Promise<UserKey> {
  const configDir = path.join(limaHome, ConfigDir);
  const privateKeyPath = path.join(configDir, UserPrivateKey);
  const publicKeyPath = path.join(configDir, UserPublicKey);
  const existing = await readPublicKey(publicKeyPath, privateKeyPath);
  if (existing) return { privateKeyPath, publicKeyPath, publicKey: existing };

  await mkdir(configDir, { recursive: true, mode: 0o755 });
  const scratch = await mkdtemp(path.join(configDir, '.user-keygen-'));
  try {
    const tmpKey = path.join(scratch, UserPrivateKey);
    try {
      await run(sshKeygen, ['-t', 'ed25519', '-q', '-N', '', '-C', 'lima', '-f', tmpKey]);
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { stderr?: string };
      const detail = e.code === 'ENOENT' ? `${sshKeygen} is not installed` : (e.stderr?.trim() || e.message);
      throw new Error(`could not generate the SSH key ${privateKeyPath}: ${detail}`, { cause: err });
    }
    try {
      await link(tmpKey, privateKeyPath);
      await rename(`${tmpKey}.pub`, publicKeyPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // Another process won the race; its public key follows its private key in a moment.
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const publicKey = await readPublicKey(publicKeyPath, privateKeyPath, 50);
  if (!publicKey) throw new Error(`${privateKeyPath} exists but ${publicKeyPath} is missing or empty; remove both to generate a new pair`);
  return { privateKeyPath, publicKeyPath, publicKey };
}

/**
 * The public key when the private key exists too. With `retries`, waits briefly for a public
 * key that a concurrent generator has not renamed into place yet.
 */
async function readPublicKey(publicKeyPath: string, privateKeyPath: string, retries = 0): Promise<string | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      await readFile(privateKeyPath);
      const text = (await readFile(publicKeyPath, 'utf8')).trim();
      if (text) return text;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (attempt >= retries) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

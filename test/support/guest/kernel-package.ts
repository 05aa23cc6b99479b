import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Asks apt which kernel package the linux-image-amd64 metapackage currently points at. */
export async function currentKernelPackage(): Promise<{ packageName: string; version: string }> {
  let stdout: string;
  try {
    ({ stdout } = await run('apt-cache', ['depends', 'linux-image-amd64']));
  } catch (error) {
    throw new Error(`the test guest needs apt-cache (Debian) to find a kernel: ${(error as Error).message}`, { cause: error });
  }
  const match = /Depends:\s+(linux-image-(\S+-amd64))\s*$/m.exec(stdout);
  if (match === null) {
    throw new Error(`"apt-cache depends linux-image-amd64" named no linux-image-*-amd64 package; it printed:\n${stdout}`);
  }
  return { packageName: match[1]!, version: match[2]! };
}

/** Downloads a .deb into `dir` (refreshing the package lists once if the first try fails) and returns its path. */
export async function downloadPackage(packageName: string, dir: string): Promise<string> {
  try {
    await run('apt-get', ['download', packageName], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
  } catch {
    await run('apt-get', ['update'], { maxBuffer: 16 * 1024 * 1024 });
    await run('apt-get', ['download', packageName], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
  }
  const deb = readdirSync(dir).find((name) => name.startsWith(`${packageName}_`) && name.endsWith('.deb'));
  if (deb === undefined) throw new Error(`apt-get download ${packageName} left no .deb in ${dir}`);
  return join(dir, deb);
}

export async function extractPackage(deb: string, destination: string): Promise<void> {
  await run('dpkg-deb', ['-x', deb, destination]);
}

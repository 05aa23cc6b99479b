import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { KernelCmdline } from '../../store/filenames';
import type { ArgvFiles } from './argv';

export function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The real file system as argv building sees it, with `<I>/kernel.cmdline` read once. */
export function scanInstanceFiles(instanceDir: string): ArgvFiles {
  const cmdlineFile = path.join(instanceDir, KernelCmdline);
  const files: ArgvFiles = { exists: (file) => existsSync(file) };
  if (existsSync(cmdlineFile)) files.kernelCmdline = readFileSync(cmdlineFile, 'utf8').trim();
  return files;
}

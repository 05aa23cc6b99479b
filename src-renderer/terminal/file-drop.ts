import type { LimadeskApi } from '../../src-main/common/api';
import { formatBytes } from '../instances/format';

declare global {
  interface Window {
    /** Set by the preload inside the Electron app: the host path of a dropped file. Absent in a browser. */
    limadeskFiles?: { pathForFile(file: File): string };
  }
}

export type PathForFile = (file: File) => string;

/** The desktop app's way to a dropped file's path; undefined in a browser, which never tells it. */
export function pathForFileInThisWindow(win: Window = window): PathForFile | undefined {
  const files = win.limadeskFiles;
  return files && typeof files.pathForFile === 'function' ? (file) => files.pathForFile(file) : undefined;
}

/**
 * Files dropped on the terminal go to the guest user's home, as `limadesk copy -r FILE NAME:`
 * would copy them (folders included). Returns what to tell the user, success or not.
 */
export async function copyDroppedFiles(api: LimadeskApi, name: string, files: readonly File[], pathFor: PathForFile | undefined, onStart: (text: string) => void): Promise<string> {
  if (files.length === 0) return '';
  if (!pathFor) {
    return `A browser does not tell where a dropped file is. Use the desktop app, or run: limadesk copy -r FILE ${name}:`;
  }
  const hostPaths = files.map((file) => pathFor(file)).filter((p) => p !== '');
  if (hostPaths.length === 0) return 'What was dropped is not a file on this computer; drop files or folders from the file manager.';
  const what = files.length === 1 ? files[0]!.name : `${files.length} items`;
  onStart(`Copying ${what} to ${name}:~ …`);
  const result = await api.copyToInstance({ name, hostPaths, guestPath: '.', recursive: true });
  if (!result.ok) return `Could not copy ${what} to ${name}: ${result.message}`;
  const { files: count, bytes } = result.value;
  return `Copied ${count} ${count === 1 ? 'file' : 'files'} (${formatBytes(bytes)}) to ${name}:~`;
}

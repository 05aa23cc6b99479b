import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A pid file outlives its process when that process is killed; the pid is then free for the
 * OS to hand to any unrelated program. Signal 0 alone would call that program our VM, and a
 * forced stop would kill it. Every process that writes an instance's pid file names the file
 * on its own command line (QEMU's `-pidfile <dir>/qemu.pid`, the host agent's
 * `--pidfile <dir>/ha.pid`, in Lima too), so the command line tells ours from a stranger.
 * Drivers that run inside the host agent (Lima's vz) write the agent's pid into their own
 * file, hence `ha.pid` is accepted for any pid file of the instance.
 */
export function ownerMarkers(file: string): string[] {
  const dir = path.dirname(file);
  const instance = path.basename(dir);
  return [...new Set([path.basename(file), 'ha.pid'])].map((name) => `${instance}${path.sep}${name}`);
}

/** True when `argv` names the pid file (by its instance/file suffix, so symlinked homes still match). */
export function commandLineOwns(argv: readonly string[], file: string): boolean {
  // `ps` gives one space-joined string, /proc one element per argument: accept both shapes.
  return joinedCommandLineOwns(`\0${argv.join('\0')}\0`, file);
}

/** commandLineOwns over the arguments joined by NUL, with a NUL before the first and after the last. */
function joinedCommandLineOwns(joined: string, file: string): boolean {
  // Searched per marker rather than compared argument by argument: a listing checks every
  // running instance's pid files, and QEMU's command line is long.
  return ownerMarkers(file).some(
    (m) => joined.includes(`\0${m}\0`) || joined.includes(`${path.sep}${m}\0`) || joined.includes(`${path.sep}${m} `),
  );
}

/**
 * Whether live process `pid` names `file` on its command line; undefined when the OS will not
 * tell. On Linux /proc's NUL-separated text is searched as read, without splitting it.
 */
export async function processOwnsPidFile(pid: number, file: string, platform: NodeJS.Platform = process.platform): Promise<boolean | undefined> {
  if (platform !== 'linux') {
    const argv = await commandLineOf(pid, platform);
    return argv === undefined ? undefined : commandLineOwns(argv, file);
  }
  const raw = procCommandLine(pid);
  if (raw === undefined) return undefined;
  // Zombies and kernel threads have an empty command line: not a process of ours either.
  return raw !== '' && joinedCommandLineOwns(`\0${raw}${raw.endsWith('\0') ? '' : '\0'}`, file);
}

/** /proc/PID/cmdline as read ('' when the process is gone), undefined when it cannot be read. */
function procCommandLine(pid: number): string | undefined {
  try {
    // Synchronous: /proc answers from memory, and a listing asks for every running instance.
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Gone between the probe and now: no command line, so it owns nothing.
    return code === 'ENOENT' || code === 'ESRCH' ? '' : undefined;
  }
}

/** The command line of `pid`, or undefined when the OS will not tell (then signal 0 decides, as in Lima). */
export async function commandLineOf(pid: number, platform: NodeJS.Platform = process.platform): Promise<string[] | undefined> {
  if (platform === 'linux') {
    const raw = procCommandLine(pid);
    return raw?.split('\0').filter((part) => part !== '');
  }
  if (platform === 'win32') return undefined;
  return new Promise((resolve) => {
    // `ps` joins the arguments with spaces; one string is enough for a suffix search.
    execFile('ps', ['-ww', '-o', 'command=', '-p', String(pid)], { timeout: 3000 }, (err, stdout) => {
      if (err) resolve((err as { code?: unknown }).code === 1 ? [] : undefined);
      else resolve([stdout.trim()]);
    });
  });
}

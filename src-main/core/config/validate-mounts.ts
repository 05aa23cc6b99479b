/** Mounts, the SSH port and the mount type. */
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseByteSize } from './units';
import { MOUNT_TYPES, type FilledLimaYAML } from './types';
import { q, type IssueSink, type ValidateContext } from './validate-context';
import { expansionProblem } from './validate-files';
import { portProblem } from './validate-ports';

/** Guest paths a mount would hide the system under. */
const SYSTEM_PATHS = new Set(['/', '/bin', '/dev', '/etc', '/home', '/opt', '/sbin', '/tmp', '/usr', '/var']);

export function validateMounts(y: FilledLimaYAML, ctx: ValidateContext, sink: IssueSink): void {
  const isAbsolute = ctx.hostOS === 'win32' ? path.win32.isAbsolute : path.posix.isAbsolute;
  const home = ctx.homeDir ?? os.homedir();
  y.mounts.forEach((mount, i) => {
    const field = `mounts[${i}]`;
    const location = mount.location ?? '';
    if (!isAbsolute(location) && !location.startsWith('~')) {
      sink.error(['mounts', i, 'location'], `field \`${field}.location\` must be an absolute path, got ${q(location)}`);
    }
    const problem = expansionProblem(location);
    if (problem) {
      sink.error(['mounts', i, 'location'], `field \`${field}.location\` refers to an unexpandable path: ${q(location)}: ${problem}`);
    } else if (isAbsolute(location) || location.startsWith('~')) {
      // A relative location is already an error; looking it up would depend on the cwd.
      checkLocationOnDisk(expandTilde(location, home), i, ctx, sink);
    }

    const mountPoint = mount.mountPoint ?? location;
    if (SYSTEM_PATHS.has(mountPoint)) {
      sink.error(['mounts', i, 'mountPoint'], `field \`${field}.mountPoint\` must not be a system path such as /etc or /usr`);
    } else if (y.user?.home !== undefined && mountPoint === y.user.home) {
      sink.error(['mounts', i, 'mountPoint'], `field \`${field}.mountPoint\` is the reserved internal home directory ${q(y.user.home)}`);
    }
    // Guest paths get no tilde expansion.
    if (mountPoint.startsWith('~')) sink.error(['mounts', i, 'mountPoint'], `field \`${field}.mountPoint\` must not start with "~"`);

    const msize = mount['9p']?.msize;
    if (msize !== undefined) {
      try {
        parseByteSize(msize);
      } catch (err) {
        sink.error(['mounts', i, '9p', 'msize'], `field \`${field}.9p.msize\` has an invalid value: ${(err as Error).message}`);
      }
    }
  });

  const localPort = y.ssh.localPort;
  if (localPort !== 0) {
    const problem = portProblem('ssh.localPort', localPort);
    if (problem) sink.error(['ssh', 'localPort'], problem);
  }

  if (!(MOUNT_TYPES as readonly string[]).includes(y.mountType)) {
    sink.error(['mountType'], `field \`mountType\` must be ${MOUNT_TYPES.map(q).join(' or ')}, got ${q(y.mountType)}`);
  }
  if (y.mountTypesUnsupported.includes(y.mountType)) {
    sink.error(['mountType'], `field \`mountType\` must not be one of [${y.mountTypesUnsupported.join(' ')}] (\`mountTypesUnsupported\`), got ${q(y.mountType)}`);
  }
  if (ctx.warn && ctx.hostOS !== 'linux') {
    y.mounts.forEach((mount, i) => {
      if (mount.virtiofs?.queueSize !== undefined && y.mountType === 'virtiofs') {
        sink.warning(['mounts', i, 'virtiofs', 'queueSize'], `field \`mounts[${i}].virtiofs.queueSize\` is only supported on Linux`);
      }
    });
  }
}

function expandTilde(location: string, home: string): string {
  if (location === '~') return home;
  return location.startsWith('~/') ? path.join(home, location.slice(2)) : location;
}

/** A mount location may be missing (it is created on demand) but must not be a file. */
function checkLocationOnDisk(location: string, i: number, ctx: ValidateContext, sink: IssueSink): void {
  const field = `mounts[${i}].location`;
  let isDir: boolean;
  try {
    isDir = statSync(location).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      if (ctx.warn) sink.warning(['mounts', i, 'location'], `field \`${field}\` refers to a non-existent directory: ${q(location)}`);
    } else {
      sink.error(['mounts', i, 'location'], `field \`${field}\` refers to an inaccessible path: ${q(location)}: ${(err as Error).message}`);
    }
    return;
  }
  if (!isDir) sink.error(['mounts', i, 'location'], `field \`${field}\` refers to a non-directory path: ${q(location)}`);
}

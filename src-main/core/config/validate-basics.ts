/** The first group of Lima's checks: base, versions, OS, arch, user, images, sizes, disks. */
import { parseByteSize } from './units';
import { ARCHES, OS_TYPES, type FilledLimaYAML } from './types';
import { q, type IssueSink, type ValidateContext } from './validate-context';
import { identifierProblem, validateFileObject } from './validate-files';
import { semverProblem, versionAtLeastLima } from './version';

const WINDOWS_SHELLS = ['cmd.exe', 'powershell.exe', 'pwsh.exe'];

/** A Windows shell by its file name, in any case, with or without a directory (either slash). */
export function isWindowsShell(shell: string): boolean {
  const name = shell.slice(Math.max(shell.lastIndexOf('/'), shell.lastIndexOf('\\')) + 1).toLowerCase();
  return WINDOWS_SHELLS.includes(name);
}

export function validateBasics(y: FilledLimaYAML, ctx: ValidateContext, sink: IssueSink): void {
  const hasBase = typeof y.base === 'string' ? y.base !== '' : (y.base?.length ?? 0) > 0;
  if (hasBase) sink.error(['base'], 'field `base` must be empty for YAML validation');

  if (y.minimumLimaVersion !== undefined) {
    const problem = semverProblem(y.minimumLimaVersion);
    if (problem) {
      sink.error(['minimumLimaVersion'], `field \`minimumLimaVersion\` must be a semvar value, got ${q(y.minimumLimaVersion)}: ${problem}`);
    } else if (!versionAtLeastLima(ctx.limaVersion, y.minimumLimaVersion)) {
      sink.error(['minimumLimaVersion'], `template requires Lima version ${q(y.minimumLimaVersion)}; this is only ${q(ctx.limaVersion)}`);
    }
  }

  if (!(OS_TYPES as readonly string[]).includes(y.os)) {
    sink.error(['os'], `field \`os\` must be one of [${OS_TYPES.join(' ')}]; got ${q(y.os)}`);
  }
  if (y.os === 'Windows') {
    if (y.vmType !== 'qemu') sink.error(['vmType'], `currently Windows guest is only supported on \`qemu\`; got ${q(y.vmType)}`);
    if (y.arch !== 'x86_64' && y.arch !== 'aarch64') {
      sink.error(['arch'], `currently Windows guest is only supported on [\`x86_64\`, \`aarch64\`]; got ${q(y.arch)}`);
    }
  }
  if (!(ARCHES as readonly string[]).includes(y.arch)) {
    sink.error(['arch'], `field \`arch\` must be one of [${ARCHES.join(' ')}]; got ${q(y.arch)}`);
  }

  const shell = y.user?.shell;
  if (shell !== undefined) {
    if (y.os === 'Windows') {
      if (!isWindowsShell(shell)) sink.error(['user', 'shell'], `field \`user.shell\` must be one of [${WINDOWS_SHELLS.join(' ')}] for Windows guests, got ${q(shell)}`);
    } else if (!shell.startsWith('/')) {
      sink.error(['user', 'shell'], `field \`user.shell\` must be an absolute path, got ${q(shell)}`);
    }
  }

  validateImages(y, sink);

  const cpuTypes = y.vmOpts?.qemu?.cpuType ?? {};
  for (const arch of Object.keys(cpuTypes)) {
    if (!(ARCHES as readonly string[]).includes(arch)) {
      sink.error(['vmOpts', 'qemu', 'cpuType', arch], `field \`vmOpts.qemu.cpuType\` uses unsupported arch ${q(arch)}`);
    }
  }

  if (!y.cpus) sink.error(['cpus'], 'field `cpus` must be set');
  else if (y.cpus < 0) sink.error(['cpus'], `field \`cpus\` must be a positive number, got ${y.cpus}`);
  for (const field of ['memory', 'disk'] as const) {
    try {
      parseByteSize(y[field]);
    } catch (err) {
      sink.error([field], `field \`${field}\` has an invalid value: ${(err as Error).message}`);
    }
  }

  y.additionalDisks.forEach((disk, i) => {
    const name = typeof disk === 'string' ? disk : disk.name;
    const problem = identifierProblem(name ?? '');
    if (problem) sink.error(['additionalDisks', i, 'name'], `field \`additionalDisks[${i}].name is invalid\`: ${problem}`);
  });
}

function validateImages(y: FilledLimaYAML, sink: IssueSink): void {
  if (y.images.length === 0) sink.error(['images'], 'field `images` must be set');
  y.images.forEach((image, i) => {
    validateFileObject(image, ['images', i], sink);
    if (image.kernel) {
      validateFileObject(image.kernel, ['images', i, 'kernel'], sink);
      if (image.kernel.arch !== image.arch) {
        sink.error(['images', i, 'kernel', 'arch'], `images[${i}].kernel has unexpected architecture ${q(image.kernel.arch)}, must be ${q(image.arch)}`);
      }
    }
    if (image.initrd) {
      validateFileObject(image.initrd, ['images', i, 'initrd'], sink);
      if (!image.kernel) sink.error(['images', i, 'initrd'], `field \`images[${i}].initrd\` requires a kernel`);
      if (image.initrd.arch !== image.arch) {
        sink.error(['images', i, 'initrd', 'arch'], `images[${i}].initrd has unexpected architecture ${q(image.initrd.arch)}, must be ${q(image.arch)}`);
      }
    }
  });
}

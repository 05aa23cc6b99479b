/** Provisioning steps, containerd archives and readiness probes. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROVISION_MODES, type FilledLimaYAML, type Provision } from './types';
import { q, type IssueSink } from './validate-context';
import { validateFileObject } from './validate-files';

/** Fields of `data` (and some of `yq`) steps, with the modes Lima allows them in. */
const MODE_ONLY: ReadonlyArray<[keyof Provision, string]> = [
  ['content', '`data`'],
  ['overwrite', '`data`'],
  ['owner', '`data`'],
  ['path', '`data`, or `yq`'],
  ['permissions', '`data`, or `yq`'],
  ['format', '`yq`'],
];
const NOT_ON_WINDOWS = new Set(['ansible', 'boot', 'yq']);

/** The locator of a `file` reference; after embedding there should be none. */
function fileUrl(file: Provision['file']): string | undefined {
  return typeof file === 'string' ? file : file?.url;
}

/**
 * Returns false when Lima stops validating here: a `data`/`yq` step without `path` ends
 * validation at once, and Lima's own tests check that later errors are then absent.
 */
export function validateProvision(y: FilledLimaYAML, sink: IssueSink): boolean {
  for (const [i, p] of y.provision.entries()) {
    const field = `provision[${i}]`;
    const mode = p.mode ?? 'system';
    if (p.file !== undefined) {
      if (fileUrl(p.file)) {
        sink.error(['provision', i, 'file'], `field \`${field}.file.url\` must be empty during validation (script should already be embedded)`);
      }
      if (typeof p.file === 'object' && p.file.digest !== undefined) {
        sink.error(['provision', i, 'file', 'digest'], `field \`${field}.file.digest\` support is not yet implemented`);
      }
    }
    if (!(PROVISION_MODES as readonly string[]).includes(mode)) {
      sink.error(['provision', i, 'mode'], `field \`${field}.mode\` must be one of ${PROVISION_MODES.map(q).join(', ')}`);
    }
    if (mode !== 'dependency' && p.skipDefaultDependencyResolution !== undefined) {
      sink.error(['provision', i, 'skipDefaultDependencyResolution'],
        `field \`${field}.mode\` cannot set skipDefaultDependencyResolution, only valid on scripts of type \`dependency\``);
    }
    if (y.os === 'Windows' && NOT_ON_WINDOWS.has(mode)) {
      sink.error(['provision', i, 'mode'], `provision mode ${q(mode)} is not supported on Windows VM`);
    }
    if (mode === 'data' || mode === 'yq') {
      if (p.path === undefined) {
        sink.error(['provision', i, 'path'], `field \`${field}.path\` must not be empty when mode is ${q(mode)}`);
        return false;
      }
      if (!path.posix.isAbsolute(p.path)) sink.error(['provision', i, 'path'], `field \`${field}.path\` must be an absolute path, got ${q(p.path)}`);
      if (mode === 'data' && p.content === undefined) sink.error(['provision', i, 'content'], `field \`${field}.content\` must not be empty when mode is \`data\``);
      if (mode === 'yq' && p.expression === undefined) sink.error(['provision', i, 'expression'], `field \`${field}.expression\` must not be empty when mode is \`yq\``);
      if (p.permissions !== undefined && !/^[+-]?[0-7]+$/.test(p.permissions)) {
        sink.error(['provision', i, 'permissions'], `field \`${field}.permissions\` must be an octal number, got ${q(p.permissions)}`);
      }
    } else {
      if (!p.script && mode !== 'ansible') {
        sink.error(['provision', i, 'script'], `field \`${field}.script\` must not be empty`);
      }
      for (const [key, modes] of MODE_ONLY) {
        if (p[key] !== undefined) sink.error(['provision', i, key], `field \`${field}.${key}\` can only be set when mode is ${modes}`);
      }
    }
    if (p.playbook) {
      if (mode !== 'ansible') sink.error(['provision', i, 'playbook'], `field \`${field}.playbook\` can only be set when mode is \`ansible\``);
      if (p.script) sink.error(['provision', i, 'script'], `field \`${field}.script\` must be empty if playbook is set`);
      if (!existsSync(p.playbook)) sink.error(['provision', i, 'playbook'], `field \`${field}.playbook\` refers to an inaccessible path: ${q(p.playbook)}`);
      sink.warning(['provision', i, 'playbook'], `provision mode \`ansible\` is deprecated, use \`ansible-playbook ${p.playbook}\` in a \`user\` script instead`);
    }
    if (p.script?.includes('LIMA_CIDATA')) {
      sink.warning(['provision', i, 'script'], `field \`${field}.script\`: provisioning scripts should not reference the LIMA_CIDATA variables`);
    }
  }
  return true;
}

/**
 * Lima fills built-in nerdctl archives and so rejects an empty list. Limadesk ships none and
 * does not install containerd itself, so only the archives that are listed are checked.
 */
export function validateContainerd(y: FilledLimaYAML, sink: IssueSink): void {
  const c = y.containerd;
  if (!c?.system && !c?.user) return;
  const archives = c.archives ?? [];
  archives.forEach((archive, i) => validateFileObject(archive, ['containerd', 'archives', i], sink));
}

export function validateProbes(y: FilledLimaYAML, sink: IssueSink): void {
  y.probes.forEach((p, i) => {
    const field = `probe[${i}]`;
    if (p.file !== undefined) {
      if (fileUrl(p.file)) sink.error(['probes', i, 'file'], `field \`${field}.file.url\` must be empty during validation (script should already be embedded)`);
      if (typeof p.file === 'object' && p.file.digest !== undefined) sink.error(['probes', i, 'file', 'digest'], `field \`${field}.file.digest\` support is not yet implemented`);
    }
    if (!(p.script ?? '').startsWith('#!')) sink.error(['probes', i, 'script'], `field \`${field}.script\` must start with a '#!' line`);
    if (p.mode !== 'readiness') sink.error(['probes', i, 'mode'], `field \`${field}.mode\` can only be \`readiness\``);
  });
}

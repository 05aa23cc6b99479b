/** Provisioning steps, containerd archives and readiness probes. */
import path from 'node:path';
import { PROVISION_MODES, type FilledLimaYAML, type Provision } from './types';
import { q, type IssueSink } from './validate-context';
import { validateFileObject } from './validate-files';

const DATA_ONLY = ['content', 'overwrite', 'owner', 'path', 'permissions'] as const;

/**
 * Returns false when Lima stops validating here: a `data`/`yq` step without `path` ends
 * validation at once, and Lima's own tests check that later errors are then absent.
 */
export function validateProvision(y: FilledLimaYAML, sink: IssueSink): boolean {
  for (const [i, p] of y.provision.entries()) {
    const field = `provision[${i}]`;
    const mode = p.mode ?? 'system';
    if (p.file !== undefined && p.script) {
      sink.error(['provision', i, 'script'], `field \`${field}.script\` must be empty if \`${field}.file\` is set`);
    }
    if (typeof p.file === 'object') validateFileObjectDigest(p, i, sink);
    if (!(PROVISION_MODES as readonly string[]).includes(mode)) {
      sink.error(['provision', i, 'mode'], `field \`${field}.mode\` must be one of ${PROVISION_MODES.map(q).join(', ')}`);
    }
    if (mode !== 'dependency' && p.skipDefaultDependencyResolution !== undefined) {
      sink.error(['provision', i, 'skipDefaultDependencyResolution'],
        `field \`${field}.mode\` cannot set skipDefaultDependencyResolution, only valid on scripts of type \`dependency\``);
    }
    if (mode === 'data' || mode === 'yq') {
      if (p.path === undefined) {
        sink.error(['provision', i, 'path'], `field \`${field}.path\` must not be empty when mode is ${q(mode)}`);
        return false;
      }
      if (!path.posix.isAbsolute(p.path)) sink.error(['provision', i, 'path'], `field \`${field}.path\` must be an absolute path, got ${q(p.path)}`);
      if (mode === 'yq' && !p.expression) sink.error(['provision', i, 'expression'], `field \`${field}.expression\` must not be empty when mode is \`yq\``);
      if (mode === 'data' && p.script) sink.error(['provision', i, 'script'], `field \`${field}.script\` must be empty when mode is \`data\``);
      if (p.permissions !== undefined && !/^[0-7]+$/.test(p.permissions)) {
        sink.error(['provision', i, 'permissions'], `field \`${field}.permissions\` must be an octal number, got ${q(p.permissions)}`);
      }
    } else {
      if (!p.script && p.file === undefined && mode !== 'ansible') {
        sink.error(['provision', i, 'script'], `field \`${field}.script\` must not be empty`);
      }
      for (const key of DATA_ONLY) {
        if (p[key] !== undefined) sink.error(['provision', i, key], `field \`${field}.${key}\` can only be set when mode is \`data\``);
      }
    }
    if (p.playbook) {
      if (mode !== 'ansible') sink.error(['provision', i, 'mode'], `field \`${field}.mode\` must be \`ansible\` when \`${field}.playbook\` is set`);
      sink.warning(['provision', i, 'playbook'], `provision mode \`ansible\` is deprecated, use \`ansible-playbook ${p.playbook}\` in a \`user\` script instead`);
    }
    if (p.script?.includes('LIMA_CIDATA')) {
      sink.warning(['provision', i, 'script'], `field \`${field}.script\`: provisioning scripts should not reference the LIMA_CIDATA variables`);
    }
  }
  return true;
}

function validateFileObjectDigest(p: Provision, i: number, sink: IssueSink): void {
  if (typeof p.file !== 'object' || !p.file.digest) return;
  // Only the digest can be judged here; the location may be relative to the template.
  validateFileObject({ ...p.file, arch: p.file.arch ?? 'x86_64' }, ['provision', i, 'file'], sink);
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
    if (typeof p.file === 'object') {
      if (p.file.digest) sink.error(['probes', i, 'file', 'digest'], `field \`${field}.file.digest\` is not supported`);
    }
    if (!(p.script ?? '').startsWith('#!')) sink.error(['probes', i, 'script'], `field \`${field}.script\` must start with a '#!' line`);
    if (p.mode !== 'readiness') sink.error(['probes', i, 'mode'], `field \`${field}.mode\` can only be \`readiness\``);
  });
}

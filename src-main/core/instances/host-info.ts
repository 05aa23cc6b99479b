import path from 'node:path';
import { detectHost } from '../config/host';
import { listTemplates } from '../config/templates';
import type { TemplateSearchOptions } from '../config/template-store';
import { validateTemplate } from '../config/template-validate';
import type { FilledLimaYAML } from '../config/types';
import { LIMA_VERSION_COMPAT } from '../config/version';
import { availableVmTypes } from '../driver/registry';
import { ConfigDir, UserPrivateKey } from '../store/filenames';

/** `limactl info`: what this host offers, with Lima's field names (and Limadesk's own version beside). */
export interface HostInfoReport {
  /** The Lima release whose behaviour this build follows. */
  version: string;
  limadeskVersion: string;
  templates: Array<{ name: string; location: string }>;
  /** `template:default` with every default filled in; absent when it cannot be read. */
  defaultTemplate?: FilledLimaYAML;
  limaHome: string;
  vmTypes: string[];
  vmTypesEx: Record<string, { location?: string }>;
  guestAgents: Record<string, { location: string }>;
  hostOS: string;
  hostArch: string;
  identityFile: string;
  /** Why `defaultTemplate` is missing. */
  errors?: string[];
}

export async function hostInfoReport(opts: TemplateSearchOptions & { limadeskVersion: string }): Promise<HostInfoReport> {
  const host = detectHost();
  const templates = await listTemplates(opts);
  const errors: string[] = [];
  const defaults = await validateTemplate('template:default', { ...opts, warn: false }).catch((err: Error) => ({ config: undefined, issues: [{ message: err.message }] }));
  if (!defaults.config) errors.push(`template:default: ${defaults.issues.map((i) => i.message).join('; ') || 'cannot be read'}`);
  const vmTypes = availableVmTypes();
  return {
    version: LIMA_VERSION_COMPAT,
    limadeskVersion: opts.limadeskVersion,
    templates: templates.map((t) => ({ name: t.name, location: t.file })),
    ...(defaults.config ? { defaultTemplate: defaults.config } : {}),
    limaHome: opts.limaHome,
    vmTypes,
    vmTypesEx: Object.fromEntries(vmTypes.map((t) => [t, {}])),
    // Limadesk's guests run no lima-guestagent: forwarding works over SSH.
    guestAgents: {},
    hostOS: host.os,
    hostArch: host.arch,
    identityFile: path.join(opts.limaHome, ConfigDir, UserPrivateKey),
    ...(errors.length > 0 ? { errors } : {}),
  };
}

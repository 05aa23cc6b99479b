/**
 * `limactl validate` for templates: read the locator, embed its bases and scripts, then load,
 * fill and validate the embedded result as a new instance's lima.yaml. Every problem comes back
 * as an issue naming the file (the template or the base that holds the value) and the line.
 */
import path from 'node:path';
import type { HostInfo } from './host';
import { loadLimaYaml } from './load';
import { TemplateEmbedError, TemplateLocatorError } from './template-errors';
import { issueRelocator } from './template-positions';
import { resolveTemplate, type ResolvedTemplate } from './templates';
import type { TemplateSearchOptions } from './template-store';
import type { ConfigIssue, FilledLimaYAML } from './types';
import { identifierProblem } from './validate-files';

export interface ValidateTemplateOptions extends TemplateSearchOptions {
  host?: HostInfo;
  /** Include Lima's warnings (experimental features, missing mount directories); default true. */
  warn?: boolean;
  /** Embed `$LIMA_HOME/_config/base.yaml` first, as `limactl create` does; default false, as `limactl validate`. */
  defaultBase?: boolean;
  limaVersion?: string;
  /** Validate this text (an editor buffer) as if it were the file at `locator`. */
  text?: string;
}

export interface TemplateValidation {
  /** The instance name the template suggests, when it could be read. */
  name?: string;
  /** Where the template was read from (its locator when it could not be read). */
  source: string;
  /** The embedded lima.yaml, when the template and its bases could be read. */
  text?: string;
  issues: ConfigIssue[];
  /** The filled config, only when there is no error. */
  config?: FilledLimaYAML;
}

export async function validateTemplate(locator: string, opts: ValidateTemplateOptions): Promise<TemplateValidation> {
  let template: ResolvedTemplate;
  try {
    template = await resolveTemplate(locator, { ...opts, defaultBase: opts.defaultBase ?? false, ...(opts.host ? { hostArch: opts.host.arch } : {}) });
  } catch (err) {
    if (!(err instanceof TemplateLocatorError || err instanceof TemplateEmbedError)) throw err;
    return { source: locator, issues: [{ severity: 'error', field: err instanceof TemplateEmbedError ? 'base' : '', message: err.message, file: locator }] };
  }
  const issues: ConfigIssue[] = template.warnings.map((message) => ({ severity: 'warning', field: '', message, file: template.source }));
  const nameProblem = identifierProblem(template.name);
  if (nameProblem) {
    issues.push({ severity: 'error', field: '', message: `can't determine instance name from template locator "${locator}": ${nameProblem}`, file: template.source });
    return { source: template.source, text: template.text, issues };
  }
  const result = await loadLimaYaml({
    file: template.source,
    text: template.text,
    limaHome: opts.limaHome,
    instanceDir: path.join(opts.limaHome, template.name),
    newInstance: true,
    ...(opts.host ? { host: opts.host } : {}),
    ...(opts.limaVersion ? { limaVersion: opts.limaVersion } : {}),
    warn: opts.warn ?? true,
  });
  // A template with nothing embedded is validated as written: its issues already point at the
  // value itself (the relocator only knows where keys are).
  const embeddedNothing = template.layers.length <= 1 && template.layers[0]?.text === template.text;
  const relocate = result.parsed && !embeddedNothing ? issueRelocator(result.parsed, template.layers) : (i: ConfigIssue) => i;
  for (const issue of result.issues) issues.push(issue.file === template.source ? relocate(issue) : issue);
  const validation: TemplateValidation = { name: template.name, source: template.source, text: template.text, issues };
  if (result.config) validation.config = result.config;
  return validation;
}

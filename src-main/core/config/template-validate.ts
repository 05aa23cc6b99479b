/**
 * `limactl validate` for templates: read the locator, embed its bases and scripts, then load,
 * fill and validate the embedded result as a new instance's lima.yaml. Every problem comes back
 * as an issue naming the file (the template or the base that holds the value) and the line.
 */
import path from 'node:path';
import type { HostInfo } from './host';
import { workerFailureIssue, workerFor } from './config-guard';
import { runInConfigWorker, type ConfigWorkerOptions } from './config-worker-pool';
import { inLineOrder } from './issue-order';
import { loadLimaYamlHere } from './load';
import { TemplateEmbedError, TemplateLocatorError, TemplateSyntaxError } from './template-errors';
import { issueRelocator } from './template-positions';
import { resolveTemplate, type ResolvedTemplate } from './templates';
import { bundledTemplatesDir, type TemplateEnv, type TemplateSearchOptions } from './template-store';
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
  /** Where big documents are checked (config-worker-pool.ts); the bundled worker by default. */
  worker?: ConfigWorkerOptions;
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

/**
 * Validates in the config worker unless the text is given, small and embeds nothing: a
 * `base:` or `file:` reference, or a locator still to be read, can bring in any amount of YAML.
 */
export async function validateTemplate(locator: string, opts: ValidateTemplateOptions): Promise<TemplateValidation> {
  const embedsNothing = opts.text !== undefined && !/\b(base|file)\s*:/.test(opts.text);
  const bytes = opts.text === undefined ? Number.POSITIVE_INFINITY : Buffer.byteLength(opts.text);
  const worker = workerFor(embedsNothing ? bytes : Number.POSITIVE_INFINITY, opts.worker);
  if (!worker) return validateTemplateHere(locator, opts);
  const { worker: _worker, ...plain } = opts;
  try {
    // The worker has no bundle directory of its own to find the bundled templates from.
    return await runInConfigWorker({ kind: 'validateTemplate', locator, opts: { ...plain, env: withAssetsDir(plain.env) } }, worker);
  } catch (err) {
    return { source: locator, issues: [workerFailureIssue(err, locator, opts.text === undefined ? undefined : bytes)] };
  }
}

function withAssetsDir(env: TemplateEnv): TemplateEnv {
  if (env.LIMADESK_ASSETS_DIR) return env;
  try {
    return { ...env, LIMADESK_ASSETS_DIR: path.dirname(bundledTemplatesDir(env)) };
  } catch {
    return env; // no bundled templates to find, here or there
  }
}

/** Validates in this thread, whatever the size. */
export async function validateTemplateHere(locator: string, opts: ValidateTemplateOptions): Promise<TemplateValidation> {
  let template: ResolvedTemplate;
  try {
    template = await resolveTemplate(locator, { ...opts, defaultBase: opts.defaultBase ?? false, ...(opts.host ? { hostArch: opts.host.arch } : {}) });
  } catch (err) {
    if (err instanceof TemplateSyntaxError) {
      return { source: locator, issues: err.problems.map((p) => ({ severity: 'error', field: '', message: p.message, file: err.source, line: p.line, col: p.col })) };
    }
    if (!(err instanceof TemplateLocatorError || err instanceof TemplateEmbedError)) throw err;
    return { source: locator, issues: [{ severity: 'error', field: err instanceof TemplateEmbedError ? 'base' : '', message: err.message, file: locator }] };
  }
  const issues: ConfigIssue[] = template.warnings.map((message) => ({ severity: 'warning', field: '', message, file: template.source }));
  const nameProblem = identifierProblem(template.name);
  if (nameProblem) {
    issues.push({ severity: 'error', field: '', message: `can't determine instance name from template locator "${locator}": ${nameProblem}`, file: template.source });
    return { source: template.source, text: template.text, issues };
  }
  const result = await loadLimaYamlHere({
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
  const validation: TemplateValidation = { name: template.name, source: template.source, text: template.text, issues: inLineOrder(issues, template.source) };
  if (result.config) validation.config = result.config;
  return validation;
}

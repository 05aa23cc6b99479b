/**
 * What the config worker does: the same loading and validating as in-process, given only
 * plain data (a worker receives copies, so no parsed documents or functions go in or out).
 */
import { loadLimaYamlHere, type LoadOptions } from './load';
import { validateTemplateHere, type TemplateValidation, type ValidateTemplateOptions } from './template-validate';
import type { ConfigIssue, FilledLimaYAML, LimaYAML } from './types';

/** LoadOptions without what cannot be copied: the worker reads `_config/` itself. */
export type WorkerLoadOptions = Omit<LoadOptions, 'layers' | 'worker'> & { text: string };

export type ConfigJob =
  | { kind: 'load'; opts: WorkerLoadOptions }
  | { kind: 'validateTemplate'; locator: string; opts: Omit<ValidateTemplateOptions, 'worker'> };

export interface PlainLoadResult {
  config?: FilledLimaYAML;
  raw: LimaYAML;
  issues: ConfigIssue[];
}

export type ConfigJobReply<J extends ConfigJob> = J extends { kind: 'load' } ? PlainLoadResult : TemplateValidation;

export async function runConfigJob<J extends ConfigJob>(job: J): Promise<ConfigJobReply<J>> {
  if (job.kind === 'load') {
    const { config, raw, issues } = await loadLimaYamlHere(job.opts);
    return (config ? { config, raw, issues } : { raw, issues }) as ConfigJobReply<J>;
  }
  return (await validateTemplateHere(job.locator, job.opts)) as ConfigJobReply<J>;
}

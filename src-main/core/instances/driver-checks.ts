import { readFile } from 'node:fs/promises';
import { parseLimaYaml } from '../config/parse';
import { validateTemplate, type TemplateValidation, type ValidateTemplateOptions } from '../config/template-validate';
import type { ConfigIssue, FilledLimaYAML } from '../config/types';
import { driverConfigIssues } from '../driver/registry';

/**
 * What `create` and `start` refuse for driver reasons (a vmType with no driver, a QEMU
 * `minimumVersion` that is no semver), placed at the field in `text` (the lima.yaml the
 * config was read from) when it is written there.
 */
export function driverIssuesIn(config: FilledLimaYAML, text: string | undefined, file: string | undefined): ConfigIssue[] {
  const issues = driverConfigIssues(config);
  if (issues.length === 0) return [];
  const parsed = text === undefined ? undefined : parseLimaYaml(text, file ?? '');
  return issues.map((issue) => {
    const path = issue.field.split('.');
    const pos = parsed?.positionOf(path);
    return { ...issue, ...(file ? { file } : {}), ...(pos ? { line: pos.line, col: pos.col } : {}) };
  });
}

/**
 * `limactl validate` with everything `create` and `start` check: the template validated as
 * Lima does, then the driver's checks. These are placed in the file when the validated text
 * is that file as written (no `base:` was embedded); otherwise they name only the field.
 */
export async function validateForStart(locator: string, opts: ValidateTemplateOptions): Promise<TemplateValidation> {
  const result = await validateTemplate(locator, opts);
  if (!result.config) return result;
  const asWritten = opts.text ?? (await readFile(result.source, 'utf8').catch(() => undefined));
  const issues = driverIssuesIn(result.config, asWritten === result.text ? asWritten : undefined, result.source);
  if (issues.length === 0) return result;
  const { config: _valid, ...rest } = result;
  void _valid;
  return { ...rest, issues: [...result.issues, ...issues] };
}

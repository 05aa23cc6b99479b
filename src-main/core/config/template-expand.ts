/**
 * Expanding Go templates in lima.yaml fields, as Lima does before it validates: provision
 * scripts, probes, mount points, sockets, copyToHost paths and the user's home run through
 * Go's text/template (see gotmpl/). A template that fails keeps its text as written, with a
 * warning, which is what Lima does too.
 */
import { executeTemplate, TemplateError } from './gotmpl/exec';

export { TemplateError } from './gotmpl/exec';

export type TemplateValue = unknown;
export type TemplateData = Readonly<Record<string, TemplateValue>>;

/** Expand `text` with `data`; throws `TemplateError` naming the offending action. */
export function expandTemplate(text: string, data: TemplateData): string {
  if (!text.includes('{{')) return text;
  return executeTemplate(text, data);
}

/** Expand, or return the text unchanged plus a warning when it is not a template that can run. */
export function expandOrWarn(text: string, data: TemplateData, what: string, warnings: string[]): string {
  try {
    return expandTemplate(text, data);
  } catch (err) {
    if (err instanceof TemplateError) {
      warnings.push(`could not expand ${what} ${JSON.stringify(text)} as a template: ${err.message}`);
      return text;
    }
    throw err;
  }
}

/**
 * The small part of Go's text/template that lima.yaml fields use: `{{.Key}}` and
 * `{{.Param.Key}}`, with optional spaces and `{{-`/`-}}` trim markers. Anything richer
 * (pipelines, functions, conditionals) is reported as unsupported so that the caller can
 * keep the text as written and warn, which is what Lima does when a template fails.
 */

export type TemplateValue = string | number | Readonly<Record<string, string>>;
export type TemplateData = Readonly<Record<string, TemplateValue>>;

export class TemplateError extends Error {}

const ACTION = /\{\{(-\s)?\s*(.*?)\s*(\s-)?\}\}/gs;
const FIELD_PATH = /^\.([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?$/;

/** Expand `text` with `data`; throws `TemplateError` naming the offending action. */
export function expandTemplate(text: string, data: TemplateData): string {
  if (!text.includes('{{')) {
    return text;
  }
  let out = '';
  let last = 0;
  for (const match of text.matchAll(ACTION)) {
    const [whole, trimLeft, body = '', trimRight] = match;
    let before = text.slice(last, match.index);
    if (trimLeft) {
      before = before.trimEnd();
    }
    out += before;
    out += String(resolveField(body, data, whole));
    last = match.index + whole.length;
    if (trimRight) {
      const rest = text.slice(last);
      last += rest.length - rest.trimStart().length;
    }
  }
  const tail = text.slice(last);
  if (tail.includes('{{')) {
    throw new TemplateError(`unclosed action in template ${JSON.stringify(text)}`);
  }
  return out + tail;
}

function resolveField(body: string, data: TemplateData, action: string): string | number {
  const path = FIELD_PATH.exec(body);
  if (!path) {
    throw new TemplateError(`unsupported template action ${action}: only {{.Field}} and {{.Param.Key}} are understood`);
  }
  const [, key = '', subKey] = path;
  const value = Object.hasOwn(data, key) ? data[key] : undefined;
  if (subKey === undefined) {
    if (value === undefined) {
      // Go prints this for a missing key in the untyped data map.
      return '<no value>';
    }
    if (typeof value === 'object') {
      throw new TemplateError(`template action ${action} names a map; use {{.${key}.KEY}}`);
    }
    return value;
  }
  if (typeof value !== 'object') {
    throw new TemplateError(`template action ${action}: .${key} has no fields`);
  }
  // A missing key in a string map renders as the empty string, as in Go.
  return Object.hasOwn(value, subKey) ? (value[subKey] ?? '') : '';
}

/** Expand, or return the text unchanged plus a warning when it is not a template Limadesk can run. */
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

/**
 * A small subset of Go's text/template for lima.yaml's `message`: `{{.Field}}` (with optional
 * surrounding spaces) is replaced by the field's value. Other actions are kept verbatim, since
 * rendering them wrongly would be worse than showing them. An unclosed action is an error, as
 * Go's parser reports it.
 */
export function renderMessage(template: string, fields: Record<string, string | number | boolean>): string {
  let out = '';
  let rest = template;
  for (;;) {
    const open = rest.indexOf('{{');
    if (open < 0) return out + rest;
    const close = rest.indexOf('}}', open + 2);
    if (close < 0) throw new Error('unclosed action');
    out += rest.slice(0, open);
    const action = rest.slice(open + 2, close).trim();
    const field = /^\.([A-Za-z][A-Za-z0-9]*)$/.exec(action)?.[1];
    out += field !== undefined && field in fields ? String(fields[field]) : rest.slice(open, close + 2);
    rest = rest.slice(close + 2);
  }
}

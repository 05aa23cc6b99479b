/** CodeMirror completion and hover driven by the lima.yaml JSON Schema. */
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { hoverTooltip } from '@codemirror/view';
import type { Extension } from '@codemirror/state';
import { cursorContext, keyPathAt, siblingKeys } from './cursor-path';
import { hoverText, keysAt, valuesAt } from './schema-help';
import type { JsonSchema } from './schema-help';

export type SchemaSource = () => JsonSchema | undefined;

export function schemaCompletions(getSchema: SchemaSource) {
  return (context: CompletionContext): CompletionResult | null => {
    const schema = getSchema();
    if (!schema) return null;
    const text = context.state.doc.toString();
    const at = cursorContext(text, context.pos);
    // Popping up on every blank line is noise; wait for a letter or an explicit request.
    if (!context.explicit && at.prefix === '') return null;
    let options: Completion[];
    if (at.kind === 'key') {
      const present = siblingKeys(text, context.pos);
      options = keysAt(schema, at.parentPath)
        .filter((k) => !present.has(k.key))
        .map((k) => ({
        label: k.key,
        type: 'property',
        apply: `${k.key}: `,
        ...(k.description ? { info: k.description } : {}),
      }));
    } else {
      options = valuesAt(schema, at.path).map((v) => ({ label: v, type: 'enum' }));
    }
    if (options.length === 0) return null;
    return { from: at.from, options, validFor: /^[\w.\-/]*$/ };
  };
}

export function schemaHover(getSchema: SchemaSource): Extension {
  return hoverTooltip((view, pos) => {
    const schema = getSchema();
    if (!schema) return null;
    const path = keyPathAt(view.state.doc.toString(), pos);
    const text = path && hoverText(schema, path);
    if (!text) return null;
    return {
      pos,
      create() {
        const dom = document.createElement('div');
        dom.className = 'limadesk-schema-hover';
        dom.style.whiteSpace = 'pre-wrap';
        dom.style.maxWidth = '40em';
        dom.style.padding = '0.3em 0.6em';
        dom.textContent = `${path.join('.')}\n${text}`;
        return { dom };
      },
    };
  });
}

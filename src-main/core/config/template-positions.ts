/**
 * Where a field of an embedded template was written. Validation runs on the embedded result,
 * which is no file anyone edits; each issue is moved to the template or base file that holds
 * the value: list entries are matched by content (bases append and prepend, so indices shift),
 * other fields by path, the template before its bases, as embedding lets the template win.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseFieldPath, type FieldPath } from './field-path';
import { parseLimaYaml, type ParsedYaml } from './parse';
import type { ConfigIssue } from './types';

export interface SourceLayer {
  source: string;
  text: string;
}

interface ParsedLayer {
  source: string;
  parsed: ParsedYaml;
}

function valueAt(value: unknown, path: FieldPath): unknown {
  let current = value;
  for (const part of path) current = (current as Record<string | number, unknown> | undefined)?.[part];
  return current;
}

export function issueRelocator(embedded: ParsedYaml, layers: readonly SourceLayer[]): (issue: ConfigIssue) => ConfigIssue {
  const parsedLayers: ParsedLayer[] = layers.map((layer) => ({ source: layer.source, parsed: parseLimaYaml(layer.text, layer.source) }));
  const locate = (path: FieldPath): { file: string; line: number; col: number } | undefined => {
    const at = (layer: ParsedLayer, p: FieldPath) => {
      const pos = layer.parsed.positionOf([...p]);
      return pos ? { file: layer.source, ...pos } : undefined;
    };
    const index = path.findIndex((p) => typeof p === 'number');
    if (index > 0) {
      const listPath = path.slice(0, index);
      const entry = valueAt(embedded.value, path.slice(0, index + 1));
      for (const layer of parsedLayers) {
        const list = valueAt(layer.parsed.value, listPath);
        const j = Array.isArray(list) ? list.findIndex((e) => isDeepStrictEqual(e, entry)) : -1;
        if (j >= 0) return at(layer, [...listPath, j, ...path.slice(index + 1)]) ?? at(layer, [...listPath, j]);
      }
    }
    for (let n = path.length; n > 0; n--) {
      for (const layer of parsedLayers) {
        const pos = at(layer, path.slice(0, n));
        if (pos) return pos;
      }
    }
    return undefined;
  };
  return (issue) => {
    const place = issue.field === '' ? undefined : locate(parseFieldPath(issue.field));
    const { line: _line, col: _col, ...rest } = issue;
    void _line;
    void _col;
    const top = parsedLayers[0]?.source;
    if (place) return { ...rest, file: place.file, line: place.line, col: place.col };
    return top === undefined ? rest : { ...rest, file: top };
  };
}

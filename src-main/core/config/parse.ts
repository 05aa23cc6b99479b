/**
 * lima.yaml text → typed value plus issues with positions. Never throws: every problem in
 * the text, from a stray tab to an alias bomb, comes back as a ConfigIssue.
 */
import { Document, LineCounter, YAMLParseError, isMap, isScalar, parseDocument, visit, type YAMLError } from 'yaml';
import { LIMA_YAML_ROOT } from './fields';
import { formatFieldPath } from './field-path';
import { YamlWalker } from './parse-walk';
import type { ConfigIssue, LimaYAML } from './types';
import { anchorsOf, deref, isMergeKey, MAX_ALIAS_COUNT, positionIn, type Position } from './yaml-nodes';

export interface ParsedYaml {
  doc: Document;
  value: LimaYAML;
  issues: ConfigIssue[];
  /** Where the field at `path` is written in this document, or undefined if it is not. */
  positionOf(path: Array<string | number>): Position | undefined;
}

export function parseLimaYaml(text: string, file: string): ParsedYaml {
  const lines = new LineCounter();
  let doc: Document;
  try {
    // Duplicate keys are found below in one pass: the parser's own check is quadratic in a map's size.
    doc = parseDocument(text, { lineCounter: lines, merge: true, uniqueKeys: false, prettyErrors: false });
  } catch (err) {
    // The parser recurses; input nested thousands of levels deep can exhaust the stack.
    return failed(file, `YAML could not be parsed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const walker = new YamlWalker(doc, lines, file);
  let value: LimaYAML = {};
  try {
    const bomb = anchorsOf(doc).excessive;
    const root = deref(doc, doc.contents);
    const empty = root === null || root === undefined || (isScalar(root) && root.value === null);
    if (bomb) {
      walker.report('error', [], bomb,
        `alias *${bomb.source} makes too many copies of its anchor (more than ${MAX_ALIAS_COUNT}, nested aliases multiplied); write the values out instead`);
    } else if (!empty && !isMap(root)) {
      walker.report('error', [], doc.contents, 'lima.yaml must be a map of fields at the top level');
    } else {
      const v = walker.convert(doc.contents, LIMA_YAML_ROOT, []);
      if (!YamlWalker.isUnset(v)) value = v as LimaYAML;
    }
  } catch (err) {
    walker.report('error', [], doc.contents, `YAML could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const syntax = [
    ...duplicateKeys(doc).map((e) => syntaxIssue(e, 'error', text, lines, file, walker.keyPaths)),
    ...doc.errors.map((e) => syntaxIssue(e, 'error', text, lines, file, walker.keyPaths)),
    ...doc.warnings.map((e) => syntaxIssue(e, 'warning', text, lines, file, walker.keyPaths)),
  ];
  const issues = [...syntax, ...walker.issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  return {
    doc,
    value,
    issues,
    positionOf: (path) => {
      try {
        return positionIn(doc, lines, path);
      } catch {
        return undefined;
      }
    },
  };
}

function syntaxIssue(
  e: YAMLError,
  severity: ConfigIssue['severity'],
  text: string,
  lines: LineCounter,
  file: string,
  keyPaths: Map<number, ReadonlyArray<string | number>>,
): ConfigIssue {
  const pos = lines.linePos(e.pos[0]);
  const where = { file, line: pos.line, col: pos.col };
  if (e.code === 'DUPLICATE_KEY') {
    const path = keyPaths.get(e.pos[0]);
    const key = path ? String(path[path.length - 1]) : text.slice(e.pos[0], e.pos[1]).trim();
    // Lima (goccy/go-yaml) rejects duplicates with this wording; tools grep for it.
    return { severity, field: path ? formatFieldPath(path) : '', message: `map key-value is pre-defined: \`${key}\` is set more than once`, ...where };
  }
  const message = e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? e.code;
  return { severity, field: '', message: `YAML ${severity === 'error' ? 'syntax error' : 'warning'}: ${message}`, ...where };
}

/** Keys written twice in one map, as the parser's `uniqueKeys` would report them; merge keys may repeat. */
function duplicateKeys(doc: Document): YAMLError[] {
  const found: YAMLError[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key) || isMergeKey(pair.key)) continue;
        if (seen.has(pair.key.value)) {
          const range = pair.key.range ?? [0, 0];
          found.push(new YAMLParseError([range[0], range[1]], 'DUPLICATE_KEY', 'Map keys must be unique'));
        }
        seen.add(pair.key.value);
      }
    },
  });
  return found;
}

function failed(file: string, message: string): ParsedYaml {
  const doc = new Document();
  return {
    doc,
    value: {},
    issues: [{ severity: 'error', field: '', message, file, line: 1, col: 1 }],
    positionOf: () => undefined,
  };
}

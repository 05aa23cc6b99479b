/**
 * lima.yaml text → typed value plus issues with positions. Never throws: every problem in
 * the text, from a stray tab to an alias bomb, comes back as a ConfigIssue.
 */
import { Document, LineCounter, isMap, isScalar, parseDocument, type YAMLError } from 'yaml';
import { LIMA_YAML_ROOT } from './fields';
import { formatFieldPath } from './field-path';
import { YamlWalker } from './parse-walk';
import { syntaxProblems } from './yaml-syntax';
import type { ConfigIssue, LimaYAML } from './types';
import { anchorsOf, deref, duplicateKeys, MAX_ALIAS_COUNT, positionIn, type Position } from './yaml-nodes';

export interface ParsedYaml {
  doc: Document;
  value: LimaYAML;
  issues: ConfigIssue[];
  /** Where the field at `path` is written in this document, or undefined if it is not. */
  positionOf(path: Array<string | number>): Position | undefined;
}

const NOT_A_MAP = 'lima.yaml must be a map of fields';

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
      walker.report('error', [], doc.contents, `${NOT_A_MAP} at the top level`);
    } else {
      const v = walker.convert(doc.contents, LIMA_YAML_ROOT, []);
      if (!YamlWalker.isUnset(v)) value = v as LimaYAML;
    }
  } catch (err) {
    walker.report('error', [], doc.contents, `YAML could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const syntax = [
    ...duplicateKeys(doc).map((e) => duplicateKeyIssue(e, text, lines, file, walker.keyPaths)),
    ...syntaxProblems(doc.errors, text, lines).map((p): ConfigIssue => ({ severity: 'error', field: '', message: p.message, file, line: p.line, col: p.col })),
    ...doc.warnings.map((e) => yamlWarning(e, lines, file)),
  ];
  // What the walk says about a line the parser could not read is a consequence, not a problem.
  const brokenLines = new Set(doc.errors.flatMap((e) => [lines.linePos(e.pos[0]).line, ...syntax.map((i) => i.line)]));
  const walked = doc.errors.length === 0 ? walker.issues : walker.issues.filter((i) => !brokenLines.has(i.line) && !i.message.startsWith(NOT_A_MAP));
  const issues = [...syntax, ...walked].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
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

function duplicateKeyIssue(e: YAMLError, text: string, lines: LineCounter, file: string, keyPaths: Map<number, ReadonlyArray<string | number>>): ConfigIssue {
  const pos = lines.linePos(e.pos[0]);
  const path = keyPaths.get(e.pos[0]);
  const key = path ? String(path[path.length - 1]) : text.slice(e.pos[0], e.pos[1]).trim();
  // Lima (goccy/go-yaml) rejects duplicates with this wording; tools grep for it.
  return { severity: 'error', field: path ? formatFieldPath(path) : '', message: `map key-value is pre-defined: \`${key}\` is set more than once`, file, line: pos.line, col: pos.col };
}

function yamlWarning(e: YAMLError, lines: LineCounter, file: string): ConfigIssue {
  const pos = lines.linePos(e.pos[0]);
  const message = e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? e.code;
  return { severity: 'warning', field: '', message: `YAML warning: ${message}`, file, line: pos.line, col: pos.col };
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

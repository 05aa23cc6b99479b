/**
 * YAML syntax errors in a lima.yaml writer's terms: what is wrong and how to fix it, at the
 * place to fix. The parser reports where it gave up (often the end of the file, or the line
 * before the culprit) and in its grammar's words ("Nested mappings are not allowed in compact
 * mappings"); one mistake can also make it report three errors on one line.
 */
import { CST, Lexer, type LineCounter, type YAMLError } from 'yaml';

export interface SyntaxProblem {
  code: YAMLError['code'];
  /** Offset in the text of what to fix. */
  offset: number;
  line: number;
  col: number;
  message: string;
}

interface Token {
  offset: number;
  source: string;
}

/** The lexer's tokens with their offsets; its one-character markers take no room in the text. */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  let offset = 0;
  for (const source of new Lexer().lex(text)) {
    if (source.length === 1 && isMarker(source)) continue;
    out.push({ offset, source });
    offset += source.length;
  }
  return out;
}

/** The lexer's document, flow-error-end and scalar markers (yaml's CST.DOCUMENT, FLOW_END, SCALAR). */
function isMarker(char: string): boolean {
  return char === CST.DOCUMENT || char === CST.FLOW_END || char === CST.SCALAR;
}

/** The innermost `[` or `{` still open at `before`. */
function unclosedFlow(all: Token[], before: number): Token | undefined {
  const open: Token[] = [];
  for (const t of all) {
    if (t.offset >= before) break;
    if (t.source === '[' || t.source === '{') open.push(t);
    else if (t.source === ']' || t.source === '}') open.pop();
  }
  return open.at(-1);
}

/** The quoted scalar that runs on to `at` without its closing quote. */
function unclosedQuote(all: Token[], at: number): Token | undefined {
  return all.filter((t) => t.offset <= at && (t.source.startsWith('"') || t.source.startsWith("'"))).at(-1);
}

function lineText(text: string, offset: number): { start: number; text: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return { start, text: text.slice(start, end === -1 ? undefined : end) };
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** The first line after the one holding `offset` that is not blank or a comment. */
function nextContentLine(text: string, offset: number): { start: number; text: string } | undefined {
  let at = text.indexOf('\n', offset);
  while (at !== -1) {
    const line = lineText(text, at + 1);
    if (line.text.trim() !== '' && !line.text.trimStart().startsWith('#')) return line;
    at = text.indexOf('\n', at + 1);
  }
  return undefined;
}

const LIST_ITEM_MISPLACED = 'a `- ` list item cannot stand among `key: value` lines; indent it under a key that has no value of its own';

function shown(s: string, max = 40): string {
  const t = s.trim();
  return `\`${t.length > max ? `${t.slice(0, max)}…` : t}\``;
}

/**
 * A key whose value runs on: either a second `: ` in the value (`a: b: c`), or a line below
 * indented deeper than a key that already has its value on its own line.
 */
function implicitKeyProblem(text: string, offset: number): { offset: number; message: string } {
  const line = lineText(text, offset);
  const rest = text.slice(offset, line.start + line.text.length);
  const colon = rest.search(/:(\s|$)/);
  if (colon !== -1) {
    return {
      offset: offset + colon,
      message: `${shown(rest)} has a second \`: \` in one value; put the value in quotes if it is text, or start the inner map on a new, indented line`,
    };
  }
  const next = nextContentLine(text, offset);
  if (next && indentOf(next.text) > indentOf(line.text)) {
    const key = line.text.trim().split(':')[0] ?? '';
    return {
      offset: next.start + indentOf(next.text),
      message: `${shown(next.text)} is indented deeper than ${shown(key)} above it, which already has a value on its line; line it up with ${shown(key)}, or move that value onto its own lines`,
    };
  }
  if (line.text.trimStart().startsWith('-')) return { offset, message: LIST_ITEM_MISPLACED };
  if (/:\S/.test(line.text)) return { offset, message: `${shown(line.text)} is not a \`key: value\` line; a key needs a space after its colon` };
  return { offset, message: `${shown(line.text)} is not a \`key: value\` line; add a colon after the key, or indent it under the key it belongs to` };
}

function problemFor(e: YAMLError, text: string, all: () => Token[]): { offset: number; message: string } {
  const at = e.pos[0];
  const line = lineText(text, at);
  const raw = e.message.split('\n')[0] ?? '';
  switch (e.code) {
    case 'TAB_AS_INDENT':
      return { offset: at, message: 'this line is indented with a tab; YAML indents with spaces only' };
    case 'MISSING_CHAR':
      if (/quote/.test(raw)) {
        const quote = unclosedQuote(all(), at);
        const q = quote?.source[0] ?? '"';
        return { offset: quote?.offset ?? at, message: `this ${q === '"' ? 'double' : 'single'}-quoted text has no closing ${q}; add it at the end of the value` };
      }
      if (/followed by map values/.test(raw)) {
        return {
          offset: at,
          message: `${shown(line.text)} is neither \`key: value\` nor part of the value above; indent it deeper than the key it belongs to, or add a colon after the key`,
        };
      }
      break;
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return implicitKeyProblem(text, at);
    case 'BAD_INDENT':
      if (/Flow (sequence|map)/.test(raw)) {
        const open = unclosedFlow(all(), at);
        const close = open?.source === '{' ? '}' : ']';
        return { offset: open?.offset ?? at, message: `this ${close === ']' ? 'list' : 'map'} opened with \`${open?.source ?? '['}\` is not closed; add \`${close}\` at its end` };
      }
      if (/same column/.test(raw)) {
        return { offset: at + indentOf(line.text), message: `${shown(line.text.split(':')[0] ?? '')} does not line up with the keys above it; keys of one map start in the same column` };
      }
      break;
    case 'UNEXPECTED_TOKEN':
      if (/at node end/.test(raw)) return { offset: at, message: `${shown(text.slice(at, e.pos[1]))} follows a complete value; put the whole value in quotes` };
      if (/block-seq-ind/.test(raw)) return { offset: at, message: LIST_ITEM_MISPLACED };
      break;
    case 'MULTIPLE_DOCS':
      return { offset: at, message: 'a lima.yaml holds one YAML document; remove this `---` line (and merge what follows into the fields above)' };
    case 'BAD_DQ_ESCAPE':
      return { offset: at, message: `${shown(text.slice(at, Math.max(e.pos[1], at + 2)))} is not a valid escape in double quotes; write \`\\\\\` for a backslash, or use single quotes` };
    case 'BAD_ALIAS':
    case 'BAD_SCALAR_START':
      return { offset: at, message: `${shown(text.slice(at, Math.max(e.pos[1], at + 1)))} cannot start a plain value; put the value in quotes` };
    case 'DUPLICATE_KEY':
      // Lima (goccy/go-yaml) rejects duplicates with this wording; tools grep for it.
      return { offset: at, message: `map key-value is pre-defined: ${shown(text.slice(at, e.pos[1]))} is set more than once` };
    case 'KEY_OVER_1024_CHARS':
      return { offset: at, message: 'this key is longer than 1024 characters' };
    default:
      break;
  }
  return { offset: at, message: `${raw.replace(/ at line \d+, column \d+:?$/, '')} (YAML syntax)` };
}

/**
 * The parser's errors as problems to show: one per line (the first, which caused the rest),
 * in our words, at the place to fix.
 */
export function syntaxProblems(errors: readonly YAMLError[], text: string, lines: LineCounter): SyntaxProblem[] {
  let cached: Token[] | undefined;
  const all = () => (cached ??= tokens(text));
  const out: SyntaxProblem[] = [];
  const seenLines = new Set<number>();
  for (const e of errors) {
    const errorLine = lines.linePos(e.pos[0]).line;
    if (seenLines.has(errorLine)) continue;
    seenLines.add(errorLine);
    const { offset, message } = problemFor(e, text, all);
    const pos = lines.linePos(Math.min(offset, text.length));
    if (out.some((p) => p.line === pos.line)) continue;
    out.push({ code: e.code, offset, line: pos.line, col: pos.col, message });
  }
  return out;
}

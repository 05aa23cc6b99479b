/**
 * The lexer of Go's text/template, enough for what lima.yaml fields and Lima's own templates
 * write: text and `{{ … }}` actions with `{{-`/`-}}` trim markers and `{{/* … *\/}}`
 * comments. Each action becomes a list of tokens; the trim markers are applied to the text
 * around them here, so the parser only sees text and token lists.
 */

export class TemplateError extends Error {}

export type TokenKind =
  | 'field' // .Name
  | 'dot' // .
  | 'variable' // $ or $name
  | 'identifier' // function names and keywords
  | 'string'
  | 'number'
  | 'char'
  | 'bool'
  | 'nil'
  | 'lparen'
  | 'rparen'
  | 'pipe'
  | 'declare' // :=
  | 'assign' // =
  | 'comma';

export interface Token {
  kind: TokenKind;
  /** The text as written, or the decoded value for strings and chars. */
  text: string;
  /** Whitespace came right before this token (Go separates arguments by it). */
  spaceBefore: boolean;
}

export type Item = { kind: 'text'; text: string } | { kind: 'action'; tokens: Token[]; line: number };

const SPACE = /[ \t\r\n]/;
const KEYWORD_VALUES: Readonly<Record<string, TokenKind>> = { true: 'bool', false: 'bool', nil: 'nil' };

export function lexTemplate(source: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let trimNextText = false;
  let line = 1;
  let counted = 0;
  for (;;) {
    const open = source.indexOf('{{', pos);
    let text = source.slice(pos, open === -1 ? source.length : open);
    if (trimNextText) text = text.replace(/^[ \t\r\n]+/, '');
    if (open === -1) {
      if (text !== '') items.push({ kind: 'text', text });
      return items;
    }
    let start = open + 2;
    if (source[start] === '-' && SPACE.test(source[start + 1] ?? '')) {
      text = text.replace(/[ \t\r\n]+$/, '');
      start += 1;
    }
    if (text !== '') items.push({ kind: 'text', text });
    for (; counted < open; counted++) if (source.charCodeAt(counted) === 10) line++;
    const action = lexAction(source, start, line);
    trimNextText = action.trimRight;
    pos = action.end;
    if (action.tokens) items.push({ kind: 'action', tokens: action.tokens, line });
  }
}

interface LexedAction {
  /** undefined for a comment. */
  tokens?: Token[];
  trimRight: boolean;
  end: number;
}

function lexAction(source: string, start: number, line: number): LexedAction {
  const fail = (message: string): never => {
    throw new TemplateError(`template: :${line}: ${message}`);
  };
  let i = skipSpace(source, start);
  if (source.startsWith('/*', i)) {
    const close = source.indexOf('*/', i + 2);
    if (close === -1) fail('unclosed comment');
    const after = skipSpace(source, close + 2);
    const closed = closeAt(source, after, after > close + 2);
    return closed ? { trimRight: closed.trimRight, end: closed.end } : fail('comment ends before closing delimiter');
  }
  const tokens: Token[] = [];
  i = start;
  for (;;) {
    const before = i;
    i = skipSpace(source, i);
    const spaceBefore = i > before;
    if (i >= source.length) fail('unclosed action');
    const closed = closeAt(source, i, spaceBefore);
    if (closed) return { tokens, ...closed };
    const ch = source[i] ?? '';
    const push = (kind: TokenKind, text: string, length: number): void => {
      tokens.push({ kind, text, spaceBefore });
      i += length;
    };
    if (ch === '(') push('lparen', ch, 1);
    else if (ch === ')') push('rparen', ch, 1);
    else if (ch === '|') push('pipe', ch, 1);
    else if (ch === ',') push('comma', ch, 1);
    else if (source.startsWith(':=', i)) push('declare', ':=', 2);
    else if (ch === '=') push('assign', ch, 1);
    else if (ch === '"') {
      const end = quotedEnd(source, i, '"') ?? fail('unterminated quoted string');
      push('string', decodeQuoted(source.slice(i, end), fail), end - i);
    } else if (ch === '`') {
      const end = source.indexOf('`', i + 1);
      if (end === -1) fail('unterminated raw quoted string');
      push('string', source.slice(i + 1, end), end + 1 - i);
    } else if (ch === "'") {
      const end = quotedEnd(source, i, "'") ?? fail('unterminated character constant');
      const decoded = decodeQuoted(`"${source.slice(i + 1, end - 1).replace(/"/g, '\\"')}"`, fail);
      if ([...decoded].length !== 1) fail(`malformed character constant: ${source.slice(i, end)}`);
      push('char', String(decoded.codePointAt(0)), end - i);
    } else if (ch === '.' && !/[0-9]/.test(source[i + 1] ?? '')) {
      const name = /^\.([A-Za-z_][A-Za-z0-9_]*)?/.exec(source.slice(i, i + 256))?.[1];
      if (name === undefined) push('dot', '.', 1);
      else push('field', name, name.length + 1);
    } else if (ch === '$') {
      const name = /^\$[A-Za-z0-9_]*/.exec(source.slice(i, i + 256))?.[0] ?? '$';
      push('variable', name, name.length);
    } else if (/[-+0-9.]/.test(ch)) {
      const number = NUMBER.exec(source.slice(i, i + 256))?.[0] ?? '';
      if (!/[0-9]/.test(number)) fail(`bad number syntax: ${JSON.stringify(source.slice(i, i + 8))}`);
      push('number', number, number.length);
    } else if (/[A-Za-z_]/.test(ch)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 256))?.[0] ?? '';
      push(KEYWORD_VALUES[word] ?? 'identifier', word, word.length);
    } else {
      fail(`unexpected ${JSON.stringify(ch)} in command`);
    }
  }
}

const NUMBER = /^[-+]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?)/;

function skipSpace(source: string, i: number): number {
  while (SPACE.test(source[i] ?? '')) i++;
  return i;
}

/** The closing delimiter at `i`: `-}}` only after whitespace, as in Go. */
function closeAt(source: string, i: number, spaceBefore: boolean): { trimRight: boolean; end: number } | undefined {
  if (spaceBefore && source.startsWith('-}}', i)) return { trimRight: true, end: i + 3 };
  if (source.startsWith('}}', i)) return { trimRight: false, end: i + 2 };
  return undefined;
}

function quotedEnd(source: string, start: number, quote: string): number | undefined {
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '\n') return undefined;
    else if (c === quote) return i + 1;
  }
  return undefined;
}

/** Go's interpreted string literal; close enough to JSON that JSON does the work after a few fixes. */
function decodeQuoted(literal: string, fail: (m: string) => never): string {
  const jsonish = literal
    .replace(/\\([abfnrtv\\"'])/g, (_, c: string) => ({ a: '\\u0007', b: '\\b', f: '\\f', n: '\\n', r: '\\r', t: '\\t', v: '\\u000b', '\\': '\\\\', '"': '\\"', "'": "'" })[c] ?? c)
    .replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => `\\u00${h}`)
    .replace(/\\U([0-9a-fA-F]{8})/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)));
  try {
    return JSON.parse(jsonish) as string;
  } catch {
    return fail(`invalid syntax in string ${literal}`);
  }
}

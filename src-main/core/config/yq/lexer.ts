import { YqError } from './errors';

export type TokenKind = 'dot' | 'name' | 'string' | 'number' | 'punct' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** The decoded string, the number, or the name. */
  value?: string | number;
  /** 1-based column in the expression. */
  col: number;
}

// Longest first, so that `|=` is not read as `|` then `=`.
const OPERATORS = ['//=', '|=', '+=', '-=', '*=', '==', '!=', '<=', '>=', '//', '|', '=', '+', '-', '*', '<', '>', '/', '%'];
const PUNCTUATION = new Set(['[', ']', '{', '}', '(', ')', ',', ':', ';', '$']);

/** Splits a yq expression into tokens; strings are JSON's double-quoted strings. */
export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw new YqError(message, expression, at + 1);
  };
  while (i < expression.length) {
    const ch = expression[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const col = i + 1;
    if (ch === '"') {
      const end = stringEnd(expression, i) ?? fail('a string is not closed');
      const raw = expression.slice(i, end + 1);
      let value: string;
      try {
        value = JSON.parse(raw) as string;
      } catch {
        value = fail(`${raw} is not a valid string`);
      }
      tokens.push({ kind: 'string', text: raw, value, col });
      i = end + 1;
      continue;
    }
    if (ch === "'") fail("strings are written in double quotes in yq (\"like this\"), not single quotes");
    if (ch === '.' && expression[i + 1] === '.') fail('recursive descent (..) is not supported by Limadesk\'s yq subset');
    if (ch === '.') {
      tokens.push({ kind: 'dot', text: '.', col });
      i++;
      continue;
    }
    const number = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(expression.slice(i));
    if (number) {
      tokens.push({ kind: 'number', text: number[0], value: Number(number[0]), col });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expression.slice(i));
    if (name) {
      tokens.push({ kind: 'name', text: name[0], value: name[0], col });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => expression.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, col });
      i += op.length;
      continue;
    }
    if (PUNCTUATION.has(ch)) {
      tokens.push({ kind: 'punct', text: ch, col });
      i++;
      continue;
    }
    fail(`unexpected character ${JSON.stringify(ch)}`);
  }
  tokens.push({ kind: 'eof', text: '', col: expression.length + 1 });
  return tokens;
}

function stringEnd(text: string, start: number): number | undefined {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return undefined;
}

/**
 * The parse tree of Go's text/template: text, actions that print a pipeline, and the
 * `if`, `with` and `range` blocks (with `else`, `else if`, `else with`, `break`, `continue`).
 * `define`, `template` and `block` name other templates, which a lima.yaml field never has,
 * so they are reported as unsupported.
 */
import { lexTemplate, TemplateError, type Item, type Token } from './lex';

export type Operand =
  | { kind: 'field'; chain: string[] } // .A.B (from dot)
  | { kind: 'dot' }
  | { kind: 'variable'; name: string; chain: string[] }
  | { kind: 'function'; name: string }
  | { kind: 'literal'; value: unknown }
  | { kind: 'pipeline'; pipeline: Pipeline; chain: string[] };

export interface Command {
  args: Operand[];
}

export interface Pipeline {
  /** Variables declared (`:=`) or assigned (`=`) by the pipeline. */
  variables: string[];
  assign: boolean;
  commands: Command[];
  line: number;
}

export interface Block {
  pipeline: Pipeline;
  body: Node[];
  /** The `{{else}}` part; an `else if`/`else with` is a nested block here. */
  otherwise: Node[];
}

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipeline: Pipeline }
  | ({ kind: 'if' } & Block)
  | ({ kind: 'with' } & Block)
  | ({ kind: 'range' } & Block)
  | { kind: 'break' | 'continue'; line: number };

const UNSUPPORTED = new Set(['define', 'template', 'block']);

export function parseTemplate(source: string): Node[] {
  const items = lexTemplate(source);
  const parser = new Parser(items);
  const nodes = parser.list(new Set(), 0);
  const stray = parser.peekKeyword();
  if (stray !== undefined) throw new TemplateError(`template: :${stray.line}: unexpected {{${stray.word}}}`);
  return nodes;
}

interface Keyword {
  word: string;
  line: number;
}

class Parser {
  private index = 0;

  constructor(private readonly items: Item[]) {}

  peekKeyword(): Keyword | undefined {
    const item = this.items[this.index];
    if (item?.kind !== 'action') return undefined;
    const first = item.tokens[0];
    return first?.kind === 'identifier' ? { word: first.text, line: item.line } : undefined;
  }

  /** Nodes up to (not including) an action starting with one of `stops`. */
  list(stops: ReadonlySet<string>, rangeDepth: number): Node[] {
    const nodes: Node[] = [];
    for (let item = this.items[this.index]; item !== undefined; item = this.items[this.index]) {
      if (item.kind === 'text') {
        nodes.push({ kind: 'text', text: item.text });
        this.index++;
        continue;
      }
      const word = this.peekKeyword()?.word;
      if (word !== undefined && stops.has(word)) return nodes;
      this.index++;
      nodes.push(this.action(item, word, rangeDepth));
    }
    return nodes;
  }

  private action(item: Extract<Item, { kind: 'action' }>, word: string | undefined, rangeDepth: number): Node {
    const fail = (message: string): never => {
      throw new TemplateError(`template: :${item.line}: ${message}`);
    };
    if (word === 'if' || word === 'with' || word === 'range') return this.block(word, item.tokens.slice(1), item.line, rangeDepth);
    if (word === 'end' || word === 'else') fail(`unexpected {{${word}}}`);
    if (word === 'break' || word === 'continue') {
      if (rangeDepth === 0) fail(`{{${word}}} outside {{range}}`);
      if (item.tokens.length > 1) fail(`unexpected ${item.tokens[1]?.text ?? ''} in {{${word}}}`);
      return { kind: word, line: item.line };
    }
    if (word !== undefined && UNSUPPORTED.has(word)) fail(`{{${word}}} is not supported in lima.yaml`);
    return { kind: 'action', pipeline: parsePipeline(item.tokens, item.line, true) };
  }

  private block(kind: 'if' | 'with' | 'range', tokens: Token[], line: number, rangeDepth: number): Node {
    const pipeline = parsePipeline(tokens, line, true);
    if (pipeline.commands.length === 0) throw new TemplateError(`template: :${line}: missing value for ${kind}`);
    const innerDepth = kind === 'range' ? rangeDepth + 1 : rangeDepth;
    const body = this.list(new Set(['end', 'else']), innerDepth);
    const closing = this.items[this.index];
    if (closing?.kind !== 'action') throw new TemplateError(`template: :${line}: unexpected EOF: {{${kind}}} has no {{end}}`);
    this.index++;
    const [, next, ...rest] = closing.tokens;
    if (closing.tokens[0]?.text === 'end') {
      if (next) throw new TemplateError(`template: :${closing.line}: unexpected ${next.text} in end`);
      return { kind, pipeline, body, otherwise: [] } as Node;
    }
    // `{{else if …}}` and `{{else with …}}` open a nested block that shares this one's {{end}}.
    if (next?.kind === 'identifier' && (next.text === 'if' || next.text === 'with') && kind !== 'range') {
      const nested = this.block(next.text, rest, closing.line, rangeDepth);
      return { kind, pipeline, body, otherwise: [nested] } as Node;
    }
    if (next) throw new TemplateError(`template: :${closing.line}: unexpected ${next.text} in else`);
    const otherwise = this.list(new Set(['end', 'else']), rangeDepth);
    const end = this.items[this.index];
    if (end?.kind !== 'action' || end.tokens[0]?.text !== 'end') throw new TemplateError(`template: :${closing.line}: expected end; found ${end?.kind === 'action' ? (end.tokens[0]?.text ?? '') : 'EOF'}`);
    this.index++;
    return { kind, pipeline, body, otherwise } as Node;
  }
}

function parsePipeline(tokens: Token[], line: number, allowDeclare: boolean): Pipeline {
  const fail = (message: string): never => {
    throw new TemplateError(`template: :${line}: ${message}`);
  };
  let pos = 0;
  const variables: string[] = [];
  let assign = false;
  // `$x :=`, `$x =`, or `$i, $e :=` in range.
  const declEnd = tokens.findIndex((t) => t.kind === 'declare' || t.kind === 'assign');
  if (allowDeclare && declEnd > 0 && tokens.slice(0, declEnd).every((t, i) => (i % 2 === 0 ? t.kind === 'variable' : t.kind === 'comma'))) {
    for (let i = 0; i < declEnd; i += 2) variables.push(tokens[i]?.text ?? '$');
    assign = tokens[declEnd]?.kind === 'assign';
    pos = declEnd + 1;
  }
  const { commands, end } = parseCommands(tokens, pos, line, false);
  if (end !== tokens.length) fail(`unexpected ${tokens[end]?.text ?? ''} in command`);
  if (variables.length > 0 && commands.length === 0) fail('missing value for command');
  return { variables, assign, commands, line };
}

/** Commands separated by `|`, from `pos` up to the end or to an unmatched `)`. */
function parseCommands(tokens: Token[], pos: number, line: number, inParens: boolean): { commands: Command[]; end: number } {
  const fail = (message: string): never => {
    throw new TemplateError(`template: :${line}: ${message}`);
  };
  const commands: Command[] = [];
  let args: Operand[] = [];
  while (pos < tokens.length) {
    const token = tokens[pos] as Token;
    if (token.kind === 'rparen') {
      if (!inParens) fail('unexpected right paren');
      break;
    }
    if (token.kind === 'pipe') {
      if (args.length === 0) fail('missing command');
      commands.push({ args });
      args = [];
      pos++;
      continue;
    }
    if (args.length > 0 && !token.spaceBefore && token.kind !== 'lparen') fail(`unexpected ${token.text} in operand`);
    const { operand, next } = parseOperand(tokens, pos, line);
    args.push(operand);
    pos = next;
  }
  if (args.length > 0) commands.push({ args });
  else if (commands.length > 0) fail('missing command');
  return { commands, end: pos };
}

function parseOperand(tokens: Token[], pos: number, line: number): { operand: Operand; next: number } {
  const fail = (message: string): never => {
    throw new TemplateError(`template: :${line}: ${message}`);
  };
  const token = tokens[pos] as Token;
  let operand: Operand;
  let next = pos + 1;
  switch (token.kind) {
    case 'field':
      operand = { kind: 'field', chain: [token.text] };
      break;
    case 'dot':
      operand = { kind: 'dot' };
      break;
    case 'variable':
      operand = { kind: 'variable', name: token.text, chain: [] };
      break;
    case 'identifier':
      if (['if', 'else', 'end', 'range', 'with', 'break', 'continue', ...UNSUPPORTED].includes(token.text)) fail(`unexpected ${token.text} in command`);
      operand = { kind: 'function', name: token.text };
      break;
    case 'string':
      operand = { kind: 'literal', value: token.text };
      break;
    case 'char':
      operand = { kind: 'literal', value: Number(token.text) };
      break;
    case 'number':
      operand = { kind: 'literal', value: parseNumber(token.text, fail) };
      break;
    case 'bool':
      operand = { kind: 'literal', value: token.text === 'true' };
      break;
    case 'nil':
      operand = { kind: 'literal', value: null };
      break;
    case 'lparen': {
      const { commands, end } = parseCommands(tokens, pos + 1, line, true);
      if (tokens[end]?.kind !== 'rparen') fail('unclosed left paren');
      if (commands.length === 0) fail('missing command in parenthesized pipeline');
      operand = { kind: 'pipeline', pipeline: { variables: [], assign: false, commands, line }, chain: [] };
      next = end + 1;
      break;
    }
    default:
      return fail(`unexpected ${JSON.stringify(token.text)} in operand`);
  }
  // Field chains attach without space: .A.B, $x.A, (pipeline).A
  while (tokens[next]?.kind === 'field' && !tokens[next]?.spaceBefore) {
    const field = (tokens[next] as Token).text;
    if (operand.kind === 'field' || operand.kind === 'variable' || operand.kind === 'pipeline') operand.chain.push(field);
    else fail(`unexpected .${field} after ${token.text}`);
    next++;
  }
  return { operand, next };
}

function parseNumber(text: string, fail: (m: string) => never): number {
  const clean = text.replace(/_/g, '');
  const value = /^[-+]?0[xXbBoO]/.test(clean) ? Number(clean.replace(/^([-+]?)/, '')) * (clean.startsWith('-') ? -1 : 1) : Number(clean);
  return Number.isNaN(value) ? fail(`bad number syntax: ${JSON.stringify(text)}`) : value;
}

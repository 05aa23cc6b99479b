import { YqError } from './errors';
import { tokenize, type Token } from './lexer';

export type Step = { kind: 'key'; key: string } | { kind: 'index'; index: Expr } | { kind: 'iterate' };

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '//' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';
export type AssignOp = '=' | '|=' | '+=' | '-=' | '*=' | '//=';

export type Expr =
  | { type: 'identity' }
  | { type: 'path'; from: Expr; step: Step; col: number }
  | { type: 'literal'; value: unknown }
  | { type: 'array'; items: Expr | undefined }
  | { type: 'object'; entries: Array<{ key: Expr; value: Expr }> }
  | { type: 'pipe'; left: Expr; right: Expr }
  | { type: 'comma'; left: Expr; right: Expr }
  | { type: 'binary'; op: BinaryOp; left: Expr; right: Expr; col: number }
  | { type: 'assign'; op: AssignOp; target: Expr; value: Expr; col: number }
  | { type: 'call'; name: string; args: Expr[]; col: number };

const ASSIGN_OPS = new Set<string>(['=', '|=', '+=', '-=', '*=', '//=']);
const COMPARE_OPS = new Set<string>(['==', '!=', '<', '<=', '>', '>=']);

/** Parses a yq (v4) expression of the subset Limadesk runs: paths, literals, operators, a few functions. */
export function parseYq(expression: string): Expr {
  return new Parser(expression, tokenize(expression)).parseAll();
}

class Parser {
  private pos = 0;

  constructor(private readonly expression: string, private readonly tokens: Token[]) {}

  parseAll(): Expr {
    if (this.peek().kind === 'eof') return { type: 'identity' };
    const expr = this.pipe();
    const next = this.peek();
    if (next.kind !== 'eof') {
      const hint = next.text === ':' ? ' (yq sets a field with "=", e.g. .arch = "aarch64")' : '';
      this.fail(`unexpected ${JSON.stringify(next.text)}${hint}`, next);
    }
    return expr;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.pos++;
    return token;
  }

  private is(text: string, kinds: Token['kind'][] = ['op', 'punct']): boolean {
    const token = this.peek();
    return kinds.includes(token.kind) && token.text === text;
  }

  private expect(text: string): Token {
    const token = this.next();
    if (token.text !== text || token.kind === 'string') this.fail(`expected ${JSON.stringify(text)}, found ${token.kind === 'eof' ? 'the end' : JSON.stringify(token.text)}`, token);
    return token;
  }

  private fail(message: string, token: Token = this.peek()): never {
    throw new YqError(message, this.expression, token.col);
  }

  private pipe(): Expr {
    let left = this.comma();
    while (this.is('|')) {
      this.next();
      left = { type: 'pipe', left, right: this.comma() };
    }
    return left;
  }

  private comma(): Expr {
    let left = this.assign();
    while (this.is(',')) {
      this.next();
      left = { type: 'comma', left, right: this.assign() };
    }
    return left;
  }

  private assign(): Expr {
    const target = this.alternative();
    const token = this.peek();
    if (token.kind === 'op' && ASSIGN_OPS.has(token.text)) {
      this.next();
      return { type: 'assign', op: token.text as AssignOp, target, value: this.alternative(), col: token.col };
    }
    return target;
  }

  private alternative(): Expr {
    let left = this.or();
    while (this.is('//')) {
      const token = this.next();
      left = { type: 'binary', op: '//', left, right: this.or(), col: token.col };
    }
    return left;
  }

  private or(): Expr {
    let left = this.and();
    while (this.is('or', ['name'])) {
      const token = this.next();
      left = { type: 'binary', op: 'or', left, right: this.and(), col: token.col };
    }
    return left;
  }

  private and(): Expr {
    let left = this.compare();
    while (this.is('and', ['name'])) {
      const token = this.next();
      left = { type: 'binary', op: 'and', left, right: this.compare(), col: token.col };
    }
    return left;
  }

  private compare(): Expr {
    const left = this.additive();
    const token = this.peek();
    if (token.kind === 'op' && COMPARE_OPS.has(token.text)) {
      this.next();
      return { type: 'binary', op: token.text as BinaryOp, left, right: this.additive(), col: token.col };
    }
    return left;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.is('+') || this.is('-')) {
      const token = this.next();
      left = { type: 'binary', op: token.text as BinaryOp, left, right: this.multiplicative(), col: token.col };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.postfix();
    while (this.is('*') || this.is('/') || this.is('%')) {
      const token = this.next();
      left = { type: 'binary', op: token.text as BinaryOp, left, right: this.postfix(), col: token.col };
    }
    return left;
  }

  private postfix(): Expr {
    let expr = this.primary();
    for (;;) {
      if (this.peek().kind === 'dot' && ['name', 'string'].includes(this.peek(1).kind)) {
        this.next();
        expr = this.keyStep(expr);
      } else if (this.peek().kind === 'dot' && this.peek(1).text === '[') {
        this.next();
      } else if (this.is('[')) {
        expr = this.bracketStep(expr);
      } else {
        return expr;
      }
    }
  }

  private keyStep(from: Expr): Expr {
    const token = this.next();
    return { type: 'path', from, step: { kind: 'key', key: String(token.value) }, col: token.col };
  }

  private bracketStep(from: Expr): Expr {
    const open = this.expect('[');
    if (this.is(']')) {
      this.next();
      return { type: 'path', from, step: { kind: 'iterate' }, col: open.col };
    }
    const index = this.pipe();
    this.expect(']');
    return { type: 'path', from, step: { kind: 'index', index }, col: open.col };
  }

  private primary(): Expr {
    const token = this.peek();
    if (token.kind === 'dot') {
      this.next();
      const after = this.peek();
      if (after.kind === 'name' || after.kind === 'string') return this.keyStep({ type: 'identity' });
      return { type: 'identity' };
    }
    if (token.kind === 'string' || token.kind === 'number') {
      this.next();
      return { type: 'literal', value: token.value };
    }
    if (token.kind === 'op' && token.text === '-' && this.peek(1).kind === 'number') {
      this.next();
      return { type: 'literal', value: -(this.next().value as number) };
    }
    if (token.kind === 'name') return this.nameOrCall();
    if (this.is('(')) {
      this.next();
      const inner = this.pipe();
      this.expect(')');
      return inner;
    }
    if (this.is('[')) {
      this.next();
      if (this.is(']')) {
        this.next();
        return { type: 'array', items: undefined };
      }
      const items = this.pipe();
      this.expect(']');
      return { type: 'array', items };
    }
    if (this.is('{')) return this.object();
    if (this.is('$')) this.fail('variables ($name) are not supported by Limadesk\'s yq subset');
    return this.fail(token.kind === 'eof' ? 'the expression ends too early' : `unexpected ${JSON.stringify(token.text)}`);
  }

  private nameOrCall(): Expr {
    const token = this.next();
    const name = String(token.value);
    if (name === 'true' || name === 'false') return { type: 'literal', value: name === 'true' };
    if (name === 'null') return { type: 'literal', value: null };
    const args: Expr[] = [];
    if (this.is('(')) {
      this.next();
      args.push(this.pipe());
      while (this.is(';')) {
        this.next();
        args.push(this.pipe());
      }
      this.expect(')');
    }
    return { type: 'call', name, args, col: token.col };
  }

  private object(): Expr {
    this.expect('{');
    const entries: Array<{ key: Expr; value: Expr }> = [];
    while (!this.is('}')) {
      const token = this.peek();
      let key: Expr;
      if (token.kind === 'name' || token.kind === 'string') {
        this.next();
        key = { type: 'literal', value: String(token.value) };
      } else if (this.is('(')) {
        this.next();
        key = this.pipe();
        this.expect(')');
      } else {
        this.fail(`expected a key in the object, found ${JSON.stringify(token.text)}`);
      }
      this.expect(':');
      entries.push({ key, value: this.alternative() });
      if (!this.is(',')) break;
      this.next();
    }
    this.expect('}');
    return { type: 'object', entries };
  }
}

/**
 * Running a parsed Go text/template against plain data, with Go's rules for truth, missing
 * keys (`<no value>`), variables and their scopes, pipelines (the previous result becomes the
 * last argument) and `range` over lists, maps (in key order) and integers.
 */
import { TemplateError } from './lex';
import { FUNCTIONS, LAZY_FUNCTIONS } from './funcs';
import { parseTemplate, type Command, type Node, type Operand, type Pipeline } from './parse';
import { fieldOf, formatValue, goTypeName, isMap, isTrue } from './values';

export { TemplateError } from './lex';

/** Output beyond this is a runaway template (a huge range), not a lima.yaml value. */
const OUTPUT_LIMIT = 16 * 1024 * 1024;

class LoopSignal {
  constructor(readonly kind: 'break' | 'continue') {}
}

interface Variable {
  name: string;
  value: unknown;
}

/** Expand `source` with `data` as Go's text/template does; throws TemplateError. */
export function executeTemplate(source: string, data: unknown): string {
  const nodes = parseTemplate(source);
  const state = new State(data);
  state.walk(nodes, data);
  return state.output;
}

class State {
  output = '';
  private readonly vars: Variable[];

  constructor(data: unknown) {
    this.vars = [{ name: '$', value: data }];
  }

  walk(nodes: readonly Node[], dot: unknown): void {
    for (const node of nodes) {
      switch (node.kind) {
        case 'text':
          this.write(node.text);
          break;
        case 'action': {
          const value = this.pipeline(node.pipeline, dot);
          if (node.pipeline.variables.length === 0) this.write(formatValue(value));
          break;
        }
        case 'if':
        case 'with':
          this.conditional(node, dot);
          break;
        case 'range':
          this.range(node, dot);
          break;
        case 'break':
        case 'continue':
          throw new LoopSignal(node.kind);
      }
    }
  }

  private write(text: string): void {
    this.output += text;
    if (this.output.length > OUTPUT_LIMIT) throw new TemplateError('template output is larger than 16 MiB');
  }

  private scoped<T>(run: () => T): T {
    const mark = this.vars.length;
    try {
      return run();
    } finally {
      this.vars.length = mark;
    }
  }

  private conditional(node: Extract<Node, { kind: 'if' | 'with' }>, dot: unknown): void {
    this.scoped(() => {
      const value = this.pipeline(node.pipeline, dot);
      if (isTrue(value)) this.walk(node.body, node.kind === 'with' ? value : dot);
      else this.walk(node.otherwise, dot);
    });
  }

  private range(node: Extract<Node, { kind: 'range' }>, dot: unknown): void {
    this.scoped(() => {
      const { variables } = node.pipeline;
      const value = this.pipeline({ ...node.pipeline, variables: [] }, dot);
      const entries = rangeEntries(value);
      if (entries.length === 0) {
        this.walk(node.otherwise, dot);
        return;
      }
      for (const [key, element] of entries) {
        const signal = this.scoped(() => {
          if (variables.length === 1) this.vars.push({ name: variables[0] as string, value: element });
          if (variables.length === 2) this.vars.push({ name: variables[0] as string, value: key }, { name: variables[1] as string, value: element });
          try {
            this.walk(node.body, element);
            return undefined;
          } catch (err) {
            if (err instanceof LoopSignal) return err.kind;
            throw err;
          }
        });
        if (signal === 'break') break;
      }
    });
  }

  private pipeline(pipeline: Pipeline, dot: unknown): unknown {
    let value: unknown;
    pipeline.commands.forEach((command, i) => {
      value = this.command(command, dot, i > 0 ? { value } : undefined);
    });
    for (const name of pipeline.variables) {
      if (pipeline.assign) this.lookup(name).value = value;
      else this.vars.push({ name, value });
    }
    return value;
  }

  private command(command: Command, dot: unknown, final: { value: unknown } | undefined): unknown {
    const [first, ...rest] = command.args;
    if (first === undefined) throw new TemplateError('empty command');
    if (first.kind === 'function') {
      const extra = final ? [() => final.value] : [];
      const lazy = LAZY_FUNCTIONS[first.name];
      if (lazy) return lazy([...rest.map((arg) => () => this.operand(arg, dot)), ...extra]);
      const fn = Object.hasOwn(FUNCTIONS, first.name) ? FUNCTIONS[first.name] : undefined;
      if (!fn) throw new TemplateError(`function "${first.name}" not defined`);
      return fn([...rest.map((arg) => this.operand(arg, dot)), ...extra.map((f) => f())]);
    }
    if (rest.length > 0 || final) {
      // Only methods take arguments, and plain data has none.
      const what = first.kind === 'field' ? `.${first.chain.join('.')}` : first.kind === 'literal' ? formatValue(first.value) : 'value';
      throw new TemplateError(`can't give argument to non-function ${what}`);
    }
    return this.operand(first, dot);
  }

  private operand(operand: Operand, dot: unknown): unknown {
    switch (operand.kind) {
      case 'dot':
        return dot;
      case 'literal':
        return operand.value;
      case 'field':
        return chain(dot, operand.chain);
      case 'variable':
        return chain(this.lookup(operand.name).value, operand.chain);
      case 'pipeline':
        return chain(this.scoped(() => this.pipeline(operand.pipeline, dot)), operand.chain);
      case 'function': {
        // A function used as an argument is called without arguments.
        return this.command({ args: [operand] }, dot, undefined);
      }
    }
  }

  private lookup(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as Variable;
      if (v.name === name) return v;
    }
    throw new TemplateError(`undefined variable: ${name}`);
  }
}

function chain(value: unknown, fields: readonly string[]): unknown {
  let current = value;
  for (const field of fields) current = fieldOf(current, field);
  return current;
}

function rangeEntries(value: unknown): Array<[unknown, unknown]> {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  if (isMap(value)) return Object.keys(value).sort().map((k) => [k, value[k]]);
  if (typeof value === 'number' && Number.isInteger(value)) return Array.from({ length: Math.max(0, value) }, (_, i) => [i, i]);
  throw new TemplateError(`range can't iterate over ${goTypeName(value)} ${formatValue(value)}`);
}

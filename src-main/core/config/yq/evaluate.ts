/**
 * Evaluation of the yq subset over a yaml Document. As in yq, an expression maps each input
 * to any number of outputs; outputs that point into the document carry their path, which is
 * what assignments and `del` write to. Assignments change the document and pass their input
 * on, so `.cpus = 2 | .memory = "2GiB"` applies both to the whole file.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Document } from 'yaml';
import { deleteAt, pathText, setAt, valueAt, type Path } from './document-edit';
import { YqError } from './errors';
import type { BinaryOp, Expr, Step } from './parser';

interface Item {
  value: unknown;
  /** Where in the document the value is; absent for computed values. */
  path?: Path;
}

export const SUPPORTED_FUNCTIONS = ['del', 'select', 'has', 'length', 'keys', 'map', 'not', 'unique', 'unique_by', 'sort', 'sort_by', 'reverse', 'to_entries', 'from_entries', 'with_entries', 'add', 'any', 'all', 'tostring', 'tonumber'] as const;
// What Lima switches off in its embedded yqlib (env, load) and what yqlib never allows (system).
const DISABLED_BY_LIMA = new Set(['env', 'strenv', 'envsubst', 'load', 'load_str', 'load_xml', 'load_props', 'load_base64', 'system']);

type Plain = Record<string, unknown>;
const isMapValue = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const truthy = (v: unknown): boolean => v !== null && v !== undefined && v !== false;
const typeName = (v: unknown): string => (v === null || v === undefined ? 'null' : Array.isArray(v) ? 'a list' : isMapValue(v) ? 'a map' : `the ${typeof v} ${JSON.stringify(v)}`);

export class YqEvaluator {
  constructor(private readonly doc: Document, private readonly expression: string) {}

  /** Runs the expression against the document's root; returns what it evaluated to. */
  run(expr: Expr): Item[] {
    return this.evalOne(expr, { value: valueAt(this.doc, []), path: [] });
  }

  private fail(message: string, col?: number): never {
    throw new YqError(message, this.expression, col);
  }

  /** The value of an item now: one pointing into the document is read again after changes. */
  private current(item: Item): unknown {
    return item.path ? valueAt(this.doc, item.path) : item.value;
  }

  private evalOne(expr: Expr, input: Item): Item[] {
    switch (expr.type) {
      case 'identity':
        return [{ ...input, value: this.current(input) }];
      case 'literal':
        return [{ value: expr.value }];
      case 'path':
        return this.evalOne(expr.from, input).flatMap((base) => this.step(base, expr.step, input, expr.col));
      case 'pipe':
        return this.evalOne(expr.left, input).flatMap((item) => this.evalOne(expr.right, item));
      case 'comma':
        return [...this.evalOne(expr.left, input), ...this.evalOne(expr.right, input)];
      case 'array':
        return [{ value: expr.items ? this.evalOne(expr.items, input).map((i) => structuredClone(this.current(i))) : [] }];
      case 'object':
        return this.object(expr.entries, input);
      case 'binary':
        return this.binary(expr.op, expr.left, expr.right, input, expr.col);
      case 'assign':
        return this.assign(expr, input);
      case 'call':
        return this.call(expr.name, expr.args, input, expr.col);
    }
  }

  private step(base: Item, step: Step, input: Item, col: number): Item[] {
    const value = this.current(base);
    const at = (key: string | number, v: unknown): Item => (base.path ? { value: v, path: [...base.path, key] } : { value: v });
    if (step.kind === 'iterate') {
      if (Array.isArray(value)) return value.map((v, i) => at(i, v));
      if (isMapValue(value)) return Object.entries(value).map(([k, v]) => at(k, v));
      if (value === null || value === undefined) return [];
      return this.fail(`cannot iterate over ${typeName(value)}${base.path ? ` at ${pathText(base.path)}` : ''}`, col);
    }
    const keys = step.kind === 'key' ? [step.key] : this.evalOne(step.index, input).map((i) => this.current(i));
    return keys.map((key) => {
      if (typeof key === 'number') {
        if (value === null || value === undefined) return at(key, null);
        if (!Array.isArray(value)) return this.fail(`cannot index ${typeName(value)} with the number ${key}`, col);
        const index = key < 0 ? value.length + key : key;
        if (!Number.isInteger(index) || index < 0) return this.fail(`index ${key} is outside the list of ${value.length} entries`, col);
        return at(index, value[index] ?? null);
      }
      if (typeof key !== 'string') return this.fail(`cannot use ${typeName(key)} as a key`, col);
      if (value === null || value === undefined) return at(key, null);
      if (!isMapValue(value)) return this.fail(`cannot index ${typeName(value)} with ${JSON.stringify(key)}${base.path ? ` at ${pathText(base.path)}` : ''}`, col);
      return at(key, Object.hasOwn(value, key) ? value[key] : null);
    });
  }

  private object(entries: Array<{ key: Expr; value: Expr }>, input: Item): Item[] {
    let partial: Plain[] = [{}];
    for (const entry of entries) {
      const keys = this.evalOne(entry.key, input).map((i) => this.current(i));
      const values = this.evalOne(entry.value, input).map((i) => structuredClone(this.current(i)));
      const next: Plain[] = [];
      for (const obj of partial) {
        for (const key of keys) {
          if (typeof key !== 'string') this.fail(`an object key must be a string, got ${typeName(key)}`);
          for (const value of values) next.push({ ...obj, [key]: value });
        }
      }
      partial = next;
    }
    return partial.map((value) => ({ value }));
  }

  private binary(op: BinaryOp, left: Expr, right: Expr, input: Item, col: number): Item[] {
    if (op === '//') {
      const found = this.evalOne(left, input).filter((i) => truthy(this.current(i)));
      return found.length > 0 ? found : this.evalOne(right, input);
    }
    if (op === 'and' || op === 'or') {
      const out: Item[] = [];
      for (const l of this.evalOne(left, input)) {
        const lv = truthy(this.current(l));
        if (op === 'and' && !lv) out.push({ value: false });
        else if (op === 'or' && lv) out.push({ value: true });
        else for (const r of this.evalOne(right, input)) out.push({ value: truthy(this.current(r)) });
      }
      return out;
    }
    const out: Item[] = [];
    for (const r of this.evalOne(right, input)) {
      for (const l of this.evalOne(left, input)) out.push({ value: this.combine(op, this.current(l), this.current(r), col) });
    }
    return out;
  }

  /** yq's arithmetic: `+` concatenates lists (a single value is appended) and merges maps; `*` merges maps deeply. */
  private combine(op: BinaryOp, l: unknown, r: unknown, col: number): unknown {
    switch (op) {
      case '==':
        return isDeepStrictEqual(l, r);
      case '!=':
        return !isDeepStrictEqual(l, r);
      case '<':
      case '<=':
      case '>':
      case '>=':
        if (!((typeof l === 'number' && typeof r === 'number') || (typeof l === 'string' && typeof r === 'string'))) {
          return this.fail(`cannot compare ${typeName(l)} with ${typeName(r)}`, col);
        }
        return op === '<' ? l < r : op === '<=' ? l <= r : op === '>' ? l > r : l >= r;
      case '+':
        if (l === null || l === undefined) return structuredClone(r);
        if (r === null || r === undefined) return structuredClone(l);
        if (Array.isArray(l)) return [...structuredClone(l), ...(Array.isArray(r) ? structuredClone(r) : [structuredClone(r)])];
        if (typeof l === 'number' && typeof r === 'number') return l + r;
        if (typeof l === 'string' && typeof r === 'string') return l + r;
        if (isMapValue(l) && isMapValue(r)) return { ...structuredClone(l), ...structuredClone(r) };
        return this.fail(`cannot add ${typeName(r)} to ${typeName(l)}`, col);
      case '-':
        if (Array.isArray(l) && Array.isArray(r)) return l.filter((v) => !r.some((x) => isDeepStrictEqual(v, x)));
        if (typeof l === 'number' && typeof r === 'number') return l - r;
        return this.fail(`cannot subtract ${typeName(r)} from ${typeName(l)}`, col);
      case '*':
        if (typeof l === 'number' && typeof r === 'number') return l * r;
        if ((isMapValue(l) || l === null) && isMapValue(r)) return deepMerge(l ?? {}, r);
        return this.fail(`cannot multiply ${typeName(l)} by ${typeName(r)}`, col);
      default:
        return this.fail(`the operator ${op} is not in Limadesk's yq subset`, col);
    }
  }

  private assign(expr: Extract<Expr, { type: 'assign' }>, input: Item): Item[] {
    const targets = this.evalOne(expr.target, input);
    for (const target of targets) {
      if (!target.path) this.fail('the left side of an assignment must be a path into the document, such as .cpus or .mounts[0].writable', expr.col);
    }
    const firstOf = (items: Item[]): { found: boolean; value: unknown } =>
      items.length === 0 ? { found: false, value: undefined } : { found: true, value: structuredClone(this.current(items[0]!)) };
    // `=` and the arithmetic forms evaluate the right side once, against the input (the root);
    // `|=` against each target's own value.
    const rhs = expr.op === '|=' ? undefined : firstOf(this.evalOne(expr.value, input));
    if (rhs && !rhs.found) this.fail('the right side of the assignment produced no value', expr.col);
    for (const target of targets) {
      const path = target.path!;
      const old = valueAt(this.doc, path);
      let next: unknown;
      if (expr.op === '=') next = rhs!.value;
      else if (expr.op === '|=') {
        const updated = firstOf(this.evalOne(expr.value, { value: old, path }));
        if (!updated.found) continue;
        next = updated.value;
      } else if (expr.op === '//=') next = truthy(old) ? old : rhs!.value;
      else next = this.combine(expr.op.slice(0, -1) as BinaryOp, old, rhs!.value, expr.col);
      try {
        setAt(this.doc, path, next);
      } catch (err) {
        this.fail((err as Error).message, expr.col);
      }
    }
    return [{ ...input, value: this.current(input) }];
  }

  private call(name: string, args: Expr[], input: Item, col: number): Item[] {
    if (DISABLED_BY_LIMA.has(name)) this.fail(`\`${name}\` is disabled: Lima's --set and yq provisioning may not read the host's environment, files or commands`, col);
    const arity = (n: number): void => {
      if (args.length !== n) this.fail(`${name} takes ${n} argument${n === 1 ? '' : 's'}, got ${args.length}`, col);
    };
    const value = this.current(input);
    const list = (): unknown[] => {
      if (Array.isArray(value)) return value;
      if (value === null || value === undefined) return [];
      return this.fail(`${name} needs a list, got ${typeName(value)}`, col);
    };
    const by = (f: Expr) => (v: unknown): unknown => this.evalOne(f, { value: v }).map((i) => this.current(i))[0] ?? null;
    switch (name) {
      case 'select':
        arity(1);
        return this.evalOne(args[0]!, input).some((i) => truthy(this.current(i))) ? [input] : [];
      case 'del': {
        arity(1);
        const paths = this.evalOne(args[0]!, input).map((i) => i.path ?? this.fail('del() needs paths into the document', col));
        // Deepest first, and later list entries before earlier ones, so that the indices found stay right.
        paths.sort((a, b) => comparePaths(b, a));
        for (const path of paths) deleteAt(this.doc, path);
        return [{ ...input, value: this.current(input) }];
      }
      case 'not':
        arity(0);
        return [{ value: !truthy(value) }];
      case 'length':
        arity(0);
        return [{ value: Array.isArray(value) || typeof value === 'string' ? value.length : isMapValue(value) ? Object.keys(value).length : value === null || value === undefined ? 0 : this.fail(`length of ${typeName(value)}`, col) }];
      case 'keys':
        arity(0);
        return [{ value: Array.isArray(value) ? value.map((_, i) => i) : isMapValue(value) ? Object.keys(value) : this.fail(`keys of ${typeName(value)}`, col) }];
      case 'has': {
        arity(1);
        const keys = this.evalOne(args[0]!, input).map((i) => this.current(i));
        return keys.map((k) => ({ value: Array.isArray(value) ? typeof k === 'number' && k >= 0 && k < value.length : isMapValue(value) && typeof k === 'string' && Object.hasOwn(value, k) }));
      }
      case 'map': {
        arity(1);
        const entries = Array.isArray(value) ? value : isMapValue(value) ? Object.values(value) : list();
        return [{ value: entries.flatMap((v) => this.evalOne(args[0]!, { value: v }).map((i) => structuredClone(this.current(i)))) }];
      }
      case 'unique':
        arity(0);
        return [{ value: uniqueBy(list(), (v) => v) }];
      case 'unique_by':
        arity(1);
        return [{ value: uniqueBy(list(), by(args[0]!)) }];
      case 'sort':
        arity(0);
        return [{ value: [...list()].sort(compareValues) }];
      case 'sort_by': {
        arity(1);
        const key = by(args[0]!);
        return [{ value: [...list()].sort((a, b) => compareValues(key(a), key(b))) }];
      }
      case 'reverse':
        arity(0);
        return [{ value: [...list()].reverse() }];
      case 'add':
        arity(0);
        return [{ value: list().reduce((acc, v) => this.combine('+', acc, v, col), null) }];
      case 'any':
        arity(0);
        return [{ value: list().some(truthy) }];
      case 'all':
        arity(0);
        return [{ value: list().every(truthy) }];
      case 'to_entries':
        arity(0);
        return [{ value: isMapValue(value) ? Object.entries(value).map(([key, v]) => ({ key, value: v })) : this.fail(`to_entries of ${typeName(value)}`, col) }];
      case 'from_entries':
        arity(0);
        return [{ value: Object.fromEntries(list().map((e) => [String((e as Plain).key), (e as Plain).value])) }];
      case 'with_entries': {
        arity(1);
        const entries = isMapValue(value) ? Object.entries(value).map(([key, v]) => ({ key, value: v })) : this.fail(`with_entries of ${typeName(value)}`, col);
        const mapped = entries.flatMap((e) => this.evalOne(args[0]!, { value: e }).map((i) => this.current(i) as Plain));
        return [{ value: Object.fromEntries(mapped.map((e) => [String(e.key), e.value])) }];
      }
      case 'tostring':
        arity(0);
        return [{ value: typeof value === 'string' ? value : JSON.stringify(value) }];
      case 'tonumber': {
        arity(0);
        const n = Number(value);
        return [{ value: Number.isFinite(n) && value !== '' && value !== null ? n : this.fail(`cannot turn ${typeName(value)} into a number`, col) }];
      }
      default:
        return this.fail(`\`${name}\` is not in Limadesk's yq subset (supported: paths, literals, = |= += -= *= //=, + - * //, == != < >, and/or, ${SUPPORTED_FUNCTIONS.join(', ')})`, col);
    }
  }
}

function deepMerge(l: Plain, r: Plain): Plain {
  const out: Plain = structuredClone(l);
  for (const [key, value] of Object.entries(r)) {
    const existing = out[key];
    out[key] = isMapValue(existing) && isMapValue(value) ? deepMerge(existing, value) : structuredClone(value);
  }
  return out;
}

function uniqueBy(values: readonly unknown[], key: (v: unknown) => unknown): unknown[] {
  const seen: unknown[] = [];
  const out: unknown[] = [];
  for (const v of values) {
    const k = key(v);
    if (seen.some((s) => isDeepStrictEqual(s, k))) continue;
    seen.push(k);
    out.push(v);
  }
  return out;
}

function compareValues(a: unknown, b: unknown): number {
  const rank = (v: unknown): number => (v === null ? 0 : typeof v === 'boolean' ? 1 : typeof v === 'number' ? 2 : typeof v === 'string' ? 3 : Array.isArray(v) ? 4 : 5);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' || typeof a === 'string' || typeof a === 'boolean') return a < (b as typeof a) ? -1 : a > (b as typeof a) ? 1 : 0;
  return JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0;
}

function comparePaths(a: Path, b: Path): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

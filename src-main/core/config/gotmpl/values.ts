/**
 * How template values behave, in Go's terms. Data is plain JSON-like JavaScript: objects are
 * Go maps, arrays are slices, `undefined` is Go's "invalid value" (what a missing map key
 * gives) and `null` is nil.
 */
import { TemplateError } from './lex';

export type GoMap = Record<string, unknown>;

export function isMap(value: unknown): value is GoMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Go's notion of "empty" that `if`, `with`, `and`, `or` and `not` use. */
export function isTrue(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (isMap(value)) return Object.keys(value).length > 0;
  return true;
}

export function goTypeName(value: unknown): string {
  if (value === undefined || value === null) return 'interface {}';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float64';
  if (Array.isArray(value)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** fmt's %v. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '<no value>';
  if (value === null) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined || v === null ? '<nil>' : formatValue(v))).join(' ')}]`;
  if (isMap(value)) {
    const keys = Object.keys(value).sort();
    return `map[${keys.map((k) => `${k}:${value[k] === null || value[k] === undefined ? '<nil>' : formatValue(value[k])}`).join(' ')}]`;
  }
  return String(value);
}

function formatNumber(n: number): string {
  if (Number.isInteger(n) || !Number.isFinite(n)) return Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  // %v of a float64 is %g: exponent form only for very large or small numbers.
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(n);
}

/** Field access: a map key, or nothing for a missing receiver; anything else is Go's error. */
export function fieldOf(receiver: unknown, name: string): unknown {
  if (receiver === undefined) return undefined;
  if (receiver === null) throw new TemplateError(`nil pointer evaluating interface {}.${name}`);
  if (isMap(receiver)) return Object.hasOwn(receiver, name) ? receiver[name] : undefined;
  throw new TemplateError(`can't evaluate field ${name} in type ${goTypeName(receiver)}`);
}

type BasicKind = 'bool' | 'number' | 'string' | 'invalid' | 'other';

function basicKind(value: unknown): BasicKind {
  if (value === undefined || value === null) return 'invalid';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  return 'other';
}

/** Go's `eq arg1 arg2...`: true when arg1 equals any of the others. */
export function goEqual(first: unknown, others: unknown[]): boolean {
  if (others.length === 0) throw new TemplateError('missing argument for comparison');
  const k1 = basicKind(first);
  for (const other of others) {
    const k2 = basicKind(other);
    if (k1 === 'other' || k2 === 'other') {
      if (first === other) return true;
      if (k1 !== 'invalid' && k2 !== 'invalid') throw new TemplateError('invalid type for comparison');
      continue;
    }
    if (k1 !== k2) {
      if (k1 !== 'invalid' && k2 !== 'invalid') throw new TemplateError('incompatible types for comparison');
      continue;
    }
    if (first === other) return true;
  }
  return false;
}

/** Go's `lt`: both operands of one basic, ordered kind. */
export function goLess(a: unknown, b: unknown): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka === 'invalid' || kb === 'invalid' || ka === 'other' || kb === 'other' || ka === 'bool') throw new TemplateError('invalid type for comparison');
  if (ka !== kb) throw new TemplateError('incompatible types for comparison');
  return (a as number | string) < (b as number | string);
}

/**
 * Turns a parsed YAML node tree into plain values, guided by the field table. Type mismatches
 * and unknown fields become issues at the node's position; the walk itself never throws.
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Scalar } from 'yaml';
import type { FieldSpec } from './fields';
import { closestName, formatFieldPath, type FieldPath } from './field-path';
import type { ConfigIssue } from './types';
import { deref, effectivePairs, keyText, offsetOf } from './yaml-nodes';

/** Beyond this many visited nodes a document is an alias bomb, not a config. */
const NODE_BUDGET = 200_000;
const MAX_DEPTH = 200;

/** Go's yaml accepts these YAML 1.1 words when the target field is a bool. */
const GO_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE']);
const GO_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE']);

/** Marks a value to drop: YAML null, like Go's nil pointer, means "not set". */
const UNSET = Symbol('unset');
type Out = unknown;

export class YamlWalker {
  readonly issues: ConfigIssue[] = [];
  /** Offset of every key visited → its field path, to name the field of parser errors. */
  readonly keyPaths = new Map<number, FieldPath>();
  private visited = 0;
  private budgetReported = false;
  private readonly active = new Set<unknown>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly file: string,
  ) {}

  convert(node: unknown, spec: FieldSpec | undefined, path: FieldPath): Out | typeof UNSET {
    if (++this.visited > NODE_BUDGET) {
      if (!this.budgetReported) this.report('error', path, node, 'document expands to too many nodes (alias expansion is too large)');
      this.budgetReported = true;
      return UNSET;
    }
    const target = deref(this.doc, node);
    if (target === undefined && node !== undefined) {
      this.report('error', path, node, 'alias refers to an anchor that is not defined');
      return UNSET;
    }
    if (target === null || target === undefined) return UNSET;
    if (isScalar(target) && (target.value === null || target.value === undefined)) return UNSET;
    if (this.active.has(target) || path.length > MAX_DEPTH) {
      this.report('error', path, node, this.active.has(target) ? 'alias refers to a node that contains it' : 'document is nested too deeply');
      return UNSET;
    }
    this.active.add(target);
    try {
      return spec ? this.typed(target, spec, path, node) : this.untyped(target, path);
    } finally {
      this.active.delete(target);
    }
  }

  static isUnset(v: unknown): v is typeof UNSET {
    return v === UNSET;
  }

  private typed(target: unknown, spec: FieldSpec, path: FieldPath, at: unknown): Out | typeof UNSET {
    if (spec.stringForm && isScalar(target) && typeof target.value === 'string') return target.value;
    switch (spec.kind) {
      case 'string':
        if (isScalar(target)) return scalarText(target);
        return this.mismatch(path, at, 'a string', target);
      case 'number':
        if (isScalar(target) && typeof target.value === 'number') {
          if (spec.integer && !Number.isSafeInteger(target.value)) return this.mismatch(path, at, 'an integer', target);
          return target.value;
        }
        return this.mismatch(path, at, spec.integer ? 'an integer' : 'a number', target);
      case 'boolean':
        if (isScalar(target)) {
          if (typeof target.value === 'boolean') return target.value;
          if (typeof target.value === 'string' && GO_TRUE.has(target.value)) return true;
          if (typeof target.value === 'string' && GO_FALSE.has(target.value)) return false;
        }
        return this.mismatch(path, at, 'a boolean (true or false)', target);
      case 'array':
        return this.array(target, spec, path, at);
      case 'map':
        return this.map(target, spec, path, at);
      case 'object':
        return this.object(target, spec, path, at);
    }
  }

  private array(target: unknown, spec: FieldSpec, path: FieldPath, at: unknown): Out | typeof UNSET {
    if (!isSeq(target)) return this.mismatch(path, at, 'a list', target);
    const out: unknown[] = [];
    target.items.forEach((item, i) => {
      const v = this.convert(item, spec.items, [...path, i]);
      if (v !== UNSET) out.push(v);
      else if (spec.items?.kind === 'object') out.push({});
      else if (spec.items?.kind === 'string') out.push('');
    });
    if (spec.length !== undefined && out.length !== spec.length) {
      this.report('error', path, at, `field \`${formatFieldPath(path)}\` must have exactly ${spec.length} items, got ${out.length}`);
      return UNSET;
    }
    return out;
  }

  private map(target: unknown, spec: FieldSpec, path: FieldPath, at: unknown): Out | typeof UNSET {
    if (!isMap(target)) return this.mismatch(path, at, 'a map', target);
    const out: Record<string, unknown> = {};
    for (const pair of effectivePairs(this.doc, target)) {
      const key = keyText(pair);
      if (key === undefined) {
        this.report('error', path, pair.key, `field \`${formatFieldPath(path)}\` has a key that is not a plain value`);
        continue;
      }
      this.noteKey(pair.key, [...path, key]);
      const v = this.convert(pair.value, spec.items, [...path, key]);
      // A map entry set to null still exists (env: {FOO: }), as an empty string in Go.
      out[key] = v === UNSET ? (spec.items?.kind === 'string' ? '' : null) : v;
    }
    return out;
  }

  private object(target: unknown, spec: FieldSpec, path: FieldPath, at: unknown): Out | typeof UNSET {
    if (!isMap(target)) return this.mismatch(path, at, spec.stringForm ? 'a string or a map' : 'a map', target);
    const out: Record<string, unknown> = {};
    const children = spec.children ?? {};
    for (const pair of effectivePairs(this.doc, target)) {
      const key = keyText(pair);
      if (key === undefined) {
        this.report('error', path, pair.key, `field \`${formatFieldPath(path)}\` has a key that is not a plain value`);
        continue;
      }
      const childPath = [...path, key];
      this.noteKey(pair.key, childPath);
      const child = Object.hasOwn(children, key) ? children[key] : undefined;
      if (!child && !spec.openKeys) {
        const hint = closestName(key, Object.keys(children));
        this.report('warning', childPath, pair.key,
          `unknown field \`${formatFieldPath(childPath)}\` (ignored)${hint ? `; did you mean \`${hint}\`?` : ''}`);
        continue;
      }
      const v = this.convert(pair.value, child, childPath);
      if (v !== UNSET) out[key] = v;
    }
    return out;
  }

  /** Values under open keys (vmOpts.<driver>, osOpts) are kept as plain data. */
  private untyped(target: unknown, path: FieldPath): Out | typeof UNSET {
    if (isScalar(target)) return target.value;
    if (isSeq(target)) {
      return target.items.map((item, i) => {
        const v = this.convert(item, undefined, [...path, i]);
        return v === UNSET ? null : v;
      });
    }
    if (isMap(target)) {
      const out: Record<string, unknown> = {};
      for (const pair of effectivePairs(this.doc, target)) {
        const key = keyText(pair);
        if (key === undefined) continue;
        this.noteKey(pair.key, [...path, key]);
        const v = this.convert(pair.value, undefined, [...path, key]);
        out[key] = v === UNSET ? null : v;
      }
      return out;
    }
    return UNSET;
  }

  private noteKey(key: unknown, path: FieldPath): void {
    const offset = offsetOf(key);
    if (offset !== undefined && !this.keyPaths.has(offset)) this.keyPaths.set(offset, path);
  }

  private mismatch(path: FieldPath, at: unknown, expected: string, got: unknown): typeof UNSET {
    this.report('error', path, at, `field \`${formatFieldPath(path)}\` must be ${expected}, got ${describe(got)}`);
    return UNSET;
  }

  report(severity: ConfigIssue['severity'], path: FieldPath, node: unknown, message: string): void {
    const offset = offsetOf(node) ?? 0;
    const pos = this.lines.linePos(offset);
    this.issues.push({ severity, field: formatFieldPath(path), message, file: this.file, line: pos.line, col: pos.col });
  }
}

/** A scalar as Go's yaml would put it in a string field: the text as written. */
function scalarText(s: Scalar): string {
  if (typeof s.value === 'string') return s.value;
  // `!!binary` (Lima embeds scripts with unprintable characters so) is the decoded text.
  if (s.value instanceof Uint8Array) return Buffer.from(s.value).toString('utf8');
  return typeof s.source === 'string' ? s.source : String(s.value);
}

function describe(node: unknown): string {
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a map';
  if (isScalar(node)) {
    const text = typeof node.value === 'string' ? node.value : scalarText(node);
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    return `${typeof node.value === 'string' ? 'string' : typeof node.value} \`${shown}\``;
  }
  return 'an unsupported value';
}

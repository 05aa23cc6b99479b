/**
 * Schema lookups for completion and hover. Works on any JSON Schema object (draft 7 or
 * 2020-12 style `$ref`s into `definitions`/`$defs`), so the editor does not depend on how the
 * lima.yaml schema is generated.
 */
import type { YamlPath } from './document-model';

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  markdownDescription?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema | JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  definitions?: Record<string, JsonSchema>;
  $defs?: Record<string, JsonSchema>;
}

function isSchema(value: unknown): value is JsonSchema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function resolveRef(root: JsonSchema, node: JsonSchema, seen = new Set<string>()): JsonSchema {
  const ref = node.$ref;
  if (!ref?.startsWith('#/') || seen.has(ref)) return node;
  seen.add(ref);
  let target: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
    target = isSchema(target) ? (target as Record<string, unknown>)[key] : undefined;
  }
  return isSchema(target) ? resolveRef(root, { ...target, ...withoutRef(node) }, seen) : node;
}

function withoutRef(node: JsonSchema): JsonSchema {
  const copy = { ...node };
  delete copy.$ref;
  return copy;
}

/** A schema and every alternative it allows, refs resolved. */
function variants(root: JsonSchema, node: JsonSchema): JsonSchema[] {
  const resolved = resolveRef(root, node);
  const alternatives = [...(resolved.anyOf ?? []), ...(resolved.oneOf ?? []), ...(resolved.allOf ?? [])];
  return [resolved, ...alternatives.flatMap((alt) => variants(root, alt))];
}

function child(root: JsonSchema, node: JsonSchema, segment: string | number): JsonSchema | undefined {
  for (const v of variants(root, node)) {
    if (typeof segment === 'number') {
      const items = Array.isArray(v.items) ? v.items[0] : v.items;
      if (items) return items;
    } else {
      const prop = v.properties?.[segment];
      if (prop) return prop;
      if (isSchema(v.additionalProperties)) return v.additionalProperties;
    }
  }
  return undefined;
}

export function schemaAt(root: JsonSchema, path: YamlPath): JsonSchema | undefined {
  let node: JsonSchema | undefined = root;
  for (const segment of path) {
    if (!node) return undefined;
    node = child(root, node, segment);
  }
  return node ? resolveRef(root, node) : undefined;
}

export interface KeyInfo {
  key: string;
  description?: string;
}

export function keysAt(root: JsonSchema, path: YamlPath): KeyInfo[] {
  const node = schemaAt(root, path);
  if (!node) return [];
  const keys = new Map<string, KeyInfo>();
  for (const v of variants(root, node)) {
    for (const [key, prop] of Object.entries(v.properties ?? {})) {
      if (!keys.has(key)) keys.set(key, { key, description: describe(root, prop) });
    }
    // Maps with a closed set of keys (e.g. `cpuType`, keyed by architecture) list them in propertyNames.
    const valueSchema = isSchema(v.additionalProperties) ? v.additionalProperties : undefined;
    for (const key of v.propertyNames ? variants(root, v.propertyNames).flatMap((n) => n.enum ?? []) : []) {
      if (typeof key === 'string' && !keys.has(key)) keys.set(key, { key, description: describe(root, valueSchema) });
    }
  }
  return [...keys.values()];
}

export function valuesAt(root: JsonSchema, path: YamlPath): string[] {
  const node = schemaAt(root, path);
  if (!node) return [];
  const values = new Set<string>();
  for (const v of variants(root, node)) {
    for (const e of v.enum ?? []) if (typeof e !== 'object') values.add(String(e));
    if (v.const !== undefined && typeof v.const !== 'object') values.add(String(v.const));
    const types = Array.isArray(v.type) ? v.type : v.type ? [v.type] : [];
    if (types.includes('boolean')) ['true', 'false'].forEach((b) => values.add(b));
  }
  return [...values];
}

export function describe(root: JsonSchema, node: JsonSchema | undefined): string | undefined {
  if (!node) return undefined;
  for (const v of variants(root, node)) {
    const text = v.description ?? v.markdownDescription;
    if (text) return text;
  }
  return undefined;
}

/** A one-paragraph hover text: the description, the type and the allowed values. */
export function hoverText(root: JsonSchema, path: YamlPath): string | undefined {
  const node = schemaAt(root, path);
  if (!node) return undefined;
  const parts: string[] = [];
  const description = describe(root, node);
  if (description) parts.push(description);
  const types = [...new Set(variants(root, node).flatMap((v) => (Array.isArray(v.type) ? v.type : v.type ? [v.type] : [])))];
  if (types.length > 0) parts.push(`Type: ${types.join(' | ')}`);
  const allowed = valuesAt(root, path).filter((v) => v !== 'true' && v !== 'false');
  if (allowed.length > 0) parts.push(`Allowed: ${allowed.join(', ')}`);
  if (node.default !== undefined) parts.push(`Default: ${JSON.stringify(node.default)}`);
  return parts.length > 0 ? parts.join('\n') : undefined;
}

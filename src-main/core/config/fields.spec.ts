import { describe, expect, expectTypeOf, it } from 'vitest';
import { LIMA_YAML_FIELDS, LIMA_YAML_ROOT, fieldAt, type FieldSpec } from './fields';
import type { LimaYAML } from './types';

function* walk(spec: FieldSpec, path: string): Generator<[string, FieldSpec]> {
  yield [path, spec];
  for (const [k, child] of Object.entries(spec.children ?? {})) yield* walk(child, path ? `${path}.${k}` : k);
  if (spec.items) yield* walk(spec.items, `${path}[]`);
}

describe('field table', () => {
  it('has exactly the top-level keys of LimaYAML', () => {
    expectTypeOf<keyof typeof LIMA_YAML_FIELDS>().toEqualTypeOf<keyof LimaYAML>();
    expect(Object.keys(LIMA_YAML_FIELDS)).toContain('additionalDisks');
  });

  it('describes every field in one line and gives each kind its parts', () => {
    const seen = [...walk(LIMA_YAML_ROOT, '')];
    expect(seen.length).toBeGreaterThan(150);
    for (const [path, spec] of seen) {
      expect(spec.description, path).toMatch(/^[^\n]{3,}$/);
      if (spec.kind === 'array') expect(spec.items, path).toBeDefined();
      if (spec.kind === 'object') expect(spec.children, path).toBeDefined();
    }
  });

  it('finds fields by path, through lists and maps', () => {
    expect(fieldAt(['mounts', 0, '9p', 'msize'])?.kind).toBe('string');
    expect(fieldAt(['portForwards', 3, 'guestPortRange'])?.length).toBe(2);
    expect(fieldAt(['env', 'FOO'])?.kind).toBe('string');
    expect(fieldAt(['additionalDisks', 0])?.stringForm).toBe(true);
    expect(fieldAt(['cpuType'])?.deprecated).toBe(true);
    expect(fieldAt(['nope'])).toBeUndefined();
    expect(fieldAt(['cpus', 'x'])).toBeUndefined();
  });
});

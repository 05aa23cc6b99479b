import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { limaYamlJsonSchema } from './schema';
import { parseLimaYaml } from './parse';

const TEMPLATES = path.resolve(import.meta.dirname, '../../../assets/templates');
const ajv = new Ajv2020({ strict: true, allErrors: true });
const check = ajv.compile(limaYamlJsonSchema());
const valid = (text: string): boolean => check(parse(text) ?? {});

describe('limaYamlJsonSchema', () => {
  const templates = readdirSync(TEMPLATES).filter((f) => f.endsWith('.yaml'));

  it('finds the bundled templates', () => {
    expect(templates).toContain('default.yaml');
  });

  it.each(templates)('accepts the bundled template %s, which also parses without issues', (name) => {
    const text = readFileSync(path.join(TEMPLATES, name), 'utf8');
    expect(check(parse(text) ?? {}), JSON.stringify(check.errors)).toBe(true);
    expect(parseLimaYaml(text, name).issues).toEqual([]);
  });

  it('accepts fields spelled out as null, as Lima templates do', () => {
    expect(valid('cpus: null\nmemory: null\nssh:\n  localPort: null\nmounts: null\n')).toBe(true);
  });

  it('accepts both forms of additionalDisks and base', () => {
    expect(valid('additionalDisks: [data, {name: x, format: false, fsType: xfs, fsArgs: [-i, size=512]}]\n')).toBe(true);
    expect(valid('base: template:default\n')).toBe(true);
    expect(valid('base: [template:a, {url: b.yaml, digest: "sha256:00"}]\n')).toBe(true);
    expect(valid('base: [{location: b.yaml}]\n')).toBe(false);
  });

  it('has enums for os, arch, mountType and vmType', () => {
    expect(valid('os: Plan9\n')).toBe(false);
    expect(valid('arch: sparc\n')).toBe(false);
    expect(valid('mountType: nfs\n')).toBe(false);
    expect(valid('vmType: bochs\n')).toBe(false);
    expect(valid('os: Linux\narch: aarch64\nmountType: virtiofs\nvmType: qemu\n')).toBe(true);
  });

  it('rejects wrong types, unknown fields and bad port ranges', () => {
    expect(valid('cpus: four\n')).toBe(false);
    expect(valid('cpus: 2.5\n')).toBe(false);
    expect(valid('cpu: 2\n')).toBe(false);
    expect(valid('portForwards: [{guestPortRange: [1, 2, 3]}]\n')).toBe(false);
    expect(valid('vmOpts: {qemu: {cpuType: {sparc: x}}}\n')).toBe(false);
    expect(valid('vmOpts: {krunkit: {anything: 1}}\n')).toBe(true);
  });

  it('carries descriptions and the deprecated flag for editor hover', () => {
    const schema = limaYamlJsonSchema() as { properties: Record<string, { description?: string; deprecated?: boolean }> };
    expect(schema.properties.cpus?.description).toMatch(/CPU/);
    expect(schema.properties.cpuType?.deprecated).toBe(true);
  });
});

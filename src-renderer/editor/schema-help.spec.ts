import { describe, expect, it } from 'vitest';
import { cursorContext, keyPathAt, siblingKeys } from './cursor-path';
import { hoverText, keysAt, valuesAt } from './schema-help';
import type { JsonSchema } from './schema-help';

const SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    cpus: { type: 'integer', description: 'Number of virtual CPUs.' },
    mounts: { type: 'array', items: { $ref: '#/$defs/Mount' } },
    video: {
      type: 'object',
      properties: { display: { type: 'string', enum: ['none', 'default', 'vnc'], description: 'QEMU display.' } },
    },
    vmOpts: {
      type: 'object',
      properties: {
        qemu: {
          anyOf: [
            { type: 'null' },
            {
              type: 'object',
              properties: {
                minimumVersion: { type: 'string' },
                cpuType: { type: 'object', additionalProperties: { type: 'string', description: 'QEMU CPU model' }, propertyNames: { enum: ['x86_64', 'aarch64'] } },
              },
            },
          ],
        },
      },
    },
  },
  $defs: {
    Mount: {
      type: 'object',
      properties: {
        location: { type: 'string', description: 'Host directory to share.' },
        writable: { type: 'boolean' },
      },
    },
  },
};

function at(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  return cursorContext(textWithCursor.replace('|', ''), offset);
}

describe('cursor context', () => {
  it('finds top-level keys', () => {
    expect(at('cpus: 2\nmem|')).toEqual({ kind: 'key', parentPath: [], prefix: 'mem', from: 8 });
  });

  it('finds keys inside a sequence item and inside nested maps', () => {
    expect(at('mounts:\n  - loc|')).toMatchObject({ kind: 'key', parentPath: ['mounts', 0], prefix: 'loc' });
    expect(at('mounts:\n  - location: ~\n    wr|')).toMatchObject({ kind: 'key', parentPath: ['mounts', 0], prefix: 'wr' });
    expect(at('vmOpts:\n  qemu:\n    # comment\n\n    min|')).toMatchObject({ parentPath: ['vmOpts', 'qemu'] });
  });

  it('finds values, even while the rest of the text does not parse', () => {
    expect(at('video:\n  display: v|\nbroken: "')).toMatchObject({ kind: 'value', path: ['video', 'display'], prefix: 'v' });
    expect(at('mounts:\n  - writable: |')).toMatchObject({ kind: 'value', path: ['mounts', 0, 'writable'], prefix: '' });
  });

  it('finds the key under the pointer for hover', () => {
    const text = 'mounts:\n  - location: ~\n';
    expect(keyPathAt(text, text.indexOf('location') + 3)).toEqual(['mounts', 0, 'location']);
    expect(keyPathAt(text, text.indexOf('~'))).toBeUndefined();
  });
});

describe('sibling keys', () => {
  function siblings(textWithCursor: string) {
    const offset = textWithCursor.indexOf('|');
    return [...siblingKeys(textWithCursor.replace('|', ''), offset)].sort();
  }

  it('lists the keys of the map the cursor is in, and only those', () => {
    expect(siblings('cpus: 2\nmounts:\n  - location: ~\n|\nvideo:\n  display: none\n')).toEqual(['cpus', 'mounts', 'video']);
    expect(siblings('mounts:\n  - location: ~\n    wr|\n    mountPoint: /m\n  - location: /x\n    writable: true\ncpus: 1\n')).toEqual(['location', 'mountPoint']);
    expect(siblings('video:\n  vnc:\n    display: x\n  |\ncpus: 1\n')).toEqual(['vnc']);
  });
});

describe('schema help', () => {
  it('lists keys with descriptions through $ref and anyOf', () => {
    expect(keysAt(SCHEMA, ['mounts', 0])).toEqual([
      { key: 'location', description: 'Host directory to share.' },
      { key: 'writable', description: undefined },
    ]);
    expect(keysAt(SCHEMA, ['vmOpts', 'qemu']).map((k) => k.key)).toEqual(['minimumVersion', 'cpuType']);
    expect(keysAt(SCHEMA, ['vmOpts', 'qemu', 'cpuType'])).toEqual([
      { key: 'x86_64', description: 'QEMU CPU model' },
      { key: 'aarch64', description: 'QEMU CPU model' },
    ]);
    expect(keysAt(SCHEMA, ['nope'])).toEqual([]);
  });

  it('offers enum and boolean values', () => {
    expect(valuesAt(SCHEMA, ['video', 'display'])).toEqual(['none', 'default', 'vnc']);
    expect(valuesAt(SCHEMA, ['mounts', 0, 'writable'])).toEqual(['true', 'false']);
  });

  it('explains a key on hover', () => {
    expect(hoverText(SCHEMA, ['video', 'display'])).toBe('QEMU display.\nType: string\nAllowed: none, default, vnc');
    expect(hoverText(SCHEMA, ['cpus'])).toBe('Number of virtual CPUs.\nType: integer');
  });
});

describe('bundled lima.yaml schema', () => {
  it('drives completion and hover for the form fields', async () => {
    const { limaYamlSchema } = await import('./bundled-schema');
    const top = keysAt(limaYamlSchema, []).map((k) => k.key);
    expect(top).toEqual(expect.arrayContaining(['cpus', 'memory', 'disk', 'mounts', 'portForwards', 'video', 'vmOpts']));
    expect(keysAt(limaYamlSchema, ['mounts', 0]).map((k) => k.key)).toEqual(expect.arrayContaining(['location', 'mountPoint', 'writable']));
    expect(valuesAt(limaYamlSchema, ['portForwards', 0, 'proto'])).toEqual(expect.arrayContaining(['tcp', 'udp']));
    expect(hoverText(limaYamlSchema, ['cpus'])).toMatch(/CPU/);
  });
});

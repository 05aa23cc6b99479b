import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadLimaYaml } from '../../src-main/core/config/load';
import { expectClearIssue, fuzzParams, hostileString, treeSnapshot } from './fuzz-support';

// lima.yaml text from any source (an editor buffer, a downloaded template) goes through the
// loader; whatever it is, the loader answers with issues and never throws or writes.
const TEMPLATE = readFileSync(path.resolve(import.meta.dirname, '../../assets/templates/default.yaml'), 'utf8');
const TEMPLATE_LINES = TEMPLATE.split('\n');

let home: string;
let instanceDir: string;
let before: Record<string, string>;

beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), 'ld-fuzz-cfg-'));
  instanceDir = path.join(home, 'fuzz');
  mkdirSync(instanceDir);
  before = treeSnapshot(home);
});
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

async function loadChecked(text: string): Promise<void> {
  const file = path.join(instanceDir, 'lima.yaml');
  const result = await loadLimaYaml({ file, text, limaHome: home, instanceDir });
  for (const issue of result.issues) expectClearIssue(issue);
  const errors = result.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) expect(result.config).toBeUndefined();
  // An error in the text itself points at a line of it, so the editor can underline it.
  for (const e of errors.filter((i) => i.file === file && i.line !== undefined)) {
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.line).toBeLessThanOrEqual(text.split('\n').length + 1);
  }
}

/** The shipped template with lines dropped, duplicated or replaced: near-valid text reaches deep into validation. */
const mutatedTemplate = fc
  .array(fc.tuple(fc.nat(TEMPLATE_LINES.length - 1), fc.constantFrom('drop', 'dup', 'replace', 'indent'), hostileString()), { maxLength: 6 })
  .map((edits) => {
    const lines = [...TEMPLATE_LINES];
    for (const [at, op, text] of edits) {
      const i = Math.min(at, lines.length - 1);
      if (op === 'drop') lines.splice(i, 1);
      else if (op === 'dup') lines.splice(i, 0, lines[i] ?? '');
      else if (op === 'indent') lines[i] = `  ${lines[i] ?? ''}`;
      else lines[i] = `${(lines[i] ?? '').split(':')[0] ?? ''}: ${text}`;
    }
    return lines.join('\n');
  });

const LIMA_KEYS = ['vmType', 'arch', 'cpus', 'memory', 'disk', 'images', 'mounts', 'mountType', 'ssh', 'firmware', 'video', 'networks',
  'portForwards', 'provision', 'probes', 'containerd', 'env', 'param', 'additionalDisks', 'os', 'cpuType', 'rosetta', 'timezone',
  'hostResolver', 'propagateProxyEnv', 'caCerts', 'plain', 'nestedVirtualization', 'user', 'guestInstallPrefix', 'minimumLimaVersion',
  'vmOpts', 'audio', 'message', 'copyToHost', 'base', 'upgradePackages', 'dns', 'mountInotify'];

/** Objects keyed by Lima's own field names with values of any JSON type: every field's type checks. */
const limaShaped = fc
  .dictionary(fc.constantFrom(...LIMA_KEYS), fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileString()), { maxKeys: 8 })
  .map((obj) => stringify(obj));

describe('lima.yaml fuzzing: the loader answers every text with issues, never throws, never writes', () => {
  it('arbitrary text', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 400 })), loadChecked), fuzzParams());
  }, 30_000);

  it('YAML documents shaped like lima.yaml', async () => {
    await fc.assert(fc.asyncProperty(limaShaped, loadChecked), fuzzParams());
  }, 30_000);

  it('the shipped template, mutated line by line', async () => {
    await fc.assert(fc.asyncProperty(mutatedTemplate, loadChecked), fuzzParams());
  }, 30_000);

  it('YAML syntax edge cases: anchors, aliases, tags, merges, huge numbers, deep nesting', async () => {
    const cases = [
      'a: &x [*x]', 'cpus: !!binary aGVsbG8=', '<<: *missing', 'cpus: 1e400', 'memory: -1', 'cpus: 0x10', 'cpus: .inf',
      `${'['.repeat(500)}${']'.repeat(500)}`, 'images: [{location: "/x", arch: x86_64}]\nimages: []', '---\na: 1\n---\nb: 2',
      'images:\n- location: !!js/function "function(){}"', 'mounts: [{location: "../../etc", mountPoint: "/.."}]', '\uFEFFcpus: 2',
      'cpus: 2\t# tab', 'x: "\\uD800"', `env: {${Array.from({ length: 2000 }, (_, i) => `k${i}: v`).join(', ')}}`,
      'a: &a {b: *a}', 'base: template:../../../etc/passwd', 'base: file:///etc/shadow', 'provision: [{mode: system, script: "$(id)"}]',
    ];
    for (const text of cases) await loadChecked(text);
  });

  it('wrote nothing under LIMA_HOME', () => {
    expect(treeSnapshot(home)).toEqual(before);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseLimaYaml } from './parse';
import { validateTemplate } from './template-validate';

const F = '/tmp/lima.yaml';
const errors = (text: string) => parseLimaYaml(text, F).issues.filter((i) => i.severity === 'error').map(({ line, col, message }) => ({ line, col, message }));

describe('YAML syntax errors, in the writer\'s terms and at the place to fix', () => {
  it('a value on its own line followed by a deeper line: the deeper line is the problem', () => {
    const text = 'cpus: 2\nssh:\n  localPort: 60022\n    forwardAgent: true\n';
    expect(errors(text)).toEqual([{ line: 4, col: 5, message: expect.stringContaining('`forwardAgent: true` is indented deeper than `localPort`') }]);
  });

  it('a second `: ` in a value', () => {
    expect(errors('cpus: 2\nmessage: note: read this\n')).toEqual([
      { line: 2, col: 14, message: expect.stringMatching(/second `: ` in one value; put the value in quotes/) },
    ]);
  });

  it('an unclosed quote is shown where it opens, not at the end of the file', () => {
    expect(errors('cpus: 2\nmemory: "4GiB\ndisk: 100GiB\n')).toEqual([{ line: 2, col: 9, message: expect.stringContaining('has no closing "') }]);
    expect(errors("message: 'it''s\ncpus: 2\n")).toEqual([{ line: 1, col: 10, message: expect.stringContaining("has no closing '") }]);
  });

  it('an unclosed list or map is shown at its bracket', () => {
    expect(errors('cpus: 2\nmounts: [a, b\nmemory: 4GiB\n')).toEqual([{ line: 2, col: 9, message: expect.stringContaining('add `]`') }]);
    expect(errors('env: {A: [1, 2], B: 3\ncpus: 2\n')).toEqual([{ line: 1, col: 6, message: expect.stringContaining('add `}`') }]);
  });

  it('one problem is one error, and the walk over a broken document adds no others on its line', () => {
    const text = 'cpus: 2\n- a\n';
    expect(errors(text)).toHaveLength(1);
    expect(errors('cpus:2\nmemory: 4GiB\n')).toEqual([{ line: 1, col: 1, message: expect.stringContaining('a key needs a space after its colon') }]);
  });

  it('tabs, misaligned keys, text after a quoted value, several documents', () => {
    expect(errors('ssh:\n\tlocalPort: 1\n')).toEqual([{ line: 2, col: 1, message: expect.stringContaining('indented with a tab') }]);
    expect(errors('ssh:\n  localPort: 1\n forwardAgent: true\n')).toEqual([{ line: 3, col: 2, message: expect.stringContaining('does not line up') }]);
    expect(errors('message: "hello" world\n')).toEqual([{ line: 1, col: 18, message: expect.stringContaining('put the whole value in quotes') }]);
    expect(errors('cpus: 2\n---\ncpus: 3\n')).toEqual([{ line: 2, col: 1, message: expect.stringContaining('one YAML document') }]);
  });

  it('never uses the parser\'s grammar words for these', () => {
    const texts = ['a: b: c\n', 'ssh:\nlocalPort: 1\n  x: 2\n', 'provision:\n- mode: system\n  script: |\n  echo hi\n', 'cpus: 2\n- a\n'];
    for (const text of texts) {
      for (const e of errors(text)) expect(e.message).not.toMatch(/compact mapping|implicit key|block-seq-ind|map values/i);
    }
  });
});

describe('syntax errors through template validation (what validateConfig and `limadesk validate` show)', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'limadesk-syntax-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const file = path.join(home, 'x', 'x.yaml');

  it('reports the syntax error of the text itself with its line and column', async () => {
    const result = await validateTemplate(file, { limaHome: home, env: {}, text: 'cpus: 2\nssh:\n  localPort: 60022\n    forwardAgent: true\n' });
    expect(result.issues).toEqual([
      { severity: 'error', field: '', file, line: 4, col: 5, message: expect.stringContaining('is indented deeper than `localPort`') },
    ]);
  });

  it('reports a key written twice in the text with Lima\'s wording and its line', async () => {
    const result = await validateTemplate(file, { limaHome: home, env: {}, text: 'cpus: 2\nmemory: 4GiB\ncpus: 4\n' });
    expect(result.issues).toEqual([{ severity: 'error', field: '', file, line: 3, col: 1, message: 'map key-value is pre-defined: `cpus` is set more than once' }]);
  });

  it('reports a base that is not valid YAML at its own line', async () => {
    const base = path.join(home, 'base.yaml');
    writeFileSync(base, 'cpus: 2\nmemory: "4GiB\n');
    const result = await validateTemplate(file, { limaHome: home, env: {}, text: `base: ${base}\n` });
    expect(result.issues).toEqual([{ severity: 'error', field: '', file: base, line: 2, col: 9, message: expect.stringContaining('no closing "') }]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseLimaYaml } from './parse';
import { validateTemplate } from './template-validate';

const F = '/tmp/lima.yaml';

/** Whether the `yaml` package's own toJS (what the editor uses) refuses the text as an alias bomb. */
function toJsRefuses(text: string): boolean {
  try {
    parseDocument(text, { merge: true }).toJS();
    return false;
  } catch (err) {
    return /alias count/i.test((err as Error).message);
  }
}

const aliasIssue = (text: string) => parseLimaYaml(text, F).issues.find((i) => /alias/.test(i.message) && i.severity === 'error');

describe('alias expansion limits', () => {
  it('refuses what the editor refuses: an anchor used more than 100 times', () => {
    const ok = `osOpts:\n  a: &a {x: 1}\n  list: [${Array(99).fill('*a').join(', ')}]\n`;
    const tooMany = `osOpts:\n  a: &a {x: 1}\n  list: [${Array(101).fill('*a').join(', ')}]\n`;
    expect(toJsRefuses(ok)).toBe(false);
    expect(toJsRefuses(tooMany)).toBe(true);
    expect(aliasIssue(ok)).toBeUndefined();
    expect(aliasIssue(tooMany)).toMatchObject({ file: F, line: 3, message: expect.stringContaining('*a') });
  });

  it('counts nested aliases as the editor does', () => {
    // Each level holds 5 aliases of the one below: 5, 25, 125 copies.
    let text = 'osOpts:\n  a0: &a0 [x]\n';
    for (let i = 1; i <= 3; i++) text += `  a${i}: &a${i} [${Array(5).fill(`*a${i - 1}`).join(', ')}]\n`;
    expect(toJsRefuses(text)).toBe(true);
    expect(aliasIssue(text)).toMatchObject({ line: 5 });
    const two = text.split('\n').slice(0, 4).join('\n') + '\n';
    expect(toJsRefuses(two)).toBe(false);
    expect(aliasIssue(two)).toBeUndefined();
  });

  it('refuses a large alias bomb at once, without expanding it', () => {
    // The shape that froze validation: many anchors, each used by the next level, in a document
    // of several kilobytes (each alias lookup used to walk the whole document).
    let text = 'osOpts:\n';
    for (let i = 0; i < 140; i++) text += `  pad${i}: &p${i} {k: ${'v'.repeat(40)}}\n`;
    text += `  a0: &a0 [${Array(9).fill('x').join(', ')}]\n`;
    for (let i = 1; i < 10; i++) text += `  a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    text += '  boom: *a9\n';
    expect(text.length).toBeGreaterThan(8000);
    const p = parseLimaYaml(text, F);
    expect(p.issues.filter((i) => i.severity === 'error').map((i) => i.message)).toEqual([expect.stringContaining('alias')]);
    expect(p.issues.find((i) => i.severity === 'error')?.message).not.toContain('too many nodes');
  });

  it('keeps YAML\'s rule that an alias names the last anchor written before it', () => {
    const p = parseLimaYaml('osOpts:\n  a: &x 1\n  b: *x\n  c: &x 2\n  d: *x\n', F);
    expect(p.issues).toEqual([]);
    expect(p.value.osOpts).toEqual({ a: 1, b: 1, c: 2, d: 2 });
  });

  it('refuses an alias bomb in a template before copying it (validateConfig embeds templates first)', async () => {
    let text = 'osOpts:\n';
    text += `  a0: &a0 [${Array(9).fill('x').join(', ')}]\n`;
    for (let i = 1; i < 7; i++) text += `  a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    text += '  boom: *a6\n';
    const result = await validateTemplate('/nonexistent/limadesk/x.yaml', { limaHome: '/nonexistent/limadesk', env: {}, text });
    expect(result.issues).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringMatching(/too many aliases: \*a2 on line 5/) })]);
  });
});

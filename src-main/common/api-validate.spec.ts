import { describe, expect, it } from 'vitest';
import { checkMethodName, validateParams } from './api-validate';

describe('validateParams', () => {
  it('accepts well-formed parameters and methods called with nothing', () => {
    expect(validateParams('stopInstance', { name: 'default', force: true })).toEqual({ ok: true, params: { name: 'default', force: true } });
    expect(validateParams('listInstances', undefined)).toEqual({ ok: true, params: {} });
    expect(validateParams('getTemplateText', { name: 'experimental/vnc' })).toMatchObject({ ok: true });
    expect(validateParams('readLog', { name: 'a.b-c', log: 'serial', maxBytes: 4096 })).toMatchObject({ ok: true });
  });

  it('names the method and every offending field', () => {
    const r = validateParams('createSnapshot', { name: '../x', tag: 'a b', extra: 1 });
    expect(r).toMatchObject({ ok: false, code: 'invalid-request' });
    if (r.ok) return;
    expect(r.message).toMatch(/^createSnapshot: /);
    expect(r.message).toContain('unknown field "extra"');
    expect(r.message).toContain('"name" must be an instance name');
    expect(r.message).toContain('"tag" must be a snapshot tag');
  });

  it('refuses names that could leave LIMA_HOME and wrong types', () => {
    for (const name of ['', '..', 'a/b', '.hidden', 'x'.repeat(77), 42]) {
      expect(validateParams('getInstance', { name }).ok, String(name)).toBe(false);
    }
    expect(validateParams('getTemplateText', { name: '../../etc/passwd' }).ok).toBe(false);
    expect(validateParams('stopInstance', { name: 'a', force: 'yes' })).toMatchObject({ message: 'stopInstance: "force" must be true or false' });
    expect(validateParams('readLog', { name: 'a', log: 'ha.sock' })).toMatchObject({ ok: false });
    expect(validateParams('readLog', { name: 'a', log: 'serial', maxBytes: -1 })).toMatchObject({ ok: false });
    expect(validateParams('putConfigText', { name: 'a', text: 'x'.repeat(1024 * 1024 + 1) })).toMatchObject({ ok: false });
    expect(validateParams('listInstances', [])).toMatchObject({ message: 'listInstances: parameters must be a JSON object, got an array' });
  });

  it('knows only the contract methods, not inherited names', () => {
    expect(checkMethodName('listInstances')).toEqual({ ok: true, method: 'listInstances' });
    for (const bad of ['toString', 'hasOwnProperty', '__proto__', 3, null]) {
      expect(checkMethodName(bad)).toMatchObject({ ok: false, code: 'unknown-method' });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { defaultInstanceName, instanceNameProblem } from './instance-name';

describe('instance names', () => {
  it('accepts Lima identifiers', () => {
    for (const name of ['dev', 'Dev2', 'my-vm', 'a.b_c-d', 'x'.repeat(76)]) expect(instanceNameProblem(name), name).toBeUndefined();
  });

  it('explains each way a name can be wrong', () => {
    expect(instanceNameProblem('')).toMatch(/Give the instance a name/);
    expect(instanceNameProblem('my vm/1')).toBe('A name may hold only letters, digits, ".", "_" and "-"; remove the space, "/".');
    expect(instanceNameProblem('-dev')).toMatch(/starts and ends with a letter or digit/);
    expect(instanceNameProblem('dev..2')).toMatch(/one at a time/);
    expect(instanceNameProblem('x'.repeat(77))).toMatch(/at most 76 characters; this one has 77/);
    expect(instanceNameProblem('dev.yaml')).toMatch(/must not end with .yml or .yaml/);
    expect(instanceNameProblem('dev', ['dev'])).toBe('An instance named dev already exists; choose another name.');
  });

  it('derives the default name as limactl does', () => {
    expect(defaultInstanceName('default')).toBe('default');
    expect(defaultInstanceName('experimental/VNC')).toBe('vnc');
    expect(defaultInstanceName('My-Box.yaml')).toBe('my-box');
  });
});

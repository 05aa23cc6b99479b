import { describe, expect, it } from 'vitest';
import { runCli } from '../run';
import { limaYamlJsonSchema } from '../../core/config/schema';

describe('limadesk schema', () => {
  it('prints the lima.yaml JSON Schema', async () => {
    let out = '';
    const code = await runCli(['schema'], { stdout: (t) => { out += t; }, stderr: () => {} });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(limaYamlJsonSchema());
  });

  it('rejects arguments', async () => {
    let err = '';
    expect(await runCli(['schema', 'extra'], { stdout: () => {}, stderr: (t) => { err += t; } })).toBe(2);
    expect(err).toContain('unexpected argument "extra"');
  });
});

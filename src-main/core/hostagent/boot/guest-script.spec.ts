import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { scriptCommand, scriptInterpreter } from './guest-script';

const run = promisify(execFile);

describe('scripts run as Lima runs them', () => {
  it('takes the interpreter from the #! line and refuses a script without one', () => {
    expect(scriptInterpreter('#!/bin/bash -eux\ntrue\n')).toBe('/bin/bash -eux');
    expect(() => scriptInterpreter('true\n')).toThrow('the first line lacks `#!`');
    expect(() => scriptInterpreter('#!  \ntrue')).toThrow('the `#!` line is empty');
  });

  it('exports the params as PARAM_<key>, quoted for the guest shell, in key order', async () => {
    const command = scriptCommand('#!/bin/sh\n', { B: "it's $HOME", A: 'plain' });
    expect(command).toBe(`env PARAM_A=plain 'PARAM_B=it'\\''s $HOME' /bin/sh`);
    // What the guest's shell makes of it: the script on stdin sees the values as written.
    const { stdout } = await run('sh', ['-c', `echo 'printf "%s|%s" "$PARAM_A" "$PARAM_B"' | ${command}`]);
    expect(stdout).toBe("plain|it's $HOME");
    expect(scriptCommand('#!/bin/sh -e\n')).toBe('/bin/sh -e');
  });
});

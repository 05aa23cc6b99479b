import { describe, expect, it } from 'vitest';
import { takeHostOption } from './host-option';

describe('--host on instance commands', () => {
  it('takes --host NAME and --host=NAME wherever the options are', () => {
    expect(takeHostOption(['--host', 'box', 'stop', '--force'])).toEqual({ host: 'box', rest: ['stop', '--force'] });
    expect(takeHostOption(['vm1', '--host=box', '-f'])).toEqual({ host: 'box', rest: ['vm1', '-f'] });
    expect(takeHostOption(['vm1'])).toEqual({ host: undefined, rest: ['vm1'] });
  });

  it('leaves what follows -- alone, and for shell what follows the instance name', () => {
    expect(takeHostOption(['vm1', '--', 'curl', '--host', 'x'])).toEqual({ host: undefined, rest: ['vm1', '--', 'curl', '--host', 'x'] });
    expect(takeHostOption(['--host', 'box', 'vm1', 'ping', '--host', 'x'], { untilPositional: true })).toEqual({ host: 'box', rest: ['vm1', 'ping', '--host', 'x'] });
  });

  it('refuses --host without a name, and two different hosts', () => {
    expect(() => takeHostOption(['vm1', '--host'])).toThrow(/--host needs a host name/);
    expect(() => takeHostOption(['--host', '--force', 'vm1'])).toThrow(/--host needs a host name/);
    expect(() => takeHostOption(['--host=', 'vm1'])).toThrow(/--host needs a host name/);
    expect(() => takeHostOption(['--host', 'a', '--host', 'b'])).toThrow(/given twice/);
  });
});

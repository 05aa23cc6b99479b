import { describe, expect, it } from 'vitest';
import { WriteFileError } from '../store/atomic-write';
import { toApiFailure } from './errors';
import { InstanceNotFoundError } from '../instances/errors';

describe('toApiFailure', () => {
  it('tells a refusal of the host file system from a bug, keeping the message that names the file', () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const failure = toApiFailure(new WriteFileError('/home/u/.lima/vm1/lima.yaml', full));
    expect(failure.code).toBe('host-io');
    expect(failure.message).toContain('/home/u/.lima/vm1/lima.yaml');
    expect(toApiFailure(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })).code).toBe('host-io');
  });

  it('keeps unexpected errors internal and expected ones typed', () => {
    expect(toApiFailure(new TypeError('x is undefined')).code).toBe('internal');
    expect(toApiFailure(new InstanceNotFoundError('vm1'))).toEqual({ ok: false, code: 'not-found', message: 'instance "vm1" does not exist' });
  });
});

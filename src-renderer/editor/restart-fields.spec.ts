import { describe, expect, it } from 'vitest';
import { changedFields, fieldsNeedingRestart } from './restart-fields';

const BASE = '# vm\ncpus: 2\nmemory: 4GiB\ndisk: 100GiB\nmessage: hi\n';

describe('restart fields', () => {
  it('lists changed top-level fields and leaves out those that do not touch the VM', () => {
    const after = BASE.replace('cpus: 2', 'cpus: 4').replace('message: hi', 'message: hello').replace('# vm', '# renamed');
    expect(changedFields(BASE, after)).toEqual(['cpus', 'message']);
    expect(fieldsNeedingRestart(BASE, after)).toEqual(['cpus']);
    expect(fieldsNeedingRestart(BASE, BASE + 'mounts:\n  - location: ~\n')).toEqual(['mounts']);
  });
});

import { describe, expect, it } from 'vitest';
import { config, linuxKvm, macArm } from './argv-fixtures.test-support';
import { validateForQemu } from './validate';

describe('validateForQemu', () => {
  it('mount types per host', () => {
    const virtiofs = config({ mountType: 'virtiofs' });
    expect(validateForQemu({ config: virtiofs, host: linuxKvm, qemuVersion: '8.2.0' })).toEqual([]);
    expect(validateForQemu({ config: virtiofs, host: macArm, qemuVersion: '8.2.1' }).map((i) => i.message))
      .toEqual(['field `mountType` must be `reverse-sshfs` or `9p` for QEMU driver on macOS, got "virtiofs"']);
    expect(validateForQemu({ config: config({ mountTypesUnsupported: ['9p'] }), host: linuxKvm, qemuVersion: '' })[0]?.message)
      .toBe('mount type `9p` is explicitly unsupported');
  });

  it('unknown network fields warn, with the field and file', () => {
    const cfg = config({ networks: [{ socket: '/run/x.sock', bogus: 1 } as never] });
    expect(validateForQemu({ config: cfg, host: linuxKvm, qemuVersion: '', file: '/i/lima.yaml' })).toEqual([
      { severity: 'warning', field: 'networks[0].bogus', message: 'field `networks[0].bogus` is not known to the QEMU driver and is ignored', file: '/i/lima.yaml' },
    ]);
  });

  it('minimumVersion: not semver, and QEMU too old', () => {
    expect(validateForQemu({ config: config({ vmOpts: { qemu: { minimumVersion: 'eight' } } }), host: linuxKvm, qemuVersion: '7.2.0' })[0]?.message)
      .toBe('field `vmOpts.qemu.minimumVersion` must be a semvar value, got "eight"');
    expect(validateForQemu({ config: config({ vmOpts: { qemu: { minimumVersion: '9.0.0' } } }), host: linuxKvm, qemuVersion: '7.2.0' }))
      .toEqual([{ severity: 'error', field: 'vmOpts.qemu.minimumVersion', message: 'QEMU 7.2.0 is too old, template requires "9.0.0" or later' }]);
  });
});

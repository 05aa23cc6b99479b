import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/logger';
import { config, instance } from './qemu/argv-fixtures.test-support';
import { createDriver } from './registry';

describe('createDriver', () => {
  it('returns the QEMU driver for qemu', () => {
    const driver = createDriver('qemu', instance(config()), { logger: silentLogger });
    expect(driver.info()).toMatchObject({ name: 'qemu', vsockPort: 0, supportedImageFormats: ['qcow2', 'raw', 'vmdk', 'vhdx'] });
    expect(driver.sshAddress()).toBe('127.0.0.1');
  });

  it('explains that vz and wsl2 are not driven, and rejects unknown types', () => {
    expect(() => createDriver('vz', instance(config()), { logger: silentLogger })).toThrow('Limadesk drives QEMU only');
    expect(() => createDriver('wsl2', instance(config()), { logger: silentLogger })).toThrow('Limadesk drives QEMU only');
    expect(() => createDriver('firecracker', instance(config()), { logger: silentLogger })).toThrow('unknown vmType "firecracker"');
  });
});

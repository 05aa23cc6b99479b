import { describe, expect, it } from 'vitest';
import { siDebian, siFreebsd, siLinux, siUbuntu } from 'simple-icons';
import { osDescription, osLogo } from './os-logo';

describe('OS logos', () => {
  it('picks the distribution\'s mark from simple-icons', () => {
    expect(osLogo({ os: 'Linux', distro: 'Ubuntu 24.04' })).toEqual({ title: 'Ubuntu 24.04', path: siUbuntu.path, hex: `#${siUbuntu.hex}` });
    expect(osLogo({ os: 'Linux', distro: 'Debian 12' })?.path).toBe(siDebian.path);
    for (const distro of ['Fedora 41', 'Alpine 3.21', 'Arch Linux', 'AlmaLinux 9', 'Rocky Linux 9', 'openSUSE Leap 15.6', 'CentOS Stream 10', 'FreeBSD 14.2']) {
      const logo = osLogo({ os: 'Linux', distro });
      expect(logo?.title, distro).toBe(distro);
      expect(logo?.path, distro).not.toBe(siLinux.path);
    }
  });

  it('falls back to Tux for an unknown Linux, the OS mark for FreeBSD, and the generic mark otherwise', () => {
    expect(osLogo({ os: 'Linux' })?.path).toBe(siLinux.path);
    expect(osLogo({ os: 'FreeBSD' })?.path).toBe(siFreebsd.path);
    expect(osLogo({ os: 'Linux', distro: 'Oracle Linux 9' })?.path).toBe(siLinux.path);
    expect(osLogo({ os: 'Darwin', distro: 'macOS 15' })).toBeUndefined();
    expect(osLogo({})).toBeUndefined();
    expect(osDescription({})).toBe('OS not known');
    expect(osDescription({ os: 'Darwin', distro: 'macOS 15' })).toBe('macOS 15');
  });
});

/**
 * Which logo an instance or template gets, from the OS and distribution the main side reports
 * ("Ubuntu 24.04", "FreeBSD"). The marks are simple-icons' (CC0, kept up to date by that
 * project); anything else gets a generic mark, and a Linux guest whose distribution is not
 * known gets Tux.
 */
import { siAlmalinux, siAlpinelinux, siArchlinux, siCentos, siDebian, siFedora, siFreebsd, siLinux, siOpensuse, siRockylinux, siUbuntu } from 'simple-icons';

export interface OsLogo {
  /** What the logo stands for, for its accessible name. */
  title: string;
  /** SVG path data in a 24×24 box. */
  path: string;
  /** The brand colour, `#rrggbb`. */
  hex: string;
}

const BY_DISTRO: ReadonlyArray<[RegExp, { title: string; path: string; hex: string }]> = [
  [/^ubuntu/i, siUbuntu],
  [/^debian/i, siDebian],
  [/^fedora/i, siFedora],
  [/^alpine/i, siAlpinelinux],
  [/^arch/i, siArchlinux],
  [/^almalinux/i, siAlmalinux],
  [/^rocky/i, siRockylinux],
  [/^opensuse/i, siOpensuse],
  [/^centos/i, siCentos],
  [/^freebsd/i, siFreebsd],
];

/** The logo for an OS hint; undefined means the generic mark. */
export function osLogo(hint: { os?: string | undefined; distro?: string | undefined }): OsLogo | undefined {
  const { distro, os } = hint;
  if (distro) {
    for (const [pattern, icon] of BY_DISTRO) if (pattern.test(distro)) return { title: distro, path: icon.path, hex: `#${icon.hex}` };
  }
  if (os === 'FreeBSD') return { title: distro ?? 'FreeBSD', path: siFreebsd.path, hex: `#${siFreebsd.hex}` };
  if (os === 'Linux') return { title: distro ?? 'Linux', path: siLinux.path, hex: `#${siLinux.hex}` };
  return undefined;
}

/** What the generic mark stands for: the OS when known, else that nothing is known. */
export function osDescription(hint: { os?: string | undefined; distro?: string | undefined }): string {
  return hint.distro ?? hint.os ?? 'OS not known';
}

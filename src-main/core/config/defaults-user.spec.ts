import { describe, expect, it } from 'vitest';
import { guestHostname, versionAtLeast } from './defaults-user';

describe('versionAtLeast', () => {
  it.each<[string, string, boolean]>([
    ['2.1.0', '2.1.0', true],
    ['v2.1.0', '2.1.0', true],
    ['2.0.3', '2.1.0', false],
    ['10.0.0', '9.9.9', true],
    // git describe suffixes are not pre-releases: 1.1.1-114-g5bf5e513 counts as 1.1.1.
    ['1.1.1-114-g5bf5e513', '1.1.1', true],
    ['1.1.1-114-g5bf5e513', '1.1.2', false],
    // A directory made before Lima recorded versions.
    ['', '0.0.1', false],
    // A development build with no version number counts as new.
    ['<unknown>', '2.1.0', true],
  ])('%j >= %j is %s', (version, minimum, expected) => {
    expect(versionAtLeast(version, minimum)).toBe(expected);
  });
});

describe('guestHostname', () => {
  it.each([
    ['default', 'lima-default'],
    ['ubuntu-24.04', 'lima-ubuntu-24-04'],
    ['foo_bar.baz', 'lima-foo-bar-baz'],
  ])('%s → %s', (name, hostname) => {
    expect(guestHostname(name)).toBe(hostname);
  });
});

import semver from 'semver';

/** The Lima release whose lima.yaml, directory layout and rules Limadesk follows. */
export const LIMA_VERSION_COMPAT = '2.2.0';

/** `git describe` output: `1.1.1-114-g5bf5e513` is 114 commits after 1.1.1. */
const GIT_DESCRIBE = /^v?(\d+\.\d+\.\d+)-\d+-g[0-9a-f]+(?:-dirty)?$/;

/** Why a version is not semver (coreos/go-semver's wording, which Lima passes on), or undefined. */
export function semverProblem(version: string): string | undefined {
  return semver.valid(version.replace(/^v/, '')) ? undefined : `${version} is not in dotted-tri format`;
}

/**
 * Whether `current` is at least `minimum`. A git-describe version counts as later than the
 * release it describes, not as a pre-release of it, as in Lima's version comparison.
 */
export function versionAtLeastLima(current: string, minimum: string): boolean {
  const min = semver.valid(minimum.replace(/^v/, ''));
  if (!min) return true;
  const described = GIT_DESCRIBE.exec(current);
  const base = described ? described[1] : semver.valid(current.replace(/^v/, ''));
  if (!base) return false;
  return semver.gte(base, min);
}

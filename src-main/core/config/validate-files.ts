/** Checks shared by every file reference (images, kernels, firmware, archives) and disk names. */
import { formatFieldPath, type FieldPath } from './field-path';
import { ARCHES, type File } from './types';
import { q, type IssueSink } from './validate-context';

/** Encoded lengths of the algorithms Lima can verify (go-digest with sha256/384/512 linked in). */
const DIGEST_HEX_LENGTHS: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };
const DIGEST_SHAPE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** go-digest's verdict on a digest string, or undefined when it is valid. */
export function digestProblem(digest: string): string | undefined {
  const colon = digest.indexOf(':');
  if (colon <= 0 || colon + 1 === digest.length) return 'invalid checksum digest format';
  const algorithm = digest.slice(0, colon);
  const encoded = digest.slice(colon + 1);
  const length = DIGEST_HEX_LENGTHS[algorithm];
  if (length === undefined) return DIGEST_SHAPE.test(digest) ? 'unsupported digest algorithm' : 'invalid checksum digest format';
  if (!/^[a-f0-9]*$/.test(encoded)) return 'invalid checksum digest format';
  if (encoded.length !== length) return 'invalid checksum digest length';
  return undefined;
}

/** Like Lima's localpathutil.Expand: only `~` and `~/…` are expanded; `~user` is an error. */
export function expansionProblem(location: string): string | undefined {
  if (location === '') return 'empty path';
  if (location.startsWith('~') && location !== '~' && !location.startsWith('~/')) return `unexpandable path ${q(location)}`;
  return undefined;
}

export function validateFileObject(f: File | undefined, path: FieldPath, sink: IssueSink): void {
  const name = formatFieldPath(path);
  const location = f?.location ?? '';
  if (!location.includes('://')) {
    const problem = expansionProblem(location);
    if (problem) sink.error([...path, 'location'], `field \`${name}.location\` refers to an invalid local file path: ${q(location)}: ${problem}`);
  }
  const arch = f?.arch ?? '';
  if (!(ARCHES as readonly string[]).includes(arch)) {
    sink.error([...path, 'arch'], `field \`arch\` must be one of [${ARCHES.join(' ')}]; got ${q(arch)}`);
  }
  if (f?.digest) {
    const problem = digestProblem(f.digest);
    if (problem) sink.error([...path, 'digest'], `field \`${name}.digest\` is invalid: ${f.digest}: ${problem}`);
  }
}

const IDENTIFIER = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;
const IDENTIFIER_MAX = 76;

/** Lima's identifier grammar for instance and disk names. */
export function identifierProblem(s: string): string | undefined {
  if (s === '') return 'identifier must not be empty';
  if (s.length > IDENTIFIER_MAX) return `identifier must not be longer than ${IDENTIFIER_MAX} characters`;
  if (!IDENTIFIER.test(s)) return `identifier ${q(s)} must match ${IDENTIFIER.source}`;
  return undefined;
}

import { createHash, type Hash } from 'node:crypto';

export const DIGEST_ALGORITHMS = ['sha256', 'sha512'] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

const HEX_LENGTH: Record<DigestAlgorithm, number> = { sha256: 64, sha512: 128 };

/** A lima.yaml `digest:` value, e.g. `sha256:<64 hex>`. */
export interface ExpectedDigest {
  algorithm: DigestAlgorithm;
  hex: string;
  /** The canonical text, `<algo>:<hex>` in lower case, as stored in the cache's digest file. */
  text: string;
}

/** Parses a digest as Lima's go-digest does; `field` names where it came from for the error. */
export function parseDigest(value: string, field: string): ExpectedDigest {
  const m = /^([a-z0-9]+):([0-9a-fA-F]+)$/.exec(value.trim());
  const algorithm = m?.[1];
  const hex = m?.[2]?.toLowerCase();
  if (!algorithm || !hex) {
    throw new Error(`field \`${field}\`: invalid digest ${JSON.stringify(value)}: want "sha256:<hex>" or "sha512:<hex>"`);
  }
  if (!(DIGEST_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new Error(`field \`${field}\`: digest algorithm ${JSON.stringify(algorithm)} is not supported (use sha256 or sha512)`);
  }
  const algo = algorithm as DigestAlgorithm;
  if (hex.length !== HEX_LENGTH[algo]) {
    throw new Error(`field \`${field}\`: ${algo} digest must have ${HEX_LENGTH[algo]} hex digits, got ${hex.length}`);
  }
  return { algorithm: algo, hex, text: `${algo}:${hex}` };
}

export function createDigester(expected: ExpectedDigest): Hash {
  return createHash(expected.algorithm);
}

/** A download whose bytes do not hash to what lima.yaml promised. */
export class DigestMismatchError extends Error {
  constructor(
    readonly source: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`digest mismatch for ${source}: expected digest ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    this.name = 'DigestMismatchError';
  }
}

/** Compares a finished hash with the expected digest; throws DigestMismatchError naming `source`. */
export function checkDigest(hash: Hash, expected: ExpectedDigest, source: string): void {
  const actual = `${expected.algorithm}:${hash.digest('hex')}`;
  if (actual !== expected.text) throw new DigestMismatchError(source, expected.text, actual);
}

/**
 * Lima's rule for instance names, said once for every side: the store checks it before a
 * name becomes a directory, the API checks it on every request, and the renderer checks it
 * as the user types. A name becomes a directory under `$LIMA_HOME`, a hostname and part of
 * socket paths, so the rule is a safety check as much as a format one (no '/', no '..').
 */

/** Lima's limit, in UTF-8 bytes. */
export const INSTANCE_NAME_MAX_BYTES = 76;

/** Lima's identifier pattern; its Go source text is what limactl prints in its messages. */
export const INSTANCE_NAME_PATTERN = /^[A-Za-z0-9]+(?:[._-](?:[A-Za-z0-9]+))*$/;
const PATTERN_TEXT = '^[A-Za-z0-9]+(?:[._-](?:[A-Za-z0-9]+))*$';

export type InstanceNameProblem =
  | { kind: 'empty' }
  | { kind: 'too-long'; bytes: number }
  /** `characters` lists what may never appear; empty when only the arrangement is wrong (`-dev`, `a..b`). */
  | { kind: 'pattern'; characters: string[] }
  | { kind: 'yaml-suffix' };

function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** What is wrong with `name` as an instance name; undefined when Lima would accept it. */
export function instanceNameProblem(name: string): InstanceNameProblem | undefined {
  if (name === '') return { kind: 'empty' };
  const bytes = utf8Length(name);
  if (bytes > INSTANCE_NAME_MAX_BYTES) return { kind: 'too-long', bytes };
  if (!INSTANCE_NAME_PATTERN.test(name)) return { kind: 'pattern', characters: [...new Set(name.replace(/[A-Za-z0-9._-]/g, ''))] };
  const lower = name.toLowerCase();
  if (lower.endsWith('.yml') || lower.endsWith('.yaml')) return { kind: 'yaml-suffix' };
  return undefined;
}

/** Go's `%q`: a double-quoted string with escapes (JSON's escaping covers the printable cases). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** Go's `%#q`: backquoted when that needs no escaping, else `%q`. */
function goBackquote(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /[`\u0000-\u0008\u000a-\u001f\u007f]/.test(s) ? goQuote(s) : `\`${s}\``;
}

/** The problem in limactl's words, so a refusal reads the same from Limadesk and from Lima. */
export function limaInstanceNameMessage(name: string, problem: InstanceNameProblem): string {
  const prefix = `instance name ${goQuote(name)}`;
  switch (problem.kind) {
    case 'empty':
      return `${prefix} is not a valid identifier: identifier must not be empty`;
    case 'too-long':
      return `${prefix} is not a valid identifier: identifier ${goBackquote(name)} greater than maximum length (${INSTANCE_NAME_MAX_BYTES} characters)`;
    case 'pattern':
      return `${prefix} is not a valid identifier: identifier ${goBackquote(name)} must match ${PATTERN_TEXT}`;
    case 'yaml-suffix':
      return `${prefix} must not end with .yml or .yaml suffix`;
  }
}

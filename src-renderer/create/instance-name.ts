/**
 * Lima's rule for instance names, checked as the user types. The main side checks it again
 * (api-validate.ts); the renderer may import only types from common, so the rule is restated.
 */

const IDENTIFIER = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;
export const MAX_NAME_LENGTH = 76;

/** Why a name cannot be used, in words a person can act on; undefined when it is fine. */
export function instanceNameProblem(name: string, existing: readonly string[] = []): string | undefined {
  if (name === '') return 'Give the instance a name, e.g. dev.';
  if (name.length > MAX_NAME_LENGTH) return `A name has at most ${MAX_NAME_LENGTH} characters; this one has ${name.length}.`;
  const bad = [...new Set(name.replace(/[A-Za-z0-9._-]/g, ''))];
  if (bad.length > 0) {
    return `A name may hold only letters, digits, ".", "_" and "-"; remove ${bad.map((c) => (c === ' ' ? 'the space' : `"${c}"`)).join(', ')}.`;
  }
  if (!IDENTIFIER.test(name)) return 'A name starts and ends with a letter or digit, and ".", "_" or "-" come one at a time between them (e.g. dev-2).';
  if (existing.includes(name)) return `An instance named ${name} already exists; choose another name.`;
  return undefined;
}

/** The name Lima gives an instance made from a template or file: its base name, lower-cased, without .yaml. */
export function defaultInstanceName(source: string): string {
  const base = source.split(/[\\/]/).pop() ?? source;
  return base.replace(/\.ya?ml$/i, '').toLowerCase();
}

import { instanceNameProblem as limaNameProblem, INSTANCE_NAME_MAX_BYTES } from '../../src-main/common/instance-name';

/**
 * Lima's rule for instance names (said once, in common), explained as the user types, in
 * words a person can act on. The main side checks the same rule again on every request.
 */
export const MAX_NAME_LENGTH = INSTANCE_NAME_MAX_BYTES;

/** Why a name cannot be used; undefined when it is fine. */
export function instanceNameProblem(name: string, existing: readonly string[] = []): string | undefined {
  const problem = limaNameProblem(name);
  switch (problem?.kind) {
    case 'empty':
      return 'Give the instance a name, e.g. dev.';
    case 'too-long':
      return `A name has at most ${MAX_NAME_LENGTH} characters; this one has ${problem.bytes}.`;
    case 'pattern':
      if (problem.characters.length > 0) {
        const listed = problem.characters.map((c) => (c === ' ' ? 'the space' : `"${c}"`)).join(', ');
        return `A name may hold only letters, digits, ".", "_" and "-"; remove ${listed}.`;
      }
      return 'A name starts and ends with a letter or digit, and ".", "_" or "-" come one at a time between them (e.g. dev-2).';
    case 'yaml-suffix':
      return 'A name must not end with .yml or .yaml; drop the suffix.';
    case undefined:
      break;
  }
  if (existing.includes(name)) return `An instance named ${name} already exists; choose another name.`;
  return undefined;
}

/** The name Lima gives an instance made from a template or file: its base name, lower-cased, without .yaml. */
export function defaultInstanceName(source: string): string {
  const base = source.split(/[\\/]/).pop() ?? source;
  return base.replace(/\.ya?ml$/i, '').toLowerCase();
}

/**
 * What the Disks screen checks as the user types, in the words of the screen: a disk's name
 * follows the same identifier rule as an instance's (Lima checks both with one rule), and a
 * size is a number with a unit as `limactl disk create --size` reads it.
 */
import { instanceNameProblem as identifierProblem } from '../../src-main/common/instance-name';
import { MAX_NAME_LENGTH } from '../create/instance-name';
import { sizeInGiB } from '../create/limactl-command';

export function diskNameProblem(name: string, existing: readonly string[]): string | undefined {
  const problem = identifierProblem(name);
  switch (problem?.kind) {
    case 'empty':
      return 'Give the disk a name, e.g. data.';
    case 'too-long':
      return `A name has at most ${MAX_NAME_LENGTH} characters; this one has ${problem.bytes}.`;
    case 'pattern':
      if (problem.characters.length > 0) return `A name may hold only letters, digits, ".", "_" and "-"; remove ${problem.characters.map((c) => (c === ' ' ? 'the space' : `"${c}"`)).join(', ')}.`;
      return 'A name starts and ends with a letter or digit, and ".", "_" or "-" come one at a time between them (e.g. data-2).';
    default:
      break;
  }
  if (existing.includes(name)) return `A disk named ${name} already exists; choose another name.`;
  return undefined;
}

/** The size in bytes, or why it is not one. */
export function parseSize(text: string): { bytes: number } | { problem: string } {
  const gib = sizeInGiB(text);
  if (gib === undefined) return { problem: `"${text}" is not a size: write a number and a unit, e.g. 10GiB or 512MiB.` };
  if (gib <= 0) return { problem: 'A disk must be larger than 0 bytes.' };
  return { bytes: Math.round(gib * 1024 ** 3) };
}

/** A resize only grows. */
export function resizeProblem(text: string, currentBytes: number): string | undefined {
  const size = parseSize(text);
  if ('problem' in size) return size.problem;
  if (size.bytes <= currentBytes) return 'A disk only grows: give a size larger than it is now.';
  return undefined;
}
